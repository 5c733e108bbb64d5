package ipsec

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

type vcase struct {
	name string
	err  error
	want string // "" valid; otherwise a substring of the message
}

func checkCases(t *testing.T, cases []vcase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			switch {
			case c.want == "" && c.err != nil:
				t.Fatalf("want valid, got %v", c.err)
			case c.want != "" && c.err == nil:
				t.Fatalf("want error containing %q, got nil", c.want)
			case c.want != "" && !strings.Contains(c.err.Error(), c.want):
				t.Fatalf("want error containing %q, got %q", c.want, c.err.Error())
			}
			if c.err != nil {
				var fe *FieldError
				if !errors.As(c.err, &fe) {
					t.Fatalf("error %T is not a *FieldError", c.err)
				}
				if fe.Field == "" || fe.Label == "" || !strings.Contains(c.err.Error(), "("+fe.Field+")") {
					t.Fatalf("message does not name the field: %q", c.err.Error())
				}
			}
		})
	}
}

// tenSubnets is n distinct /24s, comma separated.
func tenSubnets(n int) string {
	var out []string
	for i := range n {
		out = append(out, "10.0."+strconv.Itoa(i)+".0/24")
	}
	return strings.Join(out, ",")
}

func TestValidateLocalSubnets(t *testing.T) {
	checkCases(t, []vcase{
		{"one", ValidateLocalSubnets("172.16.0.0/16"), ""},
		{"two", ValidateLocalSubnets("172.16.0.0/16,10.10.0.0/16"), ""},
		{"spaces", ValidateLocalSubnets(" 172.16.0.0/16 ,  10.10.0.0/16 "), ""},
		{"newlines", ValidateLocalSubnets("172.16.0.0/16\n10.10.0.0/16"), ""},
		{"host route", ValidateLocalSubnets("10.0.0.1/32"), ""},
		{"a /8", ValidateLocalSubnets("10.0.0.0/8"), ""},
		{"default route", ValidateLocalSubnets("0.0.0.0/0"), "0.0.0.0/0 is too broad: it leaves no range for the client pool"},
		{"a /7", ValidateLocalSubnets("10.0.0.0/8, 172.0.0.0/7"), "172.0.0.0/7 is too broad"},
		{"ten", ValidateLocalSubnets(tenSubnets(10)), ""},
		{"eleven", ValidateLocalSubnets(tenSubnets(11)), "at most 10 local subnets (the service adds a route for each), and there are 11"},
		{"double comma", ValidateLocalSubnets("172.16.0.0/16,,10.10.0.0/16"), "entry 2 of 3 is empty: remove the extra comma: did you mean 172.16.0.0/16, 10.10.0.0/16?"},
		{"trailing comma", ValidateLocalSubnets("172.16.0.0/16,"), "entry 2 of 2 is empty"},
		{"overlaps reserved", ValidateLocalSubnets("100.0.0.0/8"), "overlaps the reserved range 100.64.0.0/10"},
		{"empty", ValidateLocalSubnets(""), "at least one CIDR block"},
		{"commas only", ValidateLocalSubnets(" , ,"), "at least one CIDR block"},
		{"host bits", ValidateLocalSubnets("172.16.1.0/8"), "did you mean 172.0.0.0/8?"},
		{"host bits second", ValidateLocalSubnets("10.0.0.0/8,192.168.1.1/24"), "did you mean 192.168.1.0/24?"},
		{"no mask", ValidateLocalSubnets("10.0.0.0"), "add the mask"},
		{"garbage", ValidateLocalSubnets("hello"), "not an IPv4 CIDR block"},
		{"octet too big", ValidateLocalSubnets("256.0.0.0/8"), "not a valid IPv4 CIDR block"},
		{"mask too big", ValidateLocalSubnets("10.0.0.0/33"), "not a valid IPv4 CIDR block"},
		{"leading zero", ValidateLocalSubnets("010.0.0.0/8"), "not a valid IPv4 CIDR block"},
		{"ipv6", ValidateLocalSubnets("fd00::/8"), "IPv6"},
		{"duplicate", ValidateLocalSubnets("10.0.0.0/8, 10.0.0.0/8"), "listed twice"},
		{"loopback", ValidateLocalSubnets("127.0.0.0/8"), "reserved range 127.0.0.0/8"},
		{"link local", ValidateLocalSubnets("169.254.1.0/24"), "reserved range"},
		{"multicast", ValidateLocalSubnets("224.0.0.0/8"), "reserved range"},
		{"cgnat", ValidateLocalSubnets("100.64.0.0/16"), "reserved range"},
		{"this network", ValidateLocalSubnets("0.0.0.0/8"), "reserved range"},
		{"negative mask", ValidateLocalSubnets("10.0.0.0/-1"), "not a valid"},
	})
}

