package export

import (
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// PskSecretPlaceholder stands for the key in a client configuration written
// without it.
const PskSecretPlaceholder = "<your pre-shared key>"

// strongSwan's names for the API's algorithms.
var (
	swanEnc = map[string]string{"aes": "aes128", "aes192": "aes192", "aes256": "aes256", "des": "des", "3des": "3des", "sm4": "sm4"}
	swanDH  = map[string]string{"group1": "modp768", "group2": "modp1024", "group5": "modp1536", "group14": "modp2048", "group24": "modp2048s256"}
)

func swanName(table map[string]string, alg string) string {
	if n, ok := table[strings.ToLower(alg)]; ok {
		return n
	}
	return strings.ToLower(alg) // md5, sha1, sha256, sha384, sha512 keep their names
}

// proposal joins encryption, integrity and DH group the strongSwan way;
// pfs "disabled" (or empty) leaves the group out.
func proposal(enc, auth, pfs string) string {
	p := swanName(swanEnc, enc) + "-" + swanName(nil, auth)
	if pfs != "" && !strings.EqualFold(pfs, "disabled") {
		p += "-" + swanName(swanDH, pfs)
	}
	return p
}

// StrongSwan renders a swanctl.conf that connects a strongSwan client to the
// server: IKE and ESP proposals matching the server's, PSK authentication, a
// virtual IP from the client pool and the server's local subnets as the
// remote traffic selectors.
func StrongSwan(in Input) ([]byte, error) {
	spec := in.Spec
	serverAddress := in.serverAddress()
	ike, phase2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	serverID := ike.LocalId
	if serverID == "" {
		serverID = serverAddress // the service's default LocalId
	}
	version := "2"
	if strings.EqualFold(ike.IkeVersion, "ikev1") {
		version = "1"
	}

	var b strings.Builder
	w := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("    ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	w(0, "# swanctl.conf for the IPsec server on %s, written by ipsecwiz.", spec.VpnGatewayId)
	w(0, "# Load with: swanctl --load-all (file in /etc/swanctl/conf.d/).")
	w(0, "connections {")
	w(1, "ipsecwiz {")
	w(2, "version = %s", version)
	if version == "1" && strings.EqualFold(ike.IkeMode, "aggressive") {
		w(2, "aggressive = yes")
	}
	w(2, "remote_addrs = %s", serverAddress)
	w(2, "vips = 0.0.0.0")
	w(2, "proposals = %s", proposal(ike.IkeEncAlg, ike.IkeAuthAlg, ike.IkePfs))
	if ike.IkeLifetime > 0 {
		w(2, "rekey_time = %ds", ike.IkeLifetime)
	}
	w(2, "local {")
	w(3, "auth = psk")
	if ike.RemoteId != "" {
		w(3, "id = %s", ike.RemoteId)
	}
	w(2, "}")
	w(2, "remote {")
	w(3, "auth = psk")
	if serverID != "" {
		w(3, "id = %s", serverID)
	}
	w(2, "}")
	w(2, "children {")
	w(3, "ipsecwiz {")
	w(4, "esp_proposals = %s", proposal(phase2.IpsecEncAlg, phase2.IpsecAuthAlg, phase2.IpsecPfs))
	w(4, "remote_ts = %s", spec.LocalSubnet.String())
	if phase2.IpsecLifetime > 0 {
		w(4, "rekey_time = %ds", phase2.IpsecLifetime)
	}
	w(4, "start_action = start")
	w(3, "}")
	w(2, "}")
	w(1, "}")
	w(0, "}")
	w(0, "secrets {")
	w(1, "ike-ipsecwiz {")
	if serverID != "" {
		w(2, "id = %s", serverID)
	}
	w(2, "secret = %s", swanSecret(in.key()))
	w(1, "}")
	w(0, "}")
	return []byte(b.String()), nil
}

// swanSecret is the secret's value: the key quoted, or base64 ("0s"
// prefix) when quoting could not carry it; a placeholder without a key.
func swanSecret(psk ipsec.Secret) string {
	if psk == "" {
		return `"` + PskSecretPlaceholder + `"`
	}
	key := psk.Reveal()
	if strings.ContainsAny(key, "\"\\\n\r") {
		return "0s" + base64.StdEncoding.EncodeToString([]byte(key))
	}
	return `"` + key + `"`
}
