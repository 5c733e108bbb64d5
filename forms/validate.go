package forms

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ipsecwiz/ipsecwiz/client"
)

func asFieldError(err error, fe **FieldError) bool { return errors.As(err, fe) }

// ValidateGatewayID checks the form of a VPN gateway id: "vpn-" followed by
// lower-case letters, digits and hyphens.
func ValidateGatewayID(id string) error {
	const example = "vpn-bp17lofy9fd0dnvzv1234"
	if id == "" {
		return fieldErr(FieldVpnGatewayID, "a gateway id is required", example)
	}
	if t := strings.TrimSpace(id); t != id {
		if ValidateGatewayID(t) == nil {
			return &FieldError{Field: FieldVpnGatewayID, Label: Label(FieldVpnGatewayID), Rule: "remove the surrounding spaces", Suggestion: t}
		}
		id = t
	}
	if l := strings.ToLower(id); l != id && ValidateGatewayID(l) == nil {
		return &FieldError{Field: FieldVpnGatewayID, Label: Label(FieldVpnGatewayID), Rule: "gateway ids are lower case", Suggestion: l}
	}
	rest, ok := strings.CutPrefix(id, "vpn-")
	if !ok || rest == "" {
		return fieldErr(FieldVpnGatewayID, fmt.Sprintf("%q is not a VPN gateway id: it starts with vpn-", id), example)
	}
	if len(id) > 64 {
		return fieldErr(FieldVpnGatewayID, "a gateway id has at most 64 characters", example)
	}
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fieldErr(FieldVpnGatewayID, fmt.Sprintf("%q may only contain a-z, 0-9 and -", id), example)
		}
	}
	if strings.HasSuffix(rest, "-") {
		return fieldErr(FieldVpnGatewayID, fmt.Sprintf("%q ends with a hyphen", id), example)
	}
	return nil
}

// ValidateRegion checks a region id ("cn-hangzhou"); when regions is not
// empty the id must be one of them.
func ValidateRegion(id string, regions []client.Region) error {
	const example = "cn-hangzhou"
	if id == "" {
		return fieldErr(FieldRegionID, "a region is required", example)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fieldErr(FieldRegionID, fmt.Sprintf("%q is not a region id (lower-case letters, digits, -)", id), example)
		}
	}
	if len(regions) > 0 && !slices.ContainsFunc(regions, func(r client.Region) bool { return r.RegionId == id }) {
		return fieldErr(FieldRegionID, fmt.Sprintf("%q is not a region this account can use", id), regions[0].RegionId)
	}
	return nil
}

// ValidateName checks the server name: 1 to 100 characters, no control
// characters.
func ValidateName(name string) error {
	const example = "office-vpn"
	if strings.TrimSpace(name) == "" {
		return fieldErr(FieldName, "a name of 1 to 100 characters is required", example)
	}
	if !utf8.ValidString(name) {
		return fieldErr(FieldName, "the name is not valid text (UTF-8)", example)
	}
	if n := utf8.RuneCountInString(name); n > 100 {
		return fieldErr(FieldName, fmt.Sprintf("the name has %d characters, at most 100 are allowed", n), example)
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		return fieldErr(FieldName, "the name may not contain control characters (tabs, new lines)", example)
	}
	if t := strings.TrimSpace(name); t != name {
		return &FieldError{Field: FieldName, Label: Label(FieldName), Rule: "remove the surrounding spaces", Suggestion: t}
	}
	return nil
}

// ValidatePsk checks a pre-shared key: 1 to 100 printable ASCII characters.
// The message never contains the key.
func ValidatePsk(psk string) error {
	const example = "a random 24-character key"
	if psk == "" {
		return fieldErr(FieldPsk, "a key of 1 to 100 characters is required", example)
	}
	if len(psk) > 100 {
		return fieldErr(FieldPsk, fmt.Sprintf("the key has %d characters, at most 100 are allowed", len(psk)), example)
	}
	for _, r := range psk {
		if r < 0x20 || r > 0x7e {
			return fieldErr(FieldPsk, "use printable ASCII characters only (no accents, emoji, tabs or control characters)", example)
		}
	}
	if strings.TrimSpace(psk) != psk {
		return fieldErr(FieldPsk, "the key may not start or end with a space (clients would trim it)", example)
	}
	return nil
}

