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

// fixtureState is the state file a fresh sandbox writes, as a generic JSON object to edit.
func fixtureState(t *testing.T) map[string]any {
	t.Helper()
	path := filepath.Join(t.TempDir(), "state.json")
	srv, err := sandbox.New(sandbox.Config{StateFile: path})
	if err != nil {
		t.Fatal(err)
	}
	_ = srv.Close()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestStateFileRefusedWhole: a file that would not load whole is refused with the reason and left as it was
// (same bytes, same time, no temporary files beside it).
func TestStateFileRefusedWhole(t *testing.T) {
	t.Parallel()
	server := func(m map[string]any) map[string]any { return m["Servers"].([]any)[0].(map[string]any) }
	cases := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"servers null", func(m map[string]any) { m["Servers"] = nil }, "Servers is missing"},
		{"servers missing", func(m map[string]any) { delete(m, "Servers") }, "Servers is missing"},
		{"unknown top-level field", func(m map[string]any) { m["Extra"] = 1 }, `unknown field "Extra"`},
		{"unknown server field", func(m map[string]any) { server(m)["Colour"] = "red" }, `unknown field "Colour"`},
		{"gateway outside the fixture", func(m map[string]any) { server(m)["VpnGatewayId"] = "vpn-elsewhere" }, "which the fixture does not have"},
		{"region outside the fixture", func(m map[string]any) { server(m)["RegionId"] = "eu-central-1" }, "which the fixture does not have"},
		{"two servers on one gateway", func(m map[string]any) {
			second := map[string]any{}
			for k, v := range server(m) {
				second[k] = v
			}
			second["IpsecServerId"] = "iss-second"
			m["Servers"] = append(m["Servers"].([]any), second)
		}, "are both on gateway vpn-sandbox-hasserver"},
		{"server on a gateway that cannot hold one", func(m map[string]any) { server(m)["VpnGatewayId"] = sandbox.GatewayLegacy }, "cannot hold one (OperationUnsupported.IPsecServer)"},
		{"pool overlapping the VPC", func(m map[string]any) { server(m)["ClientIpPool"] = "172.19.5.0/24" }, "InvalidClientIpPool.Conflict"},
		{"unknown algorithm", func(m map[string]any) { server(m)["IkeConfig"].(map[string]any)["IkeEncAlg"] = "rot13" }, `IkeEncAlg "rot13"`},
		{"duplicate token", func(m map[string]any) {
			tok := map[string]any{"Key": "CreateIpsecServer\x00t", "Fingerprint": strings.Repeat("ab", 32),
				"Result": map[string]any{}, "At": "2026-01-02T03:04:05Z"}
			m["Tokens"] = []any{tok, tok}
		}, "listed twice"},
		{"format", func(m map[string]any) { m["Format"] = 99 }, "format 99"},
		{"runtime missing", func(m map[string]any) { delete(m, "Runtime") }, "Runtime is missing"},
		{"runtime in a format 1 file", func(m map[string]any) { m["Format"] = 1 }, "Runtime in a format 1 file"},
		{"a log line holding the key", func(m map[string]any) {
			log := runtime(m)["Log"].([]any)
			line := log[0].(map[string]any)
			line["Line"] = line["Line"].(string) + " " + sandbox.ExistingServerPsk
		}, "holds the pre-shared key"},
		{"log lines out of order", func(m map[string]any) {
			log := runtime(m)["Log"].([]any)
			log[0], log[1] = log[1], log[0]
		}, "in time order"},
		{"a client outside the pool", func(m map[string]any) {
			runtime(m)["Clients"].([]any)[0].(map[string]any)["VirtualIP"] = "10.99.0.1"
		}, "outside the pool"},
		{"two clients with one address", func(m map[string]any) {
			cl := runtime(m)["Clients"].([]any)
			cl[1].(map[string]any)["VirtualIP"] = cl[0].(map[string]any)["VirtualIP"]
		}, "virtual IP twice"},
		{"runtime of no server", func(m map[string]any) { runtime(m)["IpsecServerId"] = "iss-ghost" }, "belongs to no server"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := fixtureState(t)
			tc.edit(m)
			b, _ := json.MarshalIndent(m, "", "  ")
			dir := t.TempDir()
			path := filepath.Join(dir, "state.json")
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-time.Hour).Truncate(time.Second)
			_ = os.Chtimes(path, old, old)
			_, err := sandbox.New(sandbox.Config{StateFile: path})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "left untouched") {
				t.Fatalf("want a refusal naming %q, got %v", tc.want, err)
			}
			after, _ := os.ReadFile(path)
			info, _ := os.Stat(path)
			entries, _ := os.ReadDir(dir)
			if string(after) != string(b) || !info.ModTime().Equal(old) || len(entries) != 1 {
				t.Fatalf("the refused file was touched (mtime %v, %d entries)", info.ModTime(), len(entries))
			}
		})
	}
}

func runtime(m map[string]any) map[string]any { return m["Runtime"].([]any)[0].(map[string]any) }

// TestStateFileFormat1Loads: a file written before simulated clients existed still loads whole; its
// servers start without clients or log.
func TestStateFileFormat1Loads(t *testing.T) {
	t.Parallel()
	m := fixtureState(t)
	m["Format"] = 1
	delete(m, "Runtime")
	b, _ := json.Marshal(m)
	path := filepath.Join(t.TempDir(), "state.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := start(t, sandbox.Config{StateFile: path})
	if n := len(srv.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)); n != 1 {
		t.Fatalf("%d servers", n)
	}
	if got := srv.OnlineClients(sandbox.ExistingServerID); len(got) != 0 {
		t.Fatalf("clients from a format 1 file: %+v", got)
	}
	if after, _ := os.ReadFile(path); string(after) != string(b) {
		t.Fatal("loading rewrote the file")
	}
}

// TestStateFileSymlinkFollowed: writes replace the file a symlinked --state names; the link stays a link.
func TestStateFileSymlinkFollowed(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(dir, "real", "state.json")
	if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink("real/state.json", link); err != nil { // relative, and dangling at first
		t.Fatal(err)
	}
	cfg := sandbox.Config{StateFile: link, UpdatingDelay: -1}
	srv := start(t, cfg)
	created, err := v1(t, srv).CreateIpsecServer(createReq(sandbox.GatewayReady, "172.16.0.0/16", "192.168.0.0/24"))
	if err != nil {
		t.Fatal(err)
	}
	_ = srv.Close()
	if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the symlink was replaced: %v %v", info.Mode(), err)
	}
	if b, err := os.ReadFile(target); err != nil || !strings.Contains(string(b), created.IpsecServerId) {
		t.Fatalf("the link's target lacks the server: %v", err)
	}
	again := start(t, cfg)
	if got := again.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayReady); len(got) != 1 {
		t.Fatalf("after restart through the link: %+v", got)
	}
	if _, err := sandbox.New(sandbox.Config{StateFile: dir}); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("a directory as state file: %v", err)
	}
}
