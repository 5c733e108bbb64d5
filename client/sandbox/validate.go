package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Parameter validation of CreateIpsecServer and UpdateIpsecServer. Pure functions over strings and the
// gateway's network facts, each returning the reference's error code.

// boolParam parses an optional true/false parameter (case-insensitive).
func boolParam(p map[string]string, name string) (val, present bool, err *apiError) {
	raw, ok := p[name]
	if !ok || raw == "" {
		return false, false, nil
	}
	switch strings.ToLower(raw) {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, true, invalidParam(name, "it must be true or false")
}

func checkName(name, param string) *apiError {
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 || !utf8.ValidString(name) {
		return invalidParam(param, "it must be 1 to 100 characters long")
	}
	return nil
}

// checkPsk: 1..100 printable ASCII characters (space included).
func checkPsk(psk string) *apiError {
	if len(psk) < 1 || len(psk) > 100 {
		return invalidParam("Psk", "it must be 1 to 100 characters long")
	}
	for i := 0; i < len(psk); i++ {
		if psk[i] < 0x20 || psk[i] > 0x7e {
			return invalidParam("Psk", "it may hold printable ASCII characters only")
		}
	}
	return nil
}

// parsePrefix4 parses an IPv4 CIDR block (no IPv4-in-IPv6, no zone).
func parsePrefix4(s string) (netip.Prefix, bool) {
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is4() {
		return netip.Prefix{}, false
	}
	return p, true
}

// parseLocalSubnets checks the comma list: every entry an IPv4 CIDR block with clear host bits
// (IllegalParam.LocalSubnet), at most MaxLocalSubnets entries (QuotaExceeded.VpnRouteEntry), no default
// route (OperationFailed.AddVpcRoute).
func parseLocalSubnets(list string) ([]netip.Prefix, string, *apiError) {
	var out []netip.Prefix
	var norm []string
	for _, raw := range strings.Split(list, ",") {
		entry := strings.TrimSpace(raw)
		p, ok := parsePrefix4(entry)
		if !ok || p.Masked() != p {
			return nil, "", newErr(CodeIllegalLocalSubnet, sanitize(entry))
		}
		out = append(out, p)
		norm = append(norm, p.String())
	}
	if len(out) > MaxLocalSubnets {
		return nil, "", newErr(CodeQuotaVpnRouteEntry)
	}
	for _, p := range out {
		if p.Bits() == 0 {
			return nil, "", newErr(CodeAddVpcRouteFailed)
		}
	}
	return out, strings.Join(norm, ","), nil
}

// reservedPools may not hold a client pool (the SSL-VPN rules, which the sandbox applies to IPsec servers).
var reservedPools = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("224.0.0.0/4"), netip.MustParsePrefix("240.0.0.0/4"),
}

// poolFacts is what a client pool is checked against.
type poolFacts struct {
	vpcCidrs  []netip.Prefix
	local     []netip.Prefix
	sslPool   netip.Prefix // invalid if the gateway has none
	vpcRoutes []netip.Prefix
}

func checkClientIPPool(raw string, f poolFacts) (netip.Prefix, *apiError) {
	s := strings.TrimSpace(raw)
	p, ok := parsePrefix4(s)
	if !ok {
		return netip.Prefix{}, newErr(CodeIllegalClientIPPool, sanitize(s))
	}
	if p.Bits() < 16 || p.Bits() > 29 {
		return netip.Prefix{}, newErr(CodeClientIPPoolNetmaskInvalid)
	}
	if p.Masked() != p {
		return netip.Prefix{}, newErr(CodeClientIPPoolSubnetInvalid)
	}
	for _, r := range reservedPools {
		if r.Overlaps(p) {
			return netip.Prefix{}, newErr(CodeClientIPPoolSubnetInvalid)
		}
	}
	for _, c := range slices.Concat(f.vpcCidrs, f.local) {
		if c.Overlaps(p) {
			return netip.Prefix{}, newErr(CodeInvalidClientIPPoolConflict)
		}
	}
	if f.sslPool.IsValid() && f.sslPool.Overlaps(p) {
		return netip.Prefix{}, newErr(CodeVpnRouteEntryConflict)
	}
	for _, r := range f.vpcRoutes {
		if r.Overlaps(p) {
			return netip.Prefix{}, newErr(CodeHaCheckVpcRouteDest, r.String())
		}
	}
	return p, nil
}

// oneOf checks an IkeConfig / IpsecConfig value against vpc-api.md's table. The sandbox's gateways are all
// VpnType Normal, so sm4 and sm3 are refused.
func oneOf(key, val string, allowed ...string) error {
	for _, a := range allowed {
		if val == a {
			return nil
		}
	}
	if len(val) > 50 {
		val = val[:50]
	}
	return fmt.Errorf("%s %q is not one of %s", key, val, strings.Join(allowed, ", "))
}

// decodeObject decodes a JSON object into raw members, refusing anything else.
func decodeObject(param, raw string) (map[string]json.RawMessage, *apiError) {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(raw))
	if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
		return nil, invalidParam(param, "it must be a JSON object")
	}
	return m, nil
}

func jsonString(v json.RawMessage) (string, bool) {
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", false
	}
	return s, true
}

