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
// generated key never overwrites another one. A write that fails (a full
// disk) removes the file it created: a partial key is no key, and left
// behind it would make the next run say "already exists".
func writeNewSecretFile(path string, data []byte) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists: choose a new file for the generated key", path)
	}
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(path)
		}
	}()
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	// Sync: a full disk may only say so when the data is flushed.
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// checkOutputPath refuses a path that flag would write for a file ipsecwiz
// owns (an export, the answers): a symbolic link always (the file written is
// always the one named, never one a link points at), an existing file
// unless force, anything but a regular file even then, and a directory that
// does not exist.
func checkOutputPath(flag, path string, force bool) error {
	fi, err := os.Lstat(path)
	switch {
	case err == nil && fi.Mode()&os.ModeSymlink != 0:
		return usageErrorf("%s: %s is a symbolic link: name the file itself", flag, path)
	case err == nil && !fi.Mode().IsRegular():
		return usageErrorf("%s: %s is %s: name a file", flag, path, describeMode(fi.Mode()))
	case err == nil && !force:
		return usageErrorf("%s: %s already exists: choose a new file, or pass --force to replace it", flag, path)
	case err == nil:
		return nil
	}
	if di, err := os.Stat(filepath.Dir(path)); err != nil || !di.IsDir() {
		return usageErrorf("%s: the directory of %s does not exist", flag, path)
	}
	return nil
}

// writeExportFile writes a rendering to path with its mode (0600 when it
// holds the key). An existing file is replaced only with force, and a
// symlink never: the file written is always the one named.
func writeExportFile(path string, r export.Rendering, force bool) error {
	if err := checkOutputPath("--export-file", path, force); err != nil {
		return err
	}
	if err := writeFileAtomic(path, r.Data, r.FileMode()); err != nil {
		return &exitError{code: client.ExitFailure, err: fmt.Errorf("--export-file: %w", err)}
	}
	return nil
}
