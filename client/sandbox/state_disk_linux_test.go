package sandbox_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// smallDisk mounts a 512 KiB tmpfs for the test: a real file system that really fills up. It needs root
// (CI runs as root); elsewhere the test says loudly that it did not run.
func smallDisk(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("SKIPPED: the full-disk test mounts a tmpfs and needs root (CI runs it as root)")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=512k"); err != nil {
		t.Skipf("SKIPPED: cannot mount a tmpfs on %s even as root: %v", dir, err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(dir, 0) })
	return dir
}

// fill writes until the file system is full and returns the filler's path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 1024)
	for i := 0; i < 1024; i++ {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling: %v", err)
			}
			return path
		}
	}
	t.Fatal("a 512 KiB tmpfs took 1 MiB")
	return ""
}

// TestFullDiskChangeIsRefusedNotLost: a change whose state cannot be written is answered with an error and
// not applied, so a restart cannot lose something the client was told is done.
func TestFullDiskChangeIsRefusedNotLost(t *testing.T) {
	dir := smallDisk(t)
	path := filepath.Join(dir, "state.json")
	log := &syncBuffer{}
	cfg := sandbox.Config{StateFile: path, UpdatingDelay: -1, Log: log}
	srv := start(t, cfg)
	c := v1(t, srv)
	filler := fill(t, dir)

	_, err := c.CreateIpsecServer(createReq(sandbox.GatewayReady, "172.16.0.0/16", "192.168.0.0/24"))
	wantCode(t, err, "ServiceUnavailable", 503)
	if n := len(srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)); n != 0 {
		t.Fatalf("the refused create left %d servers in memory", n)
	}
	if st, _ := srv.GatewayStatus(sandbox.RegionHangzhou, sandbox.GatewayReady); st != "active" {
		t.Fatalf("the refused create left the gateway %s", st)
	}
	del := deleteReq(sandbox.ExistingServerID)
	_, err = c.DeleteIpsecServer(del)
	wantCode(t, err, "ServiceUnavailable", 503)
	if n := len(srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)); n != 1 {
		t.Fatalf("the refused delete removed the server")
	}
	if !strings.Contains(log.String(), "rollback=true") {
		t.Errorf("the rollback is not logged:\n%s", log.String())
	}
	// Checks that write nothing still answer: a DryRun, a read.
	dry := createReq(sandbox.GatewayReady, "172.16.0.0/16", "192.168.0.0/24")
	dry.DryRun = "true"
	_, err = c.CreateIpsecServer(dry)
	wantCode(t, err, "DryRunOperation", 400)
	if _, err := c.DescribeVpnGateway(describeReq(sandbox.GatewayReady)); err != nil {
		t.Fatalf("a read on a full disk: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	// After a restart (the disk still full: loading writes nothing) nothing refused is there.
	again := start(t, cfg)
	if n := len(again.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady)); n != 0 {
		t.Fatalf("after restart: %d servers on the ready gateway", n)
	}
	if n := len(again.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)); n != 1 {
		t.Fatalf("after restart: %d servers on the hasserver gateway", n)
	}
	// With room again the same create succeeds and survives.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	created, err := v1(t, again).CreateIpsecServer(createReq(sandbox.GatewayReady, "172.16.0.0/16", "192.168.0.0/24"))
	if err != nil {
		t.Fatalf("create with room: %v", err)
	}
	if err := again.Close(); err != nil {
		t.Fatal(err)
	}
	third := start(t, cfg)
	if got := third.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady); len(got) != 1 || got[0].IpsecServerId != created.IpsecServerId {
		t.Fatalf("the acknowledged create did not survive: %+v", got)
	}
}
