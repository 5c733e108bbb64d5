package ipsec

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"
)

// ReservedRanges are the IPv4 blocks a client IP pool may not touch and a
// local subnet may not lie in: shared address space (used by Alibaba Cloud
// services), loopback, link-local, multicast and reserved, "this network".
var ReservedRanges = []string{
	"100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "0.0.0.0/8",
}

var reservedPrefixes = func() []netip.Prefix {
	out := make([]netip.Prefix, len(ReservedRanges))
	for i, s := range ReservedRanges {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}()

// Pool mask limits of the API.
const (
	MinPoolBits = 16
	MaxPoolBits = 29
)

// parseCIDR parses one IPv4 CIDR block for field, strictly: dotted quad, a
// mask, host bits zero.
func parseCIDR(field, s, example string) (netip.Prefix, error) {
	if s == "" {
		return netip.Prefix{}, fieldErr(field, "a CIDR block is required", example)
	}
	if !strings.Contains(s, "/") {
		if a, err := netip.ParseAddr(s); err == nil && a.Is4() {
			return netip.Prefix{}, fieldErr(field, fmt.Sprintf("%q is an address, not a CIDR block: add the mask", s), example)
		}
		return netip.Prefix{}, fieldErr(field, fmt.Sprintf("%q is not an IPv4 CIDR block (address/mask)", s), example)
	}
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		if err == nil && p.Addr().Is6() {
			return netip.Prefix{}, fieldErr(field, fmt.Sprintf("%q is IPv6; only IPv4 is supported", s), example)
		}
		return netip.Prefix{}, fieldErr(field, fmt.Sprintf("%q is not a valid IPv4 CIDR block (four numbers 0-255, a mask 0-32)", s), example)
	}
	if m := p.Masked(); m != p {
		return netip.Prefix{}, &FieldError{Field: field, Label: Label(field),
			Rule: fmt.Sprintf("host bits must be zero in %s", s), Suggestion: m.String()}
	}
	return p, nil
}

// Local subnet limits: the service adds a VPC route per local subnet and
// refuses more than MaxLocalSubnets (QuotaExceeded.VpnRouteEntry); a block
// wider than /MinLocalSubnetBits leaves no room for a client pool beside it.
const (
	MaxLocalSubnets    = 10
	MinLocalSubnetBits = 8
)

// ParsePrefixes parses the comma (or space) separated list of IPv4 CIDR
// blocks of field, strictly, and returns them in order. An empty entry (two
// commas in a row, a comma at the end) is an error naming it. It never
// panics.
func ParsePrefixes(field, s string) ([]netip.Prefix, error) {
	const example = "172.16.0.0/16, 10.10.0.0/16"
	items := SplitCIDRList(s)
	if len(items) == 0 || slices.IndexFunc(items, func(it string) bool { return it != "" }) < 0 {
		return nil, fieldErr(field, "at least one CIDR block is required", example)
	}
	out := make([]netip.Prefix, 0, len(items))
	seen := map[netip.Prefix]bool{}
	for i, it := range items {
		if it == "" {
			return nil, &FieldError{Field: field, Label: Label(field),
				Rule:       fmt.Sprintf("entry %d of %d is empty: remove the extra comma", i+1, len(items)),
				Suggestion: strings.Join(slices.DeleteFunc(slices.Clone(items), func(s string) bool { return s == "" }), ", ")}
		}
		p, err := parseCIDR(field, it, example)
		if err != nil {
			return nil, err
		}
		if seen[p] {
			return nil, fieldErr(field, fmt.Sprintf("%s is listed twice: list each block once", p), example)
		}
		seen[p] = true
		out = append(out, p)
	}
	return out, nil
}

// CanonicalCIDRList validates s as a list of local subnets and returns it in
// canonical form (one entry per block, no blanks).
func CanonicalCIDRList(s string) (CIDRList, error) {
	ps, err := ParsePrefixes(FieldLocalSubnet, s)
	if err != nil {
		return nil, err
	}
	if err := checkLocalSubnets(ps); err != nil {
		return nil, err
	}
	out := make(CIDRList, len(ps))
	for i, p := range ps {
		out[i] = p.String()
	}
	return out, nil
}

