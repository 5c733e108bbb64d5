package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/client/sandbox"
)

// startUpdateRoot runs a root on the update flow of serverID, with the stub
// wizard (N renames, P changes the pool, S sends, D dry-runs).
func startUpdateRoot(t testing.TB, cfg Config, serverID string) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg = cfg.withDefaults()
	if cfg.newWizard == nil {
		cfg.newWizard = newStubWizard
	}
	c := newContext(cfg)
	r := newRoot(c, newUpdateFlow(ctx, c, cfg, serverID, nil))
	tm := teatest.NewTestModel(t, probed{r}, teatest.WithInitialTermSize(80, 24))
	h := &harness{t: t, tm: tm, root: r}
	t.Cleanup(func() { _ = tm.Quit() })
	return h
}

func startDeleteRoot(t testing.TB, cfg Config, serverID string, dryRun, confirmed bool) *harness {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	cfg = cfg.withDefaults()
	c := newContext(cfg)
	r := newRoot(c, newDeleteFlow(ctx, c, cfg, serverID, dryRun, confirmed))
	tm := teatest.NewTestModel(t, probed{r}, teatest.WithInitialTermSize(80, 24))
	h := &harness{t: t, tm: tm, root: r}
	t.Cleanup(func() { _ = tm.Quit() })
	return h
}

func hzTarget(sb *sandbox.Server) client.Target {
	return client.Target{Region: sandbox.RegionHangzhou, Endpoint: sb.Addr()}
}

func existingServer(t testing.TB, sb *sandbox.Server) sandbox.IpsecServerRecord {
	t.Helper()
	for _, s := range sb.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer) {
		if s.IpsecServerId == sandbox.ExistingServerID {
			return s
		}
	}
	t.Fatalf("the fixture server %s is gone", sandbox.ExistingServerID)
	return sandbox.IpsecServerRecord{}
}

// A rename is applied at once: no tracking, and the result says what
// changed.
func TestUpdateFlowRenameIsSynchronous(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startUpdateRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID)
	h.waitFor("STUB WIZARD", "gateway="+sandbox.GatewayHasServer)
	h.key("N")
	h.key("S")
	h.waitFor("What changed", "renamed-by-stub")
	if got := existingServer(t, sb).IpsecServerName; got != "renamed-by-stub" {
		t.Errorf("sandbox name %q", got)
	}
	if n := sb.RequestCount("UpdateIpsecServer"); n != 1 {
		t.Errorf("%d updates sent", n)
	}
	h.key("q")
	o := h.outcome()
	if o.ExitCode != client.ExitOK || o.Report.Kind != client.KindUpdate || o.Report.Watched {
		t.Fatalf("outcome %+v", o.Report)
	}
	if o.Report.Change == nil || o.Report.Change.ClientToken == "" || !o.Report.Change.Synchronous {
		t.Fatalf("change %+v", o.Report.Change)
	}
}

// A new pool puts the gateway to updating: the flow follows it until the
// server reads back as asked.
func TestUpdateFlowPoolIsTracked(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startUpdateRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID)
	h.waitFor("STUB WIZARD")
	h.key("P")
	h.key("S")
	h.waitForWithin(20e9, "What changed", "10.60.0.0/24")
	h.key("q")
	o := h.outcome()
	if o.ExitCode != client.ExitOK || !o.Report.Watched || !o.Report.Settled {
		t.Fatalf("exit %d, report %+v", o.ExitCode, o.Report)
	}
	if got := existingServer(t, sb).ClientIpPool; got != "10.60.0.0/24" {
		t.Errorf("sandbox pool %q", got)
	}
	if len(o.Report.Changes) != 1 || o.Report.Changes[0].Field != ipsec.FieldClientIPPool {
		t.Errorf("changes %+v", o.Report.Changes)
	}
}

// A DryRun of an update changes nothing and offers the real thing.
func TestUpdateFlowDryRun(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startUpdateRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID)
	h.waitFor("STUB WIZARD")
	h.key("P")
	h.key("D")
	h.waitFor("Precheck passed")
	if got := existingServer(t, sb).ClientIpPool; got != sandbox.ExistingServerPool {
		t.Fatalf("a dry run changed the pool to %q", got)
	}
	h.key("ctrl+c")
	h.outcome()
}

// An id the region does not hold: the loading screen says so, nothing is
// sent.
func TestUpdateFlowUnknownServer(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startUpdateRoot(t, Config{API: c, Target: hzTarget(sb)}, "iss-nope")
	h.waitFor("Could not read iss-nope", "InvalidIpsecServerId.NotFound")
	h.key("q")
	o := h.outcome()
	if o.ExitCode != client.ExitFailure || sb.RequestCount("UpdateIpsecServer") != 0 {
		t.Fatalf("exit %d, updates %d", o.ExitCode, sb.RequestCount("UpdateIpsecServer"))
	}
}

