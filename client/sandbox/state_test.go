package sandbox_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

func TestStateSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	cfg := sandbox.Config{StateFile: path, Settle: time.Hour, UpdatingDelay: -1}

	srv := start(t, cfg)
	req := createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24")
	req.ClientToken = "restart-token"
	first, err := v1(t, srv).CreateIpsecServer(req)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}

	// The file is complete JSON and no temp file is left behind.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "state.json" {
		t.Fatalf("dir holds %v", entries)
	}
	b, err := os.ReadFile(path)
	if err != nil || !json.Valid(b) {
		t.Fatalf("state file: %v %q", err, b)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("state file mode %v", info.Mode())
	}

	again := start(t, cfg)
	servers := again.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")
	if len(servers) != 1 || servers[0].IpsecServerId != first.IpsecServerId {
		t.Fatalf("after restart: %+v", servers)
	}
	if st, _ := again.GatewayStatus("cn-hangzhou", "vpn-sandbox-ready"); st != "updating" {
		t.Fatalf("the change's timing did not survive: %s", st)
	}
	// A retry after the restart finds the server the token made.
	req = createReq("vpn-sandbox-ready", "172.16.0.0/16", "192.168.0.0/24")
	req.ClientToken = "restart-token"
	replay, err := v1(t, again).CreateIpsecServer(req)
	if err != nil || replay.IpsecServerId != first.IpsecServerId {
		t.Fatalf("replay after restart: %v %+v", err, replay)
	}
	if n := len(again.IpsecServers("cn-hangzhou", "vpn-sandbox-ready")); n != 1 {
		t.Fatalf("%d servers", n)
	}
	// The fixture server of vpn-sandbox-hasserver is part of the state too.
	if n := len(again.IpsecServers("cn-hangzhou", "vpn-sandbox-hasserver")); n != 1 {
		t.Fatalf("hasserver holds %d servers", n)
	}
}

func TestStateFileErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	corrupt := filepath.Join(dir, "corrupt.json")
	if err := os.WriteFile(corrupt, []byte(`{"Format":1,"Servers":[`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sandbox.New(sandbox.Config{StateFile: corrupt}); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("corrupt file: %v", err)
	}
	if b, _ := os.ReadFile(corrupt); string(b) != `{"Format":1,"Servers":[` {
		t.Fatalf("the corrupt file was replaced: %q", b)
	}
	if _, err := sandbox.New(sandbox.Config{StateFile: filepath.Join(dir, "missing-dir", "s.json")}); err == nil {
		t.Fatal("an unwritable state path was accepted")
	}
	wrong := filepath.Join(dir, "wrong.json")
	_ = os.WriteFile(wrong, []byte(`{"Format":99}`), 0o600)
	if _, err := sandbox.New(sandbox.Config{StateFile: wrong}); err == nil {
		t.Fatal("an unknown format was accepted")
	}
}