// CorrectCIDRList is s with every entry's host bits cleared, where that is
// the only thing wrong with it; other entries are kept as typed.
func CorrectCIDRList(s string) string {
	items := SplitCIDRList(s)
	for i, it := range items {
		if p, err := netip.ParsePrefix(it); err == nil && p.Addr().Is4() {
			items[i] = p.Masked().String()
		}
	}
	return strings.Join(items, ", ")
}

func checkLocalSubnets(ps []netip.Prefix) error {
	if len(ps) > MaxLocalSubnets {
		return fieldErr(FieldLocalSubnet, fmt.Sprintf("at most %d local subnets (the service adds a route for each), and there are %d: "+
			"merge neighbouring blocks into wider ones", MaxLocalSubnets, len(ps)), "172.16.0.0/16, 10.10.0.0/16")
	}
	for _, p := range ps {
		if p.Bits() < MinLocalSubnetBits {
			return fieldErr(FieldLocalSubnet, fmt.Sprintf("%s is too broad: it leaves no range for the client pool beside it "+
				"(a local subnet is at most a /%d); list the networks clients reach", p, MinLocalSubnetBits), "172.16.0.0/16, 10.10.0.0/16")
		}
		for _, r := range reservedPrefixes {
			if r.Overlaps(p) {
				return fieldErr(FieldLocalSubnet, fmt.Sprintf("%s overlaps the reserved range %s, which a VPN cannot route", p, r), "172.16.0.0/16")
			}
		}
	}
	return nil
}

// ValidateLocalSubnets checks the local subnets as typed: a comma-separated
// list of IPv4 CIDR blocks, host bits zero, none reserved, none twice.
func ValidateLocalSubnets(s string) error {
	_, err := CanonicalCIDRList(s)
	return err
}

// PoolAvoid is what a client pool must not overlap besides the local
// subnets and the reserved ranges, as the gateway's preflight read it: the
// VPC's CIDR blocks (InvalidClientIpPool.Conflict), the gateway's SSL-VPN
// client pools (VpnRouteEntry.Conflict) and the destinations of the VPC's
// custom routes (EnableHaCheck.IpsecServerCidrContainsVpcRouteDest).
type PoolAvoid struct {
	VPC, SslVpn, Routes []string
}

func (a PoolAvoid) all() []string { return slices.Concat(a.VPC, a.SslVpn, a.Routes) }

