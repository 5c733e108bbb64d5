package export_test

import (
	"encoding/base64"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/export/internal/swantest"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// The interop test holds the strongSwan export against real strongSwan:
// per case, a responder charon configured as Alibaba's IPsec server is from
// the server's settings (exactly its proposals, its key, LocalId, the client
// pool as virtual IPs, the local subnets as its traffic selectors), and an
// initiator charon that loads ipsecwiz's export as written. Cases combine
// values so that each value of each proposal field the wizard offers appears
// at least once; negative controls prove that a server with another key or
// another proposal refuses the export, and that the awkward keys would have
// failed with the old encoding of the secret.

// TestMain lets the interop cases run side by side: they wait on network
// timers, not on the CPU, so the default of one parallel test per core
// would make the run several times longer than it needs to be.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = flag.Set("test.parallel", "12")
	}
	os.Exit(m.Run())
}

// The server's side, written from the reference's keyword table rather than
// the export's, so a wrong mapping in the export cannot hide behind the
// same wrong mapping here.
var (
	refEnc = map[string]string{"aes": "aes128", "aes192": "aes192", "aes256": "aes256", "des": "des", "3des": "3des"}
	refDH  = map[string]string{"group1": "modp768", "group2": "modp1024", "group5": "modp1536", "group14": "modp2048"}
)

// What vici reports once negotiated.
var (
	viciEnc = map[string][2]string{"aes": {"AES_CBC", "128"}, "aes192": {"AES_CBC", "192"}, "aes256": {"AES_CBC", "256"},
		"des": {"DES_CBC", ""}, "3des": {"3DES_CBC", ""}}
	viciInteg = map[string]string{"md5": "HMAC_MD5_96", "sha1": "HMAC_SHA1_96", "sha256": "HMAC_SHA2_256_128",
		"sha384": "HMAC_SHA2_384_192", "sha512": "HMAC_SHA2_512_256"}
	viciPRF = map[string]string{"md5": "PRF_HMAC_MD5", "sha1": "PRF_HMAC_SHA1", "sha256": "PRF_HMAC_SHA2_256",
		"sha384": "PRF_HMAC_SHA2_384", "sha512": "PRF_HMAC_SHA2_512"}
	viciDH = map[string]string{"group1": "MODP_768", "group2": "MODP_1024", "group5": "MODP_1536", "group14": "MODP_2048"}
)

// serverConf is the responder: the server as Alibaba runs it. It does not
// rekey CHILD_SAs itself and drops them when their lifetime ends (so a
// client that rekeys late loses the tunnel), and rekeys the IKE SA at its
// lifetime. encap forces UDP encapsulation (as a NAT on the way would),
// which kernel-libipsec needs.
func serverConf(spec ipsec.ServerSpec, key string) []byte {
	ike, phase2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	version := "2"
	if ike.IkeVersion == "ikev1" {
		version = "1"
	}
	localID, remoteID := ike.LocalId, ike.RemoteId
	if localID == "" {
		localID = swantest.ServerAddr // the service's default: the gateway's public IP
	}
	if remoteID == "" {
		remoteID = "%any"
	}
	esp := refEnc[phase2.IpsecEncAlg] + "-" + phase2.IpsecAuthAlg
	if phase2.IpsecPfs != "disabled" {
		esp += "-" + refDH[phase2.IpsecPfs]
	}
	w("connections {\n  server {")
	w("    version = %s", version)
	if ike.IkeMode == "aggressive" {
		w("    aggressive = yes")
	}
	w("    local_addrs = %s", swantest.ServerAddr)
	w("    proposals = %s-%s-%s", refEnc[ike.IkeEncAlg], ike.IkeAuthAlg, refDH[ike.IkePfs])
	w("    pools = clients")
	w("    encap = yes")
	if version == "2" {
		w("    rekey_time = %ds", ike.IkeLifetime)
	} else {
		w("    rekey_time = 0s")
	}
	w("    reauth_time = 0s")
	w("    rand_time = 0s")
	w("    local {\n      auth = psk\n      id = %s\n    }", localID)
	w("    remote {\n      auth = psk\n      id = %s\n    }", remoteID)
	w("    children {\n      server {")
	w("        local_ts = %s", spec.LocalSubnet.String())
	w("        esp_proposals = %s", esp)
	w("        rekey_time = 0s")
	w("        rand_time = 0s")
	if phase2.IpsecLifetime > 0 {
		w("        life_time = %ds", phase2.IpsecLifetime)
	}
	w("      }\n    }\n  }\n}")
	w("pools {\n  clients {\n    addrs = %s\n  }\n}", spec.ClientIpPool)
	w("secrets {\n  ike-server {\n    secret = \"0s%s\"\n  }\n}", base64.StdEncoding.EncodeToString([]byte(key)))
	return []byte(b.String())
}

