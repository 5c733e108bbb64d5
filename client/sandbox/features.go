package sandbox

import (
	"encoding/json"
	"strconv"
	"strings"
)

// MinIpsecServerVersion is the oldest gateway version that can hold an IPsec server [I]. The version is the
// VpnVersion in the feature JSON that DescribeVpnGateway(s) returns as Tag; CreateIpsecServer on a gateway
// whose VpnVersion is older (or missing) answers OperationUnsupported.IPsecServer. A client can apply the
// same rule before sending anything: see SupportsIpsecServer.
const MinIpsecServerVersion = "v1.2.0"

// GatewayFeatures is the feature set DescribeVpnGateway(s) carries, JSON-encoded, in Tag (not the resource
// tags, which are in Tags.Tag[]). Field names and the "true"/"false" strings are the service's.
type GatewayFeatures struct {
	VpnEnableBgp    string `json:"VpnEnableBgp"`
	VisuallySsl     string `json:"VisuallySsl"` // SSL-VPN client connections can be viewed (DescribeSslVpnClients)
	PbrPriority     string `json:"PbrPriority"`
	VpnNewImage     string `json:"VpnNewImage"`
	Description     string `json:"description"` // for internal use, per the API reference
	VpnVersion      string `json:"VpnVersion"`
	IDaaSNewVersion string `json:"IDaaSNewVersion"`
}

// SupportsIpsecServer applies the sandbox's rule to a gateway's Tag: true when its VpnVersion is at least
// MinIpsecServerVersion. known is false when the Tag is not feature JSON with a readable VpnVersion (the
// service then refuses a create as too old, and so does the sandbox).
func SupportsIpsecServer(tag string) (supported, known bool) {
	var f GatewayFeatures
	if err := json.Unmarshal([]byte(tag), &f); err != nil {
		return false, false
	}
	c, ok := CompareVpnVersions(f.VpnVersion, MinIpsecServerVersion)
	return ok && c >= 0, ok
}

// CompareVpnVersions orders versions of the form v1.2.4 numerically, part by part (v1.10 is after v1.9; a
// missing part counts as 0). ok is false when either is not of that form.
func CompareVpnVersions(a, b string) (cmp int, ok bool) {
	pa, oka := versionParts(a)
	pb, okb := versionParts(b)
	if !oka || !okb {
		return 0, false
	}
	for i := 0; i < max(len(pa), len(pb)); i++ {
		var x, y int
		if i < len(pa) {
			x = pa[i]
		}
		if i < len(pb) {
			y = pb[i]
		}
		if x != y {
			if x < y {
				return -1, true
			}
			return 1, true
		}
	}
	return 0, true
}

func versionParts(v string) ([]int, bool) {
	rest, ok := strings.CutPrefix(v, "v")
	if !ok || rest == "" {
		return nil, false
	}
	var out []int
	for _, p := range strings.Split(rest, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strconv.Itoa(n) != p {
			return nil, false
		}
		out = append(out, n)
	}
	return out, true
}