// ValidatePskConfirm checks that the key was typed the same twice.
func ValidatePskConfirm(psk, confirm string) error {
	if psk != confirm {
		return &FieldError{Field: FieldPsk, Label: "Pre-shared key, again", Rule: "the two entries differ: type the same key twice"}
	}
	return nil
}

// ParseLifetime parses a lifetime in seconds as typed (0..86400).
func ParseLifetime(field, s string) (int, error) {
	const example = "86400"
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fieldErr(field, "a number of seconds from 0 to 86400 is required", example)
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fieldErr(field, fmt.Sprintf("%q is not a whole number of seconds", s), example)
	}
	return n, ValidateLifetime(field, n)
}

// ValidateLifetime checks an SA lifetime: 0 to 86400 seconds.
func ValidateLifetime(field string, seconds int) error {
	if seconds < 0 || seconds > client.MaxLifetime {
		return fieldErr(field, fmt.Sprintf("%d is out of range: use 0 to %d seconds", seconds, client.MaxLifetime), "86400")
	}
	return nil
}

// ValidateIdentity checks LocalId/RemoteId: empty (optional), an IP address or
// a fully qualified domain name.
func ValidateIdentity(field, id string) error {
	const example = "vpn.example.com or 203.0.113.10"
	if id == "" {
		return nil
	}
	if t := strings.TrimSpace(id); t != id {
		return &FieldError{Field: field, Label: Label(field), Rule: "remove the surrounding spaces", Suggestion: t}
	}
	if _, err := netip.ParseAddr(id); err == nil {
		return nil
	}
	if isFQDN(id) {
		return nil
	}
	return fieldErr(field, fmt.Sprintf("%q is neither an IP address nor a fully qualified domain name", id), example)
}

func isFQDN(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if len(s) == 0 || len(s) > 253 {
		return false
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if len(l) == 0 || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
				return false
			}
		}
	}
	top := labels[len(labels)-1]
	return strings.IndexFunc(top, func(r rune) bool { return !unicode.IsDigit(r) }) >= 0
}

var allowed = map[string][]string{
	FieldIkeVersion:   {"ikev1", "ikev2"},
	FieldIkeMode:      {"main", "aggressive"},
	FieldIkeEncAlg:    {"aes", "aes192", "aes256", "des", "3des", "sm4"},
	FieldIkeAuthAlg:   {"md5", "sha1", "sha256", "sha384", "sha512", "sm3"},
	FieldIkePfs:       {"group1", "group2", "group5", "group14"},
	FieldIpsecEncAlg:  {"aes", "aes192", "aes256", "des", "3des", "sm4"},
	FieldIpsecAuthAlg: {"md5", "sha1", "sha256", "sha384", "sha512", "sm3"},
	FieldIpsecPfs:     {"disabled", "group1", "group2", "group5", "group14"},
}

// NationalStandardOnly are the values only NationalStandard gateways accept.
var NationalStandardOnly = []string{"sm4", "sm3"}

// AllowedValues lists the values the API accepts for an IkeConfig/IpsecConfig
// key, strongest-first order aside: the API's order. nationalStandard adds
// sm3/sm4.
func AllowedValues(field string, nationalStandard bool) []string {
	var out []string
	for _, v := range allowed[field] {
		if !nationalStandard && slices.Contains(NationalStandardOnly, v) {
			continue
		}
		out = append(out, v)
	}
	return out
}