func TestValidateClientIpPool(t *testing.T) {
	vpc := []string{"172.16.0.0/16", "10.10.0.0/16"}
	local := []string{"172.16.0.0/16"}
	checkCases(t, []vcase{
		{"good /24", ValidateClientIpPool("192.168.0.0/24", local, PoolAvoid{VPC: vpc}), ""},
		{"good /16", ValidateClientIpPool("192.168.0.0/16", local, PoolAvoid{VPC: vpc}), ""},
		{"good /29", ValidateClientIpPool("192.168.9.8/29", local, PoolAvoid{VPC: vpc}), ""},
		{"trimmed", ValidateClientIpPool(" 192.168.0.0/24 ", local, PoolAvoid{VPC: vpc}), ""},
		{"adjacent", ValidateClientIpPool("172.17.0.0/16", local, PoolAvoid{VPC: vpc}), ""},
		{"no vpc known", ValidateClientIpPool("10.10.0.0/24", nil, PoolAvoid{}), ""},
		{"empty", ValidateClientIpPool("", local, PoolAvoid{VPC: vpc}), "required"},
		{"mask /15", ValidateClientIpPool("192.168.0.0/15", local, PoolAvoid{VPC: vpc}), "the network mask must be /16 to /29, e.g. 192.168.0.0/24"},
		{"mask /30", ValidateClientIpPool("192.168.0.0/30", local, PoolAvoid{VPC: vpc}), "/16 to /29"},
		{"mask /32", ValidateClientIpPool("192.168.0.1/32", local, PoolAvoid{VPC: vpc}), "/16 to /29"},
		{"host bits", ValidateClientIpPool("192.168.1.5/24", local, PoolAvoid{VPC: vpc}), "host bits must be zero in 192.168.1.5/24: did you mean 192.168.1.0/24?"},
		{"host bits and mask", ValidateClientIpPool("10.1.0.0/8", local, PoolAvoid{VPC: vpc}), "/16 to /29"},
		{"overlaps local", ValidateClientIpPool("172.16.5.0/24", local, PoolAvoid{}), "overlaps the local subnet 172.16.0.0/16"},
		{"overlaps vpc", ValidateClientIpPool("10.10.0.0/24", nil, PoolAvoid{VPC: vpc}), "overlaps the VPC CIDR block 10.10.0.0/16"},
		{"contains vpc", ValidateClientIpPool("10.0.0.0/16", nil, PoolAvoid{VPC: []string{"10.0.1.0/24"}}), "overlaps the VPC"},
		{"overlaps ssl-vpn", ValidateClientIpPool("10.60.0.0/24", nil, PoolAvoid{SslVpn: []string{"10.60.0.0/16"}}),
			"overlaps the gateway's SSL-VPN client pool 10.60.0.0/16"},
		{"holds a route", ValidateClientIpPool("10.70.0.0/16", nil, PoolAvoid{Routes: []string{"10.70.5.0/24"}}),
			"overlaps the destination of the VPC's custom route 10.70.5.0/24"},
		{"suggestion avoids all", ValidateClientIpPool("10.60.0.0/24", []string{"192.168.0.0/17"},
			PoolAvoid{SslVpn: []string{"192.168.128.0/17", "10.60.0.0/24"}, Routes: []string{"10.0.0.0/24"}}), "e.g. 10.0.1.0/24"},
		{"no room left", ValidateClientIpPool("192.168.0.0/24", []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"}, PoolAvoid{}),
			"no private /24 is free of the local subnets"},
		{"suggests free", ValidateClientIpPool("10.10.0.0/24", nil, PoolAvoid{VPC: vpc}), "e.g. 192.168.0.0/24"},
		{"cgnat", ValidateClientIpPool("100.64.0.0/24", local, PoolAvoid{VPC: vpc}), "reserved range 100.64.0.0/10"},
		{"loopback", ValidateClientIpPool("127.0.0.0/24", local, PoolAvoid{VPC: vpc}), "reserved"},
		{"link local", ValidateClientIpPool("169.254.0.0/24", local, PoolAvoid{VPC: vpc}), "reserved"},
		{"multicast", ValidateClientIpPool("239.0.0.0/24", local, PoolAvoid{VPC: vpc}), "reserved"},
		{"broadcast", ValidateClientIpPool("255.0.0.0/24", local, PoolAvoid{VPC: vpc}), "reserved"},
		{"zero", ValidateClientIpPool("0.0.0.0/24", local, PoolAvoid{VPC: vpc}), "reserved"},
		{"two blocks", ValidateClientIpPool("192.168.0.0/24,192.168.1.0/24", local, PoolAvoid{VPC: vpc}), "exactly one"},
		{"no mask", ValidateClientIpPool("192.168.0.0", local, PoolAvoid{VPC: vpc}), "add the mask"},
		{"ipv6", ValidateClientIpPool("fd00::/64", local, PoolAvoid{VPC: vpc}), "IPv6"},
		{"bad local ignored", ValidateClientIpPool("192.168.0.0/24", []string{"junk"}, PoolAvoid{VPC: vpc}), ""},
	})
}

func TestValidateScalars(t *testing.T) {
	long := strings.Repeat("a", 101)
	checkCases(t, []vcase{
		{"gw ok", ValidateGatewayID("vpn-bp17lofy9fd0dnvzv1234"), ""},
		{"gw sandbox", ValidateGatewayID("vpn-sandbox-ready"), ""},
		{"gw empty", ValidateGatewayID(""), "required"},
		{"gw prefix", ValidateGatewayID("vpc-123"), "starts with vpn-"},
		{"gw only prefix", ValidateGatewayID("vpn-"), "starts with vpn-"},
		{"gw upper", ValidateGatewayID("VPN-ABC"), "did you mean vpn-abc?"},
		{"gw spaces", ValidateGatewayID(" vpn-abc "), "did you mean vpn-abc?"},
		{"gw chars", ValidateGatewayID("vpn-ab_c"), "may only contain"},
		{"gw trailing hyphen", ValidateGatewayID("vpn-abc-"), "ends with a hyphen"},
		{"gw too long", ValidateGatewayID("vpn-" + strings.Repeat("a", 61)), "at most 64"},
		{"region ok", ValidateRegion("cn-hangzhou", testRegions), ""},
		{"region free", ValidateRegion("ap-southeast-1", nil), ""},
		{"region unknown", ValidateRegion("cn-nowhere", testRegions), "not a region this account can use"},
		{"region empty", ValidateRegion("", nil), "required"},
		{"region chars", ValidateRegion("CN HZ", nil), "not a region id"},
		{"name ok", ValidateName("office-vpn"), ""},
		{"name unicode", ValidateName("办公室 VPN"), ""},
		{"name 100", ValidateName(strings.Repeat("名", 100)), ""},
		{"name 1", ValidateName("x"), ""},
		{"name empty", ValidateName(""), "1 to 100"},
		{"name blank", ValidateName("   "), "1 to 100"},
		{"name long", ValidateName(long), "101 characters"},
		{"name newline", ValidateName("a\nb"), "control characters"},
		{"name spaces", ValidateName(" a "), "did you mean a?"},
		{"name invalid utf8", ValidateName("\xff"), "UTF-8"},
		{"psk ok", ValidatePsk("Cfd123!@#"), ""},
		{"psk 1", ValidatePsk("x"), ""},
		{"psk 100", ValidatePsk(strings.Repeat("k", 100)), ""},
		{"psk inner space", ValidatePsk("a b"), ""},
		{"psk empty", ValidatePsk(""), "1 to 100"},
		{"psk long", ValidatePsk(long), "at most 100"},
		{"psk accent", ValidatePsk("clé"), "printable ASCII"},
		{"psk tab", ValidatePsk("a\tb"), "printable ASCII"},
		{"psk edge space", ValidatePsk(" a"), "start or end with a space"},
		{"psk confirm ok", ValidatePskConfirm("abc", "abc"), ""},
		{"psk confirm differ", ValidatePskConfirm("abc", "abd"), "differ"},
		{"life 0", ValidateLifetime(FieldIkeLifetime, 0), ""},
		{"life max", ValidateLifetime(FieldIkeLifetime, 86400), ""},
		{"life over", ValidateLifetime(FieldIpsecLifetime, 86401), "use 0 to 86400"},
		{"life negative", ValidateLifetime(FieldIkeLifetime, -1), "out of range"},
		{"id empty", ValidateIdentity(FieldLocalID, ""), ""},
		{"id ipv4", ValidateIdentity(FieldLocalID, "203.0.113.10"), ""},
		{"id ipv6", ValidateIdentity(FieldRemoteID, "2001:db8::1"), ""},
		{"id fqdn", ValidateIdentity(FieldRemoteID, "vpn.example.com"), ""},
		{"id fqdn dot", ValidateIdentity(FieldRemoteID, "vpn.example.com."), ""},
		{"id single label", ValidateIdentity(FieldRemoteID, "localhost"), "neither an IP address nor"},
		{"id underscore", ValidateIdentity(FieldRemoteID, "a_b.example.com"), "neither"},
		{"id bad ip", ValidateIdentity(FieldLocalID, "1.2.3.256"), "neither"},
		{"id hyphen edge", ValidateIdentity(FieldLocalID, "-a.example.com"), "neither"},
		{"id spaces", ValidateIdentity(FieldLocalID, " vpn.example.com"), "did you mean vpn.example.com?"},
		{"id email", ValidateIdentity(FieldLocalID, "me@example.com"), "neither"},
		{"enum ok", ValidateEnum(FieldIkeEncAlg, "aes256"), ""},
		{"enum weak ok", ValidateEnum(FieldIpsecAuthAlg, "md5"), ""},
		{"enum pfs disabled", ValidateEnum(FieldIpsecPfs, "disabled"), ""},
		{"enum ike pfs disabled", ValidateEnum(FieldIkePfs, "disabled"), "is not one of"},
		{"enum upper", ValidateEnum(FieldIkeEncAlg, "AES256"), "did you mean aes256?"},
		{"enum unknown", ValidateEnum(FieldIkeVersion, "ikev3"), "e.g. ikev2"},
		{"enum empty", ValidateEnum(FieldIkeMode, ""), "required"},
		{"enum mode", ValidateEnum(FieldIkeMode, "aggressive"), ""},
		{"enum unknown field", ValidateEnum("Nope", "x"), "unknown setting"},
	})
}

func TestGatewayEligibility(t *testing.T) {
	checkCases(t, []vcase{
		{"ready", GatewayEligibility(gwReady, nil), ""},
		{"ready details", GatewayEligibility(gwReady, testDetails[gwReady.VpnGatewayId]), ""},
		{"ssl off", GatewayEligibility(gwNoSSL, nil), "SSL-VPN is off on this gateway: turn it on in the VPN gateway console first"},
		{"locked", GatewayEligibility(gwLocked, nil), "top up"},
		{"busy", GatewayEligibility(gwBusy, nil), "wait until it is active"},
		{"vpn connection", GatewayEligibility(gwVpnConn, testDetails[gwVpnConn.VpnGatewayId]), "IPsec-VPN connection"},
		{"has server", GatewayEligibility(gwHasServer, testDetails[gwHasServer.VpnGatewayId]), "already has an IPsec server"},
		{"list only passes", GatewayEligibility(gwHasServer, nil), ""},
		{"details win", GatewayEligibility(Gateway{VpnGatewayId: gwNoSSL.VpnGatewayId, SslVpnEnabled: true, Status: "active"},
			&GatewayDetails{Gateway: gwNoSSL}), "SSL-VPN is off"},
	})
}

func TestFieldErrorFormat(t *testing.T) {
	e := &FieldError{Field: "ClientIpPool", Label: "Client IP pool", Rule: "the network mask must be /16 to /29", Example: "192.168.0.0/24"}
	if got, want := e.Error(), "Client IP pool (ClientIpPool): the network mask must be /16 to /29, e.g. 192.168.0.0/24"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
	e = &FieldError{Field: "ClientIpPool", Label: "Client IP pool", Rule: "host bits must be zero", Suggestion: "192.168.1.0/24"}
	if got, want := e.Error(), "Client IP pool (ClientIpPool): host bits must be zero: did you mean 192.168.1.0/24?"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}

func TestSuggestClientIpPool(t *testing.T) {
	cases := []struct {
		avoid []string
		want  string
	}{
		{nil, "192.168.0.0/24"},
		{[]string{"192.168.0.0/24"}, "192.168.1.0/24"},
		{[]string{"192.168.0.0/23", "junk"}, "192.168.2.0/24"},
		{[]string{"192.168.0.0/16"}, "10.0.0.0/24"},
		{[]string{"192.168.0.0/16", "10.0.0.0/8"}, "172.16.0.0/24"},
		{[]string{"192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12"}, ""},
		{[]string{"192.168.0.0/16,10.0.0.0/16"}, "10.1.0.0/24"},
	}
	for _, c := range cases {
		if got := SuggestClientIpPool(c.avoid, PoolAvoid{}); got != c.want {
			t.Errorf("SuggestClientIpPool(%v) = %q, want %q", c.avoid, got, c.want)
		}
		if c.want != "" {
			if err := ValidateClientIpPool(c.want, c.avoid, PoolAvoid{}); err != nil && !strings.Contains(strings.Join(c.avoid, ","), "junk") {
				t.Errorf("suggestion %s is not valid: %v", c.want, err)
			}
		}
	}
}

func TestPoolCapacity(t *testing.T) {
	for pool, want := range map[string]int{"192.168.0.0/24": 64, "10.0.0.0/16": 16384, "192.168.0.0/29": 2, "x": 0, "": 0, " 10.0.0.0/30 ": 1} {
		if got := PoolCapacity(pool); got != want {
			t.Errorf("PoolCapacity(%q) = %d, want %d", pool, got, want)
		}
	}
}

func TestIsWeak(t *testing.T) {
	for _, v := range []string{"des", "3des", "md5", "sha1", "group1", "group2", "group5"} {
		if !IsWeak(v) || WeakWarning(v) == "" {
			t.Errorf("%s should be weak", v)
		}
	}
	for _, v := range []string{"aes", "aes256", "sha256", "group14", "disabled", ""} {
		if IsWeak(v) {
			t.Errorf("%s should not be weak", v)
		}
	}
}

func TestGeneratePsk(t *testing.T) {
	seen := map[Secret]bool{}
	for range 50 {
		k, err := GeneratePsk()
		if err != nil {
			t.Fatal(err)
		}
		if len(k.Reveal()) != GeneratedPskLength || ValidatePsk(k.Reveal()) != nil {
			t.Fatalf("bad key length/charset: %d", len(k.Reveal()))
		}
		if strings.ContainsAny(k.Reveal(), "0O1lI'\"$\\ ") {
			t.Fatal("ambiguous or shell-special character in generated key")
		}
		if seen[k] {
			t.Fatal("duplicate key")
		}
		seen[k] = true
	}
}

func goodSpec() ServerSpec {
	s := NewServerSpec()
	s.VpnGatewayId = gwReady.VpnGatewayId
	s.LocalSubnet = CIDRList{"172.16.0.0/16", "10.10.0.0/16"}
	s.ClientIpPool = "192.168.0.0/24"
	s.IpSecServerName = "office-vpn"
	ike, phase2 := RecommendedIke(), RecommendedIpsec()
	s.IkeConfig, s.IpsecConfig = &ike, &phase2
	return s
}

func TestValidateSpec(t *testing.T) {
	data := testData()
	data.Details = testDetails[gwReady.VpnGatewayId]
	if errs := ValidateSpec(goodSpec(), data); len(errs) != 0 {
		t.Fatalf("good spec: %v", errs)
	}
	bad := goodSpec()
	bad.ClientIpPool = "10.10.1.0/24" // inside the VPC
	bad.IkeConfig.IkeEncAlg = "aes512"
	bad.IpsecConfig.IpsecLifetime = 90000
	bad.Psk = "clé"
	bad.PskEnabled = false
	bad.IkeConfig.RemoteId = "not a host"
	errs := ValidateSpec(bad, data)
	want := []string{"ClientIpPool", "IkeEncAlg", "RemoteId", "IpsecLifetime", "PskEnabled", "Psk"}
	if len(errs) != len(want) {
		t.Fatalf("got %d errors %v, want %v", len(errs), errs, want)
	}
	for i, w := range want {
		var fe *FieldError
		if !errors.As(errs[i], &fe) || fe.Field != w {
			t.Errorf("error %d = %v, want field %s", i, errs[i], w)
		}
	}
	sm := goodSpec()
	sm.IkeConfig.IkeEncAlg = "sm4"
	if errs := ValidateSpec(sm, data); len(errs) != 1 || !strings.Contains(errs[0].Error(), "NationalStandard") {
		t.Fatalf("sm4 on a normal gateway: %v", errs)
	}
	ns := goodSpec()
	ns.VpnGatewayId = gwNoSSL.VpnGatewayId
	if errs := ValidateSpec(ns, testData()); len(errs) != 1 || !strings.Contains(errs[0].Error(), "SSL-VPN is off") {
		t.Fatalf("ineligible gateway: %v", errs)
	}
}

func FuzzParseCIDRList(f *testing.F) {
	for _, s := range []string{"172.16.0.0/16,10.10.0.0/16", " 10.0.0.1/8 ", "", ",,,", "1.2.3.4/33", "::/0", "0.0.0.0/0",
		"192.168.0.0/24\n192.168.1.0/24", "1.2.3.4", "a/b/c", "10.0.0.0/08", "255.255.255.255/32"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, err := CanonicalCIDRList(s)
		_ = ValidateClientIpPool(s, nil, PoolAvoid{})
		_ = CorrectCIDRList(s)
		_ = PoolCapacity(s)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != FieldLocalSubnet {
				t.Fatalf("error is not a LocalSubnet FieldError: %v", err)
			}
			return
		}
		canon := list.String()
		again, err := CanonicalCIDRList(canon)
		if err != nil {
			t.Fatalf("canonical form %q of %q rejected: %v", canon, s, err)
		}
		if again.String() != canon {
			t.Fatalf("not stable: %q -> %q -> %q", s, canon, again.String())
		}
		if got := SplitCIDRList(canon); len(got) != len(list) {
			t.Fatalf("the API's parser reads %d blocks from %q, want %d", len(got), canon, len(list))
		}
	})
}

func FuzzValidateClientIpPool(f *testing.F) {
	for _, s := range []string{"192.168.0.0/24", "10.0.0.0/16", "1.2.3.4/29", "x", "100.64.0.0/24"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if err := ValidateClientIpPool(s, []string{"172.16.0.0/16"}, PoolAvoid{}); err == nil {
			n := PoolCapacity(s)
			if n < 2 || n > 16384 {
				t.Fatalf("accepted %q with capacity %d", s, n)
			}
		}
	})
}