// The delete asks for the id typed back: a wrong one is refused and
// nothing is sent; the right one deletes and follows the gateway until the
// server is gone.
func TestDeleteFlowConfirmsThenTracks(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startDeleteRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID, false, false)
	h.waitFor("Delete IPsec server "+sandbox.ExistingServerID, "2 client(s) are online")
	for _, r := range "iss-wrong" {
		h.key(string(r))
	}
	h.key("enter")
	h.waitFor(`"iss-wrong" is not this server's id or name`)
	if n := sb.RequestCount("DeleteIpsecServer"); n != 0 {
		t.Fatalf("%d deletes sent before the confirmation", n)
	}
	for _, r := range sandbox.ExistingServerID {
		h.key(string(r))
	}
	h.key("enter")
	o := h.outcome()
	if o.ExitCode != client.ExitOK || !o.Report.Settled || o.Report.Kind != client.KindDelete {
		t.Fatalf("exit %d, report %+v", o.ExitCode, o.Report)
	}
	if got := sb.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer); len(got) != 0 {
		t.Fatalf("server still there: %+v", got)
	}
	if o.Report.Change == nil || o.Report.Change.ClientToken == "" {
		t.Fatalf("no ClientToken reported: %+v", o.Report.Change)
	}
}

// esc on the confirmation keeps the server.
func TestDeleteFlowEscKeeps(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startDeleteRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID, false, false)
	h.waitFor("Type the server's id")
	h.key("esc")
	o := h.outcome()
	if o.ExitCode != exitCanceled || sb.RequestCount("DeleteIpsecServer") != 0 {
		t.Fatalf("exit %d, deletes %d", o.ExitCode, sb.RequestCount("DeleteIpsecServer"))
	}
}

// A DryRun delete needs no confirmation and deletes nothing.
func TestDeleteFlowDryRun(t *testing.T) {
	t.Parallel()
	sb, c := startSandbox(t, sandbox.Config{})
	h := startDeleteRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID, true, false)
	h.waitFor("Precheck passed")
	if len(sb.IpsecServers(sandbox.RegionHangzhou, sandbox.GatewayHasServer)) != 1 {
		t.Fatal("a dry run deleted the server")
	}
	h.key("ctrl+c")
	h.outcome()
}

// A delete of a server whose deletion is already under way waits for the
// gateway, then finds it gone: exit 0, nothing sent.
func TestDeleteFlowWaitsForADeletionUnderWay(t *testing.T) {
	t.Parallel()
	sb, c, settle := busySandbox(t)
	srv, err := c.GetServer(context.Background(), "", sandbox.ExistingServerID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Apply(context.Background(), client.Change{Kind: client.KindDelete, Server: srv}); err != nil {
		t.Fatal(err)
	}
	h := startDeleteRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID, false, false)
	h.waitFor("Gateway "+sandbox.GatewayHasServer+" is updating", "nothing has been sent")
	settle()
	o := h.outcome()
	if o.ExitCode != client.ExitOK || o.Report.Change == nil || !o.Report.Change.AlreadyGone {
		t.Fatalf("exit %d, report %+v", o.ExitCode, o.Report)
	}
	if n := sb.RequestCount("DeleteIpsecServer"); n != 1 {
		t.Errorf("%d deletes sent, want only the first", n)
	}
	if !strings.Contains(o.Summary, "is gone: another request deleted it") {
		t.Errorf("summary:\n%s", o.Summary)
	}
}

// An update whose gateway is busy waits, then edits the server as it is
// after the other change.
func TestUpdateFlowWaitsForABusyGateway(t *testing.T) {
	t.Parallel()
	sb, c, settle := busySandbox(t)
	srv, err := c.GetServer(context.Background(), "", sandbox.ExistingServerID)
	if err != nil {
		t.Fatal(err)
	}
	spec := ipsec.SpecFromServer(srv)
	spec.ClientIpPool = "10.70.0.0/24"
	if _, err := c.Apply(context.Background(), client.Change{Kind: client.KindUpdate, Server: srv, Spec: spec}); err != nil {
		t.Fatal(err)
	}
	h := startUpdateRoot(t, Config{API: c, Target: hzTarget(sb)}, sandbox.ExistingServerID)
	h.waitFor("is updating: it is applying another change")
	settle()
	h.waitForWithin(20*time.Second, "STUB WIZARD", "gateway="+sandbox.GatewayHasServer)
	ok := h.inspect(func(r *root) {
		if got := r.flow.(*wizardFlow).server.ClientIpPool; got != "10.70.0.0/24" {
			t.Errorf("the wizard edits the server as it was before the wait (pool %s)", got)
		}
	})
	if !ok {
		t.Fatal("program ended")
	}
	h.key("ctrl+c")
	h.outcome()
}
