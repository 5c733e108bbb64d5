package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// fullDisk mounts a 4 KiB tmpfs and fills it, for the test's life. It
// needs root (CI runs as root); elsewhere the test is skipped, saying why.
func fullDisk(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("SKIPPED: the full-disk test needs root to mount a 4 KiB tmpfs (CI runs it as root)")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("SKIPPED: cannot mount a tmpfs here (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1024)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the tmpfs: %v", err)
			}
			return dir
		}
	}
}

// A generated key that cannot be written (the disk is full) leaves no file
// behind: the run says why, sends nothing, and once there is room the same
// command works instead of calling the path taken.
func TestGeneratedKeyOnAFullDisk(t *testing.T) {
	t.Parallel()
	dir := fullDisk(t)
	path := filepath.Join(dir, "office.psk")
	if err := writeNewSecretFile(path, []byte("k\n")); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("writing to a full disk: %v, want ENOSPC", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a partial key file was left behind (%v)", err)
	}

	args := cat([]string{"--sandbox", "--no-input", "--no-wait", "--generate-psk", "--psk-file", path}, required())
	r := runCLI(t, "", cleanEnv(t.TempDir()), args...)
	expect(t, r, 2, "--psk-file: ", "no space left on device")
	if _, err := os.Lstat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a partial key file was left behind by the run (%v)", err)
	}
	if strings.Contains(r.stderr, "Sending CreateIpsecServer") {
		t.Errorf("the create was sent with a key that could not be kept:\n%s", r.stderr)
	}
	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", cleanEnv(t.TempDir()), args...)
	expect(t, r, 0, "Generated pre-shared key written to "+path)
}