// ValidateClientIpPool checks the client IP pool: one IPv4 CIDR block, host
// bits zero, mask /16 to /29, outside the reserved ranges, overlapping
// neither the local subnets nor anything of avoid. Entries of local and
// avoid that do not parse are ignored (they are reported on their own
// field). A suggested pool passes these same checks; when none is left the
// message says so instead.
func ValidateClientIpPool(pool string, local []string, avoid PoolAvoid) error { //nolint:revive // API spelling
	const example = "192.168.0.0/24"
	suggested := SuggestClientIpPool(local, avoid)
	refuse := func(rule string) error {
		if suggested == "" {
			return &FieldError{Field: FieldClientIPPool, Label: Label(FieldClientIPPool),
				Rule: rule + "; and no private /24 is free of the local subnets, the VPC and the SSL-VPN pools: narrow the local subnets"}
		}
		return fieldErr(FieldClientIPPool, rule, suggested)
	}
	if strings.ContainsAny(pool, ", ") && len(SplitCIDRList(pool)) > 1 {
		return refuse("give exactly one CIDR block")
	}
	p, err := parseCIDR(FieldClientIPPool, strings.TrimSpace(pool), cmp.Or(suggested, example))
	if err != nil {
		var fe *FieldError
		if asFieldError(err, &fe) && fe.Suggestion != "" {
			if b, _ := netip.ParsePrefix(fe.Suggestion); b.Bits() < MinPoolBits || b.Bits() > MaxPoolBits {
				// Fixing host bits alone would not make it valid: report the mask.
				return refuse(fmt.Sprintf("the network mask must be /%d to /%d", MinPoolBits, MaxPoolBits))
			}
		}
		return err
	}
	if p.Bits() < MinPoolBits || p.Bits() > MaxPoolBits {
		return refuse(fmt.Sprintf("the network mask must be /%d to /%d", MinPoolBits, MaxPoolBits))
	}
	for _, r := range reservedPrefixes {
		if r.Overlaps(p) {
			return refuse(fmt.Sprintf("%s overlaps the reserved range %s", p, r))
		}
	}
	for _, set := range []struct {
		what, why string
		items     []string
	}{
		{"the local subnet", "clients would shadow those addresses", local},
		{"the VPC CIDR block", "clients would shadow those addresses", avoid.VPC},
		{"the gateway's SSL-VPN client pool", "the two VPNs would route the same addresses", avoid.SslVpn},
		{"the destination of the VPC's custom route", "the service refuses a pool that holds a route's destination", avoid.Routes},
	} {
		for _, s := range set.items {
			q, err := netip.ParsePrefix(strings.TrimSpace(s))
			if err != nil || !q.Addr().Is4() {
				continue
			}
			if q.Masked().Overlaps(p) {
				return refuse(fmt.Sprintf("%s overlaps %s %s: %s", p, set.what, q.Masked(), set.why))
			}
		}
	}
	return nil
}

// SuggestClientIpPool returns the first private /24 that overlaps none of
// the local subnets and avoid (entries that do not parse are ignored),
// scanning 192.168.0.0/24, 192.168.1.0/24, ..., then 10.0.0.0/24 ...
// 10.255.255.0/24, then 172.16.0.0/24 ... 172.31.255.0/24; "" if every one
// is taken.
func SuggestClientIpPool(local []string, avoid PoolAvoid) string { //nolint:revive // API spelling
	var ps []netip.Prefix
	for _, s := range slices.Concat(local, avoid.all()) {
		for _, it := range SplitCIDRList(s) {
			if p, err := netip.ParsePrefix(it); err == nil && p.Addr().Is4() {
				ps = append(ps, p.Masked())
			}
		}
	}
	free := func(a, b, c byte) (string, bool) {
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{a, b, c, 0}), 24)
		for _, q := range ps {
			if q.Overlaps(p) {
				return "", false
			}
		}
		return p.String(), true
	}
	for c := 0; c < 256; c++ {
		if s, ok := free(192, 168, byte(c)); ok {
			return s
		}
	}
	for b := 0; b < 256; b++ {
		if coveredBy16(ps, 10, byte(b)) {
			continue
		}
		for c := 0; c < 256; c++ {
			if s, ok := free(10, byte(b), byte(c)); ok {
				return s
			}
		}
	}
	for b := 16; b < 32; b++ {
		if coveredBy16(ps, 172, byte(b)) {
			continue
		}
		for c := 0; c < 256; c++ {
			if s, ok := free(172, byte(b), byte(c)); ok {
				return s
			}
		}
	}
	return ""
}

// coveredBy16 reports whether a.b.0.0/16 lies entirely inside one of ps, so
// its 256 /24s need not be tried one by one.
func coveredBy16(ps []netip.Prefix, a, b byte) bool {
	p16 := netip.PrefixFrom(netip.AddrFrom4([4]byte{a, b, 0, 0}), 16)
	for _, q := range ps {
		if q.Bits() <= 16 && q.Contains(p16.Addr()) {
			return true
		}
	}
	return false
}

// PoolCapacity is how many clients pool holds: each takes a /30, so its size
// divided by 4. 0 when pool is not a valid IPv4 CIDR block.
func PoolCapacity(pool string) int {
	p, err := netip.ParsePrefix(strings.TrimSpace(pool))
	if err != nil || !p.Addr().Is4() {
		return 0
	}
	return (1 << (32 - p.Bits())) / 4
}