type interopCase struct {
	name    string
	ike     ipsec.IkeConfig
	phase2  ipsec.IpsecConfig
	subnets []string
	key     string
	// rekey: lifetimes short enough to watch the client rekey before the
	// server drops its SAs.
	rekey bool
}

// Each value of each field the wizard offers, at least once. Awkward keys:
// a leading 0x (valid hex) and a leading 0s (valid base64), which swanctl
// would decode; quotes, backslashes, spaces, #, $ and braces; 100
// characters.
var interopCases = []interopCase{
	{name: "v2-rekey", rekey: true, key: "rekey-key",
		ike:     ipsec.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes", IkeAuthAlg: "sha1", IkePfs: "group14", IkeLifetime: 16},
		phase2:  ipsec.IpsecConfig{IpsecEncAlg: "aes", IpsecAuthAlg: "sha1", IpsecPfs: "group14", IpsecLifetime: 10},
		subnets: []string{"172.16.0.0/16"}},
	{name: "v2-service-default", key: "0xdeadbeef00112233",
		ike: ipsec.ServiceDefaultIke(), phase2: ipsec.ServiceDefaultIpsec(),
		subnets: []string{"172.16.0.0/16", "10.10.0.0/16"}},
	{name: "v2-recommended-fqdn", key: "0sSGVsbG8sIFdvcmxkIQ==",
		ike: ipsec.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes256", IkeAuthAlg: "sha256", IkePfs: "group14",
			IkeLifetime: 86400, LocalId: "vpn.example.com", RemoteId: "laptop.example.com"},
		phase2:  ipsec.RecommendedIpsec(),
		subnets: []string{"10.20.30.0/24"}},
	{name: "v2-aes192", key: `it's a "quoted" \back\slash key # not a comment $HOME {}`,
		ike:     ipsec.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes192", IkeAuthAlg: "sha384", IkePfs: "group5", IkeLifetime: 3600},
		phase2:  ipsec.IpsecConfig{IpsecEncAlg: "aes192", IpsecAuthAlg: "sha384", IpsecPfs: "group5", IpsecLifetime: 1800},
		subnets: []string{"172.16.0.0/16"}},
	{name: "v2-des-md5", key: strings.Repeat(`K3y!"#$%&'()*+,-./:;<=>?@[\]^_{|}~`, 3)[:100],
		ike:     ipsec.IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "des", IkeAuthAlg: "md5", IkePfs: "group1", IkeLifetime: 86400},
		phase2:  ipsec.IpsecConfig{IpsecEncAlg: "des", IpsecAuthAlg: "md5", IpsecPfs: "group1", IpsecLifetime: 86400},
		subnets: []string{"10.10.0.0/16"}},
	{name: "v1-main-3des", key: "simple-key-1",
		ike: ipsec.IkeConfig{IkeVersion: "ikev1", IkeMode: "main", IkeEncAlg: "3des", IkeAuthAlg: "sha512", IkePfs: "group14",
			IkeLifetime: 0, LocalId: "198.51.100.7"},
		phase2:  ipsec.IpsecConfig{IpsecEncAlg: "3des", IpsecAuthAlg: "sha512", IpsecPfs: "disabled", IpsecLifetime: 0},
		subnets: []string{"172.16.0.0/16", "10.10.0.0/16", "10.20.30.0/24"}},
	{name: "v1-aggressive-fqdn", key: "Aggr3ssive!Key",
		ike: ipsec.IkeConfig{IkeVersion: "ikev1", IkeMode: "aggressive", IkeEncAlg: "aes", IkeAuthAlg: "sha256", IkePfs: "group2",
			IkeLifetime: 86400, LocalId: "gw.example.net", RemoteId: "client.example.net"},
		phase2:  ipsec.IpsecConfig{IpsecEncAlg: "aes256", IpsecAuthAlg: "md5", IpsecPfs: "group14", IpsecLifetime: 86400},
		subnets: []string{"172.16.0.0/16", "10.20.30.0/24"}},
}