// ValidateEnum checks an algorithm, mode, version or group value for field.
func ValidateEnum(field, value string) error {
	vals, ok := allowed[field]
	if !ok {
		return &FieldError{Field: field, Label: Label(field), Rule: "unknown setting"}
	}
	if slices.Contains(vals, value) {
		return nil
	}
	if l := strings.ToLower(strings.TrimSpace(value)); slices.Contains(vals, l) {
		return &FieldError{Field: field, Label: Label(field), Rule: fmt.Sprintf("%q is written in lower case", value), Suggestion: l}
	}
	if value == "" {
		return fieldErr(field, "a value is required: one of "+strings.Join(AllowedValues(field, false), ", "), Recommended(field))
	}
	return fieldErr(field, fmt.Sprintf("%q is not one of %s", value, strings.Join(vals, ", ")), Recommended(field))
}

// Recommended is the value the "Recommended" profile uses for field.
func Recommended(field string) string {
	ike, ipsec := client.RecommendedIke(), client.RecommendedIpsec()
	switch field {
	case FieldIkeVersion:
		return ike.IkeVersion
	case FieldIkeMode:
		return ike.IkeMode
	case FieldIkeEncAlg:
		return ike.IkeEncAlg
	case FieldIkeAuthAlg:
		return ike.IkeAuthAlg
	case FieldIkePfs:
		return ike.IkePfs
	case FieldIpsecEncAlg:
		return ipsec.IpsecEncAlg
	case FieldIpsecAuthAlg:
		return ipsec.IpsecAuthAlg
	case FieldIpsecPfs:
		return ipsec.IpsecPfs
	case FieldIkeLifetime, FieldIpsecLifetime:
		return strconv.Itoa(client.DefaultLifetime)
	}
	return ""
}

var weak = map[string]string{
	"des":    "DES is broken: use aes256",
	"3des":   "3DES is slow and deprecated: use aes256",
	"md5":    "MD5 is broken: use sha256",
	"sha1":   "SHA-1 is deprecated: use sha256",
	"group1": "DH group 1 (768-bit) is broken: use group14",
	"group2": "DH group 2 (1024-bit) is too weak: use group14",
	"group5": "DH group 5 (1536-bit) is weak: use group14",
}

// IsWeak reports whether an algorithm or group is weak by today's standards:
// allowed, but worth a warning.
func IsWeak(value string) bool { _, ok := weak[value]; return ok }

// WeakWarning is the one-line warning for a weak value, "" otherwise.
func WeakWarning(value string) string {
	if w, ok := weak[value]; ok {
		return "weak: " + w
	}
	return ""
}

// GatewayEligibility says why a gateway cannot take an IPsec server, with the
// fix; nil when it can. details (may be nil) adds the checks the gateway list
// cannot answer: IPsec-VPN connections and an existing IPsec server.
func GatewayEligibility(g client.Gateway, details *GatewayDetails) error {
	refuse := func(rule string) error {
		return &FieldError{Field: FieldVpnGatewayID, Label: Label(FieldVpnGatewayID), Rule: g.VpnGatewayId + ": " + rule}
	}
	if details != nil && details.Gateway.VpnGatewayId == g.VpnGatewayId {
		g = details.Gateway
	}
	if !g.SslVpnEnabled {
		return refuse("SSL-VPN is off on this gateway: turn it on in the VPN gateway console first")
	}
	if g.BusinessStatus == client.BusinessFinancialLocked {
		return refuse("the gateway is locked for an overdue payment (FinancialLocked): top up your account, then try again")
	}
	if g.Status != client.StatusActive {
		st := g.Status
		if st == "" {
			st = "in an unknown state"
		}
		return refuse(fmt.Sprintf("the gateway is %s, not active: wait until it is active (ipsecwiz status %s), then try again", st, g.VpnGatewayId))
	}
	if details != nil {
		if details.VpnConnections > 0 {
			return refuse(fmt.Sprintf("the gateway has %d IPsec-VPN connection(s) and cannot also host an IPsec server: delete them or choose another gateway", details.VpnConnections))
		}
		if details.IpsecServers > 0 {
			return refuse("the gateway already has an IPsec server (one per gateway): edit that one or choose another gateway")
		}
	}
	return nil
}

