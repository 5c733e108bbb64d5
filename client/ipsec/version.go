package ipsec

import (
	"strconv"
	"strings"
)

// MinIpsecServerVersion is the oldest gateway version that can hold an IPsec
// server: an older one answers CreateIpsecServer with
// OperationUnsupported.IPsecServer. [I] The reference says the version in the
// gateway's features decides; the threshold is the sandbox's, which keeps
// its own copy of the rule so each checks the other.
const MinIpsecServerVersion = "v1.2.0"

// SupportsIpsecServer applies the version rule to a gateway's VpnVersion.
// known is false when the version is absent or not of the form v1.2.4, and
// then nothing is concluded.
func SupportsIpsecServer(version string) (supported, known bool) {
	c, ok := CompareVpnVersions(version, MinIpsecServerVersion)
	return ok && c >= 0, ok
}

// CompareVpnVersions orders versions of the form v1.2.4 numerically, part
// by part (v1.10 is after v1.9; a missing part counts as 0); ok is false
// when either is not of that form.
func CompareVpnVersions(a, b string) (cmp int, ok bool) {
	pa, oka := versionParts(a)
	pb, okb := versionParts(b)
	if !oka || !okb {
		return 0, false
	}
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
	}
	return 0, true
}

func versionParts(v string) ([]int, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(v), "v")
	if !ok || rest == "" {
		return nil, false
	}
	var out []int
	for _, p := range strings.Split(rest, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(p) > 6 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}