func interopSpec(tc interopCase) ipsec.ServerSpec {
	spec := ipsec.NewServerSpec()
	spec.VpnGatewayId = "vpn-interop"
	spec.ClientIpPool = "192.168.0.0/24"
	spec.LocalSubnet = tc.subnets
	spec.Psk = ipsec.Secret(tc.key)
	ike, phase2 := tc.ike, tc.phase2
	spec.IkeConfig, spec.IpsecConfig = &ike, &phase2
	return spec
}

// hostIn is the first address of a subnet, the host the test pings.
func hostIn(cidr string) string { return netip.MustParsePrefix(cidr).Addr().Next().String() }

func hosts(subnets []string) []string {
	out := make([]string, len(subnets))
	for i, s := range subnets {
		out[i] = hostIn(s)
	}
	return out
}

// render is the export as a user gets it: the key included.
func render(t *testing.T, spec ipsec.ServerSpec) []byte {
	t.Helper()
	b, err := export.StrongSwan(export.Input{Spec: spec, Gateway: ipsec.Gateway{InternetIp: swantest.ServerAddr}, IncludeKey: true})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInterop(t *testing.T) {
	tools := swantest.Require(t)
	for _, tc := range interopCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			spec := interopSpec(tc)
			lab := swantest.NewLab(t, tools, hosts(tc.subnets))
			dumpOnFailure(t, lab, tc.key)
			load(t, lab.Server, serverConf(spec, tc.key))
			load(t, lab.Client, render(t, spec))
			checkConnected(t, lab, spec, tc)
		})
	}
}