// ValidateSpec checks a whole spec against data with the same rules and
// messages as the pages; used by --no-input and after accessible mode. It
// returns every problem found, in page order.
func ValidateSpec(spec client.ServerSpec, data Data) []error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(ValidateRegion(spec.RegionId, data.Regions))
	if err := ValidateGatewayID(spec.VpnGatewayId); err != nil {
		add(err)
	} else if d := data.Details; d != nil && d.Gateway.VpnGatewayId == spec.VpnGatewayId {
		add(GatewayEligibility(d.Gateway, d))
	} else if i := slices.IndexFunc(data.Gateways, func(g client.Gateway) bool { return g.VpnGatewayId == spec.VpnGatewayId }); i >= 0 {
		add(GatewayEligibility(data.Gateways[i], nil))
	}
	add(ValidateLocalSubnets(spec.LocalSubnet.String()))
	add(ValidateClientIpPool(spec.ClientIpPool, spec.LocalSubnet, data.vpcCIDRs(spec.VpnGatewayId)))
	if spec.IpSecServerName != "" {
		add(ValidateName(spec.IpSecServerName))
	}
	ns := data.nationalStandard(spec.VpnGatewayId)
	enum := func(field, v string) {
		if err := ValidateEnum(field, v); err != nil {
			add(err)
		} else if !ns && slices.Contains(NationalStandardOnly, v) {
			add(fieldErr(field, v+" needs a NationalStandard (SM) gateway", Recommended(field)))
		}
	}
	if c := spec.IkeConfig; c != nil {
		enum(FieldIkeVersion, c.IkeVersion)
		enum(FieldIkeMode, c.IkeMode)
		enum(FieldIkeEncAlg, c.IkeEncAlg)
		enum(FieldIkeAuthAlg, c.IkeAuthAlg)
		enum(FieldIkePfs, c.IkePfs)
		add(ValidateLifetime(FieldIkeLifetime, c.IkeLifetime))
		add(ValidateIdentity(FieldLocalID, c.LocalId))
		add(ValidateIdentity(FieldRemoteID, c.RemoteId))
	}
	if c := spec.IpsecConfig; c != nil {
		enum(FieldIpsecEncAlg, c.IpsecEncAlg)
		enum(FieldIpsecAuthAlg, c.IpsecAuthAlg)
		enum(FieldIpsecPfs, c.IpsecPfs)
		add(ValidateLifetime(FieldIpsecLifetime, c.IpsecLifetime))
	}
	if !spec.PskEnabled {
		add(fieldErr(FieldPskEnabled, "must be true: the pre-shared key is the authentication ipsecwiz sets up", "true"))
	}
	if spec.Psk != "" {
		add(ValidatePsk(spec.Psk.Reveal()))
	}
	if t := spec.ClientToken; t != "" {
		if len(t) > 64 || strings.IndexFunc(t, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
			add(fieldErr(FieldClientToken, "use at most 64 printable ASCII characters without spaces", "d7d24a21-f4ba-4454-9173-b38a1b2c3d4e"))
		}
	}
	return errs
}

// pskAlphabet leaves out characters that are easy to misread or that need
// quoting in shells and configuration files (0/O, 1/l/I, quotes, $, \).
const pskAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// GeneratedPskLength is the length of keys GeneratePsk makes.
const GeneratedPskLength = 24

// GeneratePsk returns a strong pre-shared key: 24 characters drawn uniformly
// with crypto/rand from an unambiguous alphabet (about 140 bits).
func GeneratePsk() (client.Secret, error) {
	b := make([]byte, GeneratedPskLength)
	n := big.NewInt(int64(len(pskAlphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", fmt.Errorf("generating a pre-shared key: %w", err)
		}
		b[i] = pskAlphabet[k.Int64()]
	}
	return client.Secret(b), nil
}