// jsonLifetime accepts a JSON integer or a string of digits, 0..86400.
func jsonLifetime(v json.RawMessage) (int64, bool) {
	if s, ok := jsonString(v); ok {
		v = json.RawMessage(s)
	}
	v = bytes.TrimSpace(v)
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || n < 0 || n > 86400 {
		return 0, false
	}
	return n, true
}

// checkID: an FQDN or IP address; the sandbox checks 1..100 printable characters without spaces.
func checkID(v string) bool {
	if len(v) < 1 || len(v) > 100 {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] <= ' ' || v[i] > 0x7e {
			return false
		}
	}
	return true
}

// The algorithm values both IkeConfig and IpsecConfig accept, and their DH groups.
var (
	encAlgs        = []string{"aes", "aes192", "aes256", "des", "3des"}
	authAlgs       = []string{"md5", "sha1", "sha256", "sha384", "sha512"}
	ikePfsGroups   = []string{"group1", "group2", "group5", "group14"}
	ipsecPfsGroups = []string{"disabled", "group1", "group2", "group5", "group14"}
)

// unset reports a member that is not given: JSON null or "" (the Terraform provider sends every key, "" for
// the ones not set, and null members on create).
func unset(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return bytes.Equal(v, []byte("null")) || bytes.Equal(v, []byte(`""`))
}

// mergeConfig walks the JSON object raw (parameter param) in key order: lifetimeKey is read into *lifetime,
// every other member must be a string and goes to set, which reports unknown keys. A member that is null or
// "" is not given (the service default on create, unchanged on update); an unknown key is refused whatever
// its value. An *apiError from set is answered as is; any other error becomes InvalidParameter on param.
func mergeConfig(param, raw, lifetimeKey string, lifetime *int64, set func(k, s string) (known bool, err error)) *apiError {
	m, apiErr := decodeObject(param, raw)
	if apiErr != nil {
		return apiErr
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		if k == lifetimeKey {
			if unset(v) {
				continue
			}
			n, ok := jsonLifetime(v)
			if !ok {
				return invalidParam(param, "%s must be an integer from 0 to 86400", k)
			}
			*lifetime = n
			continue
		}
		if unset(v) {
			if known, _ := set(k, ""); !known {
				return invalidParam(param, "unknown key %s", strconv.Quote(sanitize(k)))
			}
			continue
		}
		s, ok := jsonString(v)
		if !ok {
			return invalidParam(param, "%s must be a string", sanitize(k))
		}
		known, err := set(k, s)
		if !known {
			return invalidParam(param, "unknown key %s", strconv.Quote(sanitize(k)))
		}
		var ae *apiError
		if errors.As(err, &ae) {
			return ae
		}
		if err != nil {
			return invalidParam(param, "%s", err.Error())
		}
	}
	return nil
}

// setMember stores s into *dst unless it is "" (not given), checked against allowed.
func setMember(dst *string, key, s string, allowed ...string) (bool, error) {
	if s == "" {
		return true, nil
	}
	*dst = s
	return true, oneOf(key, s, allowed...)
}

// mergeIkeConfig applies the JSON object raw onto base. Unknown keys are refused (they are usually typos).
func mergeIkeConfig(raw string, base IkeConfig) (IkeConfig, *apiError) {
	err := mergeConfig("IkeConfig", raw, "IkeLifetime", &base.IkeLifetime, func(k, s string) (bool, error) {
		switch k {
		case "IkeVersion":
			return setMember(&base.IkeVersion, k, s, "ikev1", "ikev2")
		case "IkeMode":
			return setMember(&base.IkeMode, k, s, "main", "aggressive")
		case "IkeEncAlg":
			return setMember(&base.IkeEncAlg, k, s, encAlgs...)
		case "IkeAuthAlg":
			return setMember(&base.IkeAuthAlg, k, s, authAlgs...)
		case "IkePfs":
			return setMember(&base.IkePfs, k, s, ikePfsGroups...)
		case "LocalId", "RemoteId":
			if s == "" {
				return true, nil
			}
			if !checkID(s) {
				return true, fmt.Errorf("%s must be an FQDN or an IP address (1 to 100 characters, no spaces)", k)
			}
			if k == "RemoteId" {
				base.RemoteId = s
			} else {
				base.LocalId = s
			}
			return true, nil
		}
		return false, nil
	})
	return base, err
}

// mergeIpsecConfig applies the JSON object raw onto base. An unknown IpsecPfs is OperationUnsupported.IpsecPfs.
func mergeIpsecConfig(raw string, base IpsecConfig) (IpsecConfig, *apiError) {
	err := mergeConfig("IpsecConfig", raw, "IpsecLifetime", &base.IpsecLifetime, func(k, s string) (bool, error) {
		switch k {
		case "IpsecEncAlg":
			return setMember(&base.IpsecEncAlg, k, s, encAlgs...)
		case "IpsecAuthAlg":
			return setMember(&base.IpsecAuthAlg, k, s, authAlgs...)
		case "IpsecPfs":
			if s == "" {
				return true, nil
			}
			if oneOf(k, s, ipsecPfsGroups...) != nil {
				return true, newErr(CodeIpsecPfsUnsupported)
			}
			base.IpsecPfs = s
			return true, nil
		}
		return false, nil
	})
	return base, err
}

// mustPrefix parses a prefix the sandbox validated when it stored it.
func mustPrefix(s string) netip.Prefix {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}
	}
	return p
}