// checkConnected: the IKE SA and a CHILD_SA per child established with
// exactly the expected algorithms, the identities, a virtual IP from the
// pool, a ping to every subnet; then a rekey (PFS group, traffic after it)
// and, for the rekey case, the client's own rekeying under the server's
// lifetimes.
func checkConnected(t *testing.T, lab *swantest.Lab, spec ipsec.ServerSpec, tc interopCase) {
	ike, phase2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	ikev1 := ike.IkeVersion == "ikev1"
	children := []string{"ipsecwiz"}
	if ikev1 && len(tc.subnets) > 1 {
		children = nil
		for i := range tc.subnets {
			children = append(children, fmt.Sprintf("ipsecwiz-%d", i+1))
		}
	}
	sa := waitEstablished(t, lab.Client, children)
	established := time.Now()

	want := map[string]string{
		"version": map[bool]string{true: "1", false: "2"}[ikev1], "encr-alg": viciEnc[ike.IkeEncAlg][0],
		"encr-keysize": viciEnc[ike.IkeEncAlg][1], "integ-alg": viciInteg[ike.IkeAuthAlg],
		"prf-alg": viciPRF[ike.IkeAuthAlg], "dh-group": viciDH[ike.IkePfs],
		"local-id": or(ike.RemoteId, swantest.ClientAddr), "remote-id": or(ike.LocalId, swantest.ServerAddr),
		"remote-host": swantest.ServerAddr,
	}
	for k, v := range want {
		if got := sa.Str(k); got != v {
			t.Errorf("IKE SA %s = %q, want %q", k, got, v)
		}
	}
	vips := sa.List("local-vips")
	pool := netip.MustParsePrefix(spec.ClientIpPool)
	if len(vips) != 1 || !pool.Contains(netip.MustParseAddr(vips[0])) {
		t.Errorf("virtual IPs %v, want one from %s", vips, pool)
	}
	installed := swantest.Children(sa)
	for i, name := range children {
		ch := installed[name]
		checkChild(t, ch, phase2, ikev1)
		ts := strings.Join(tc.subnets, " ")
		if ikev1 && len(children) > 1 {
			ts = tc.subnets[i]
		}
		if got := strings.Join(ch.List("remote-ts"), " "); !sameSet(got, ts) {
			t.Errorf("child %s remote-ts %q, want %q", name, got, ts)
		}
		if len(vips) == 1 && strings.Join(ch.List("local-ts"), " ") != vips[0]+"/32" {
			t.Errorf("child %s local-ts %v, want %s/32", name, ch.List("local-ts"), vips[0])
		}
		// The client plans to rekey before the server's lifetime ends.
		lifetime := phase2.IpsecLifetime
		if lifetime == 0 {
			lifetime = ipsec.DefaultLifetime
		}
		if r := atoi(ch.Str("rekey-time")); r <= 0 || r > lifetime*4/5 {
			t.Errorf("child %s rekeys in %ss, want within 80%% of the server's %ds", name, ch.Str("rekey-time"), lifetime)
		}
	}
	pingAll(t, lab, tc.subnets)
	checkNoKeyInArgv(t, tc.key)

	// A rekey now: the PFS group is negotiated (IKEv2's first CHILD_SA has
	// none), and traffic still flows.
	first := children[0]
	old := installed[first].Str("uniqueid")
	if err := lab.Client.Rekey(first); err != nil {
		t.Fatal(err)
	}
	sa = waitSA(t, lab.Client, "the rekeyed CHILD_SA "+first, func(sa swantest.Msg) bool {
		ch, ok := swantest.Children(sa)[first]
		return ok && ch.Str("uniqueid") != old
	})
	ch := swantest.Children(sa)[first]
	checkChild(t, ch, phase2, true)
	pingAll(t, lab, tc.subnets)

	if tc.rekey {
		checkLifetimeRekeys(t, lab, spec, tc, established)
	}
}

// checkChild checks a CHILD_SA's algorithms; withDH: its creation ran a DH
// exchange when PFS is on (IKEv1 quick mode, any rekey).
func checkChild(t *testing.T, ch swantest.Msg, phase2 ipsec.IpsecConfig, withDH bool) {
	t.Helper()
	if ch == nil {
		t.Fatal("child missing")
	}
	dh := ""
	if withDH && phase2.IpsecPfs != "disabled" {
		dh = viciDH[phase2.IpsecPfs]
	}
	for k, v := range map[string]string{"protocol": "ESP", "mode": "TUNNEL", "encr-alg": viciEnc[phase2.IpsecEncAlg][0],
		"encr-keysize": viciEnc[phase2.IpsecEncAlg][1], "integ-alg": viciInteg[phase2.IpsecAuthAlg], "dh-group": dh} {
		if got := ch.Str(k); got != v {
			t.Errorf("child %s %s = %q, want %q", ch.Str("name"), k, got, v)
		}
	}
}

