package ipsec

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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

// ExampleServerID is an IPsec server id that passes ValidateServerID.
const ExampleServerID = "iss-bp1jougp8cfsbo8y9abcd"

// ValidateServerID checks the form of an IPsec server id: "iss-" followed
// by lower-case letters, digits and hyphens.
func ValidateServerID(id string) error {
	if id == "" {
		return fieldErr(FieldIpsecServerID, "an IPsec server id is required (ipsecwiz list shows them)", ExampleServerID)
	}
	if t := strings.ToLower(strings.TrimSpace(id)); t != id && ValidateServerID(t) == nil {
		return &FieldError{Field: FieldIpsecServerID, Label: Label(FieldIpsecServerID), Rule: "server ids are lower case, without spaces", Suggestion: t}
	}
	rest, ok := strings.CutPrefix(id, "iss-")
	if !ok || rest == "" {
		return fieldErr(FieldIpsecServerID, fmt.Sprintf("%q is not an IPsec server id: it starts with iss-", id), ExampleServerID)
	}
	if len(id) > 64 {
		return fieldErr(FieldIpsecServerID, "a server id has at most 64 characters", ExampleServerID)
	}
	for _, r := range rest {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fieldErr(FieldIpsecServerID, fmt.Sprintf("%q may only contain a-z, 0-9 and -", id), ExampleServerID)
		}
	}
	if rest[0] == '-' || strings.HasSuffix(rest, "-") {
		return fieldErr(FieldIpsecServerID, fmt.Sprintf("%q starts or ends with a hyphen after iss-", id), ExampleServerID)
	}
	return nil
}

// ValidateRegion checks a region id ("cn-hangzhou"); when regions is not
// empty the id must be one of them.
func ValidateRegion(id string, regions []Region) error {
	const example = "cn-hangzhou"
	if id == "" {
		return fieldErr(FieldRegionID, "a region is required", example)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return fieldErr(FieldRegionID, fmt.Sprintf("%q is not a region id (lower-case letters, digits, -)", id), example)
		}
	}
	if len(regions) > 0 && !slices.ContainsFunc(regions, func(r Region) bool { return r.RegionId == id }) {
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
	if seconds < 0 || seconds > MaxLifetime {
		return fieldErr(field, fmt.Sprintf("%d is out of range: use 0 to %d seconds", seconds, MaxLifetime), "86400")
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
