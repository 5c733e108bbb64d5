package ipsec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

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
	ike, phase2 := RecommendedIke(), RecommendedIpsec()
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
		return phase2.IpsecEncAlg
	case FieldIpsecAuthAlg:
		return phase2.IpsecAuthAlg
	case FieldIpsecPfs:
		return phase2.IpsecPfs
	case FieldIkeLifetime, FieldIpsecLifetime:
		return strconv.Itoa(DefaultLifetime)
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