// checkLifetimeRekeys watches past both of the server's lifetimes: the
// server never rekeys a CHILD_SA and drops it at its lifetime, so a tunnel
// that stays up all along (the server holds an installed CHILD_SA younger
// than its lifetime at every look) was kept up by the client's rekeying;
// the IKE SA, too, is rekeyed by the client (initiator of the new SA)
// before the server would.
func checkLifetimeRekeys(t *testing.T, lab *swantest.Lab, spec ipsec.ServerSpec, tc interopCase, established time.Time) {
	ike, phase2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	until := established.Add(time.Duration(max(ike.IkeLifetime, phase2.IpsecLifetime)+2) * time.Second)
	firstIKE := ""
	if sas, err := lab.Client.SAs(); err == nil && len(sas) == 1 {
		firstIKE = sas[0].Str("uniqueid")
	}
	childRekeys := map[string]bool{}
	for time.Now().Before(until) {
		sas, err := lab.Server.SAs()
		if err != nil {
			t.Fatal(err)
		}
		var child swantest.Msg
		for _, sa := range sas {
			if ch, ok := swantest.Children(sa)["server"]; ok {
				child = ch
			}
		}
		if child == nil {
			t.Fatalf("%s after establishing: the server holds no CHILD_SA (the client did not rekey in time)", time.Since(established).Round(time.Second))
		}
		if age := atoi(child.Str("install-time")); age >= phase2.IpsecLifetime {
			t.Fatalf("the server's CHILD_SA is %ds old, at or past its lifetime of %ds", age, phase2.IpsecLifetime)
		}
		childRekeys[child.Str("uniqueid")] = true
		time.Sleep(200 * time.Millisecond) // the look interval
	}
	if len(childRekeys) < 2 {
		t.Errorf("the CHILD_SA was never rekeyed over %ds: %v", phase2.IpsecLifetime+2, childRekeys)
	}
	sas, err := lab.Client.SAs()
	if err != nil || len(sas) != 1 {
		t.Fatalf("client SAs: %v, %v", len(sas), err)
	}
	if sas[0].Str("uniqueid") == firstIKE || sas[0].Str("initiator") != "yes" {
		t.Errorf("the IKE SA was not rekeyed by the client before the server's %ds: uniqueid %s (first %s), initiator %s",
			ike.IkeLifetime, sas[0].Str("uniqueid"), firstIKE, sas[0].Str("initiator"))
	}
	pingAll(t, lab, tc.subnets)
}

// The negative controls: the export must not connect to a server that
// differs, and the old encoding of the awkward keys must fail.
func TestInteropRefused(t *testing.T) {
	tools := swantest.Require(t)
	base := interopCase{key: "the-right-key", ike: ipsec.RecommendedIke(), phase2: ipsec.RecommendedIpsec(),
		subnets: []string{"172.16.0.0/16"}}
	otherProposal := base
	otherProposal.ike.IkeEncAlg = "aes"
	for _, tc := range []struct {
		name           string
		client, server interopCase
		serverKey      string
		legacy         bool   // the export with the key written the old way
		clientLog      string // the refusal as the client logs it
	}{
		{name: "other-key", client: base, server: base, serverKey: "another-key", clientLog: "received AUTHENTICATION_FAILED notify error"},
		{name: "other-proposal", client: base, server: otherProposal, serverKey: base.key, clientLog: "received NO_PROPOSAL_CHOSEN notify error"},
		{name: "legacy-0x-key", client: withKey(base, interopCases[1].key), server: withKey(base, interopCases[1].key),
			serverKey: interopCases[1].key, legacy: true, clientLog: "received AUTHENTICATION_FAILED notify error"},
		{name: "legacy-0s-key", client: withKey(base, interopCases[2].key), server: withKey(base, interopCases[2].key),
			serverKey: interopCases[2].key, legacy: true, clientLog: "received AUTHENTICATION_FAILED notify error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			lab := swantest.NewLab(t, tools, hosts(tc.client.subnets))
			dumpOnFailure(t, lab, tc.client.key, tc.serverKey)
			load(t, lab.Server, serverConf(interopSpec(tc.server), tc.serverKey))
			conf := render(t, interopSpec(tc.client))
			if tc.legacy {
				conf = legacySecret(t, conf, tc.client.key)
			}
			load(t, lab.Client, conf)
			err := swantest.Wait(time.Now().Add(20*time.Second), "the refusal in the client's log", func() (bool, error) {
				return strings.Contains(lab.Client.Log(), tc.clientLog), nil
			})
			if err != nil {
				t.Fatal(err)
			}
			sas, err := lab.Client.SAs()
			if err != nil {
				t.Fatal(err)
			}
			for _, sa := range sas {
				if sa.Str("state") == "ESTABLISHED" {
					t.Errorf("an IKE SA was established against the differing server: %v", sa)
				}
			}
			if strings.Contains(tc.clientLog, "AUTHENTICATION_FAILED") && !strings.Contains(lab.Server.Log(), "MAC mismatched") {
				t.Errorf("the server did not log the key mismatch")
			}
		})
	}
}

