package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
)

// writeFileAtomic writes data so that a reader (or a crash) sees the old file
// or the new one, never half of it; the file is created with perm.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(perm); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// writeNewSecretFile writes a secret to a file that must not exist yet, so a
// generated key never overwrites another one.
func writeNewSecretFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists: choose a new file for the generated key", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeExportFile writes a rendering to path with its mode (0600 when it
// holds the key). An existing file is replaced only with force, and a
// symlink never: the file written is always the one named.
func writeExportFile(path string, r export.Rendering, force bool) error {
	if fi, err := os.Lstat(path); err == nil {
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			return usageErrorf("--export-file: %s is a symbolic link: name the file itself", path)
		case !force:
			return usageErrorf("--export-file: %s already exists: choose a new file, or pass --force to replace it", path)
		}
	}
	if err := writeFileAtomic(path, r.Data, r.FileMode()); err != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("--export-file: %w", err)}
	}
	return nil
}
