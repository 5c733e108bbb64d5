package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// --save-answers writes a new file: an existing one is replaced only with
// --force (and keeps nothing of the old), a symbolic link never, and a
// refusal comes before anything is sent, on both the scripted and the
// wizard path.
func TestSaveAnswersNeverClobbers(t *testing.T) {
	t.Parallel()
	sb := newSandbox(t, 300*time.Millisecond)
	home := t.TempDir()
	dir := t.TempDir()
	const old = "unrelated notes\n"
	noInput := func(extra ...string) []string {
		return sb.args(cat([]string{"--no-input", "--dry-run"}, required(), extra)...)
	}

	existing := writeFile(t, dir, "notes.txt", old, 0o644)
	r := runCLI(t, "", sb.env(home), noInput("--save-answers", existing)...)
	expect(t, r, 2, "--save-answers: "+existing+" already exists: choose a new file, or pass --force to replace it")
	if b, _ := os.ReadFile(existing); string(b) != old {
		t.Errorf("the existing file was changed: %q", b)
	}
	if fi, _ := os.Stat(existing); fi.Mode().Perm() != 0o644 {
		t.Errorf("the existing file's mode was changed to %v", fi.Mode().Perm())
	}
	if n := sb.RequestCount("DescribeVpnGateway"); n != 0 {
		t.Errorf("%d calls went out before the refusal", n)
	}

	target := writeFile(t, dir, "target.txt", old, 0o644)
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	r = runCLI(t, "", sb.env(home), noInput("--save-answers", link, "--force")...)
	expect(t, r, 2, "--save-answers: "+link+" is a symbolic link: name the file itself")
	if b, _ := os.ReadFile(target); string(b) != old {
		t.Errorf("the link's target was written: %q", b)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v %v", fi, err)
	}

	r = runCLI(t, "", sb.env(home), noInput("--save-answers", existing, "--force")...)
	expect(t, r, 0, "Answers saved to "+existing)
	b, _ := os.ReadFile(existing)
	if !strings.Contains(string(b), `"VpnGatewayId": "`+readyGW+`"`) || strings.Contains(string(b), "unrelated") {
		t.Errorf("--force did not replace the file with the answers:\n%s", b)
	}
	if fi, _ := os.Stat(existing); fi.Mode().Perm() != 0o600 {
		t.Errorf("a replaced answers file has mode %v, want 0600", fi.Mode().Perm())
	}

	fresh := filepath.Join(dir, "new.json")
	r = runCLI(t, "", sb.env(home), noInput("--save-answers", fresh)...)
	expect(t, r, 0, "Answers saved to "+fresh)

	// The wizard checks before it starts, not after the run.
	p := startPTY(t, cleanEnv(t.TempDir()), 100, 30, "--sandbox", "--save-answers", link)
	if code := p.wait(15 * time.Second); code != 2 {
		t.Fatalf("wizard: exit %d\nscreen:\n%s", code, p.screen())
	}
	if !strings.Contains(p.rawText(), "is a symbolic link") || strings.Contains(p.rawText(), "Step 1 of") {
		t.Errorf("the wizard started, or gave no reason:\n%s", p.rawText())
	}
}