func withKey(tc interopCase, key string) interopCase { tc.key = key; return tc }

// legacySecret rewrites the export's secret the way ipsecwiz wrote it
// before (quoted as it is unless it held a quote, backslash or line break).
func legacySecret(t *testing.T, conf []byte, key string) []byte {
	t.Helper()
	if strings.ContainsAny(key, "\"\\\n\r") {
		t.Fatalf("the old encoding used base64 for this key too")
	}
	newLine := `secret = "0s` + base64.StdEncoding.EncodeToString([]byte(key)) + `"`
	if !strings.Contains(string(conf), newLine) {
		t.Fatalf("the export does not hold the key as 0s + base64")
	}
	return []byte(strings.Replace(string(conf), newLine, `secret = "`+key+`"`, 1))
}

func load(t *testing.T, c *swantest.Charon, conf []byte) {
	t.Helper()
	if err := c.Load(conf); err != nil {
		t.Fatalf("loading into %s: %v", c.NS, err)
	}
}

// waitEstablished waits for the client's IKE SA with every child installed.
func waitEstablished(t *testing.T, c *swantest.Charon, children []string) swantest.Msg {
	t.Helper()
	return waitSA(t, c, "IKE SA and CHILD_SAs "+strings.Join(children, ", "), func(sa swantest.Msg) bool {
		installed := swantest.Children(sa)
		for _, name := range children {
			if _, ok := installed[name]; !ok {
				return false
			}
		}
		return sa.Str("state") == "ESTABLISHED"
	})
}

func waitSA(t *testing.T, c *swantest.Charon, what string, ok func(swantest.Msg) bool) swantest.Msg {
	t.Helper()
	var found swantest.Msg
	err := swantest.Wait(time.Now().Add(25*time.Second), what, func() (bool, error) {
		sas, err := c.SAs()
		if err != nil {
			return false, err
		}
		for _, sa := range sas {
			if ok(sa) {
				found = sa
				return true, nil
			}
		}
		return false, fmt.Errorf("%d IKE SAs, none matches", len(sas))
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

func pingAll(t *testing.T, lab *swantest.Lab, subnets []string) {
	t.Helper()
	for _, s := range subnets {
		if err := lab.Ping(hostIn(s), time.Now().Add(5*time.Second)); err != nil {
			t.Errorf("through the tunnel to %s: %v", s, err)
		}
	}
}

// checkNoKeyInArgv: no process's command line holds the key (keys reach
// charon through files only).
func checkNoKeyInArgv(t *testing.T, key string) {
	t.Helper()
	procs, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	b64 := base64.StdEncoding.EncodeToString([]byte(key))
	for _, p := range procs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		if strings.Contains(string(b), key) || strings.Contains(string(b), b64) {
			t.Errorf("%s holds the key", p)
		}
	}
}

// dumpOnFailure logs both daemons' logs when the test fails, the keys
// replaced (charon does not log them at these levels; this makes sure).
func dumpOnFailure(t *testing.T, lab *swantest.Lab, keys ...string) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		for _, c := range []*swantest.Charon{lab.Server, lab.Client} {
			t.Logf("--- charon log in %s:\n%s", c.NS, redact(c.Log(), keys...))
		}
	})
}

func redact(s string, keys ...string) string {
	for _, k := range keys {
		if k == "" {
			continue
		}
		s = strings.ReplaceAll(s, k, "<key>")
		s = strings.ReplaceAll(s, base64.StdEncoding.EncodeToString([]byte(k)), "<key>")
	}
	return s
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func sameSet(a, b string) bool {
	fa, fb := strings.Fields(a), strings.Fields(b)
	if len(fa) != len(fb) {
		return false
	}
	seen := map[string]bool{}
	for _, x := range fa {
		seen[x] = true
	}
	for _, x := range fb {
		if !seen[x] {
			return false
		}
	}
	return true
}
