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

// strongSwan's names for the API's algorithms (integrity keeps its name:
// md5, sha1, sha256, sha384, sha512; the PRF follows from it). Every value
// the API offers outside NationalStandard gateways is known to strongSwan
// 5.9.8 and was negotiated by the interop test (des, md5 and modp768 come
// from its OpenSSL plugin, which loads OpenSSL 3's legacy provider).
var (
	swanEnc = map[string]string{"aes": "aes128", "aes192": "aes192", "aes256": "aes256", "des": "des", "3des": "3des"}
	swanDH  = map[string]string{"group1": "modp768", "group2": "modp1024", "group5": "modp1536", "group14": "modp2048"}
)

// proposal joins encryption, integrity and DH group the strongSwan way;
// pfs "disabled" leaves the group out. The values were checked against the
// allowed tables before.
func proposal(enc, auth, pfs string) string {
	p := swanEnc[enc] + "-" + auth
	if pfs != "disabled" {
		p += "-" + swanDH[pfs]
	}
	return p
}

// clientLifetime is the lifetime a client plans with for a server lifetime
// (seconds). Alibaba documents 0 as a valid IkeLifetime/IpsecLifetime but
// not what it does; elsewhere (strongSwan, VyOS) 0 means "never rekey". A
// client cannot keep one key forever, and rekeying within a day is right
// whether the server reads 0 as "no limit" or as its default, so 0 plans
// with the API's default of 86400 s (one day).
func clientLifetime(seconds int) int {
	if seconds <= 0 {
		return ipsec.DefaultLifetime
	}
	return seconds
}

// swanTimes are strongSwan's rekeying times for one SA.
type swanTimes struct{ rekey, rand, life int }

// swanLifetimes plans a client's rekeying under a server lifetime L: the
// client starts rekeying at 80% of L minus a random 0..10% (so a fleet of
// clients does not rekey at once), which leaves at least 20% of L for the
// exchange before the server's SA expires, and it never keeps an SA past L
// itself (life_time, and over_time for the IKE SA, end at L).
func swanLifetimes(serverLifetime int) swanTimes {
	l := clientLifetime(serverLifetime)
	t := swanTimes{rekey: l * 4 / 5, rand: l / 10, life: l}
	if t.rekey < 1 {
		t.rekey = 1
	}
	if t.life <= t.rekey { // a lifetime of 1 s leaves no room; strongSwan needs life > rekey
		t.life = t.rekey + 1
	}
	return t
}

// swanDPDDelay: a road warrior probes a silent server every 30 s, which also
// keeps a NAT mapping on the way open, and restarts the tunnel when the
// server stops answering.
const swanDPDDelay = "30s"

// StrongSwan renders a swanctl.conf that connects a strongSwan client to the
// server: exactly the server's IKE and ESP proposals, PSK authentication
// with the server's identity (LocalId, else the gateway's public IP, as the
// service does), a virtual IP from the client pool, the server's local
// subnets as the remote traffic selectors (IKEv1 interprets only the first
// selector of a child, so IKEv1 gets one child per subnet), rekeying before
// the server's lifetimes end, and dead-peer detection. The key is written,
// always as 0s + base64 (swanctl decodes values that start with 0x or 0s,
// even quoted), when in.IncludeKey; otherwise PskSecretPlaceholder stands
// there. It refuses (see clientSettings) rather than write a file that
// cannot connect: values not of their field's syntax, the SM algorithms,
// an unknown gateway address.
func StrongSwan(in Input) ([]byte, error) {
	cl, err := clientSettings("strongswan", in)
	if err != nil {
		return nil, err
	}
	ikev1 := cl.ike.IkeVersion == "ikev1"
	var b strings.Builder
	w := func(indent int, format string, args ...any) {
		b.WriteString(strings.Repeat("    ", indent))
		fmt.Fprintf(&b, format, args...)
		b.WriteByte('\n')
	}
	w(0, "# strongSwan (swanctl) client configuration for the IPsec server on %s, written by ipsecwiz.", cl.gatewayID)
	w(0, "# Put it in /etc/swanctl/conf.d/ with mode 0600 and run: swanctl --load-all")
	w(0, "# The proposals are exactly the server's; the client rekeys well before the server's lifetimes end.")
	w(0, "connections {")
	w(1, "ipsecwiz {")
	if ikev1 {
		w(2, "version = 1")
		if cl.ike.IkeMode == "aggressive" {
			w(2, "aggressive = yes")
		}
	} else {
		w(2, "version = 2")
	}
	w(2, "remote_addrs = %s", cl.address)
	w(2, "vips = 0.0.0.0")
	w(2, "proposals = %s", proposal(cl.ike.IkeEncAlg, cl.ike.IkeAuthAlg, cl.ike.IkePfs))
	ikeTimes := swanLifetimes(cl.ike.IkeLifetime)
	if ikev1 {
		// IKEv1 cannot rekey an IKE SA: strongSwan reauthenticates instead.
		w(2, "reauth_time = %ds", ikeTimes.rekey)
	} else {
		w(2, "rekey_time = %ds", ikeTimes.rekey)
	}
	w(2, "rand_time = %ds", ikeTimes.rand)
	w(2, "over_time = %ds", ikeTimes.life-ikeTimes.rekey)
	w(2, "dpd_delay = %s", swanDPDDelay)
	if ikev1 {
		w(2, "dpd_timeout = 150s")
	}
	w(2, "send_certreq = no")
	w(2, "local {")
	w(3, "auth = psk")
	if cl.clientID != "" {
		w(3, "id = %s", cl.clientID)
	}
	w(2, "}")
	w(2, "remote {")
	w(3, "auth = psk")
	w(3, "id = %s", cl.serverID)
	w(2, "}")
	w(2, "children {")
	espTimes := swanLifetimes(cl.phase2.IpsecLifetime)
	child := func(name, ts string) {
		w(3, "%s {", name)
		w(4, "esp_proposals = %s", proposal(cl.phase2.IpsecEncAlg, cl.phase2.IpsecAuthAlg, cl.phase2.IpsecPfs))
		w(4, "remote_ts = %s", ts)
		w(4, "rekey_time = %ds", espTimes.rekey)
		w(4, "rand_time = %ds", espTimes.rand)
		w(4, "life_time = %ds", espTimes.life)
		w(4, "dpd_action = restart")
		w(4, "close_action = start")
		w(4, "start_action = start")
		w(3, "}")
	}
	switch {
	case ikev1 && len(cl.subnets) > 1:
		for i, p := range cl.subnets {
			child(fmt.Sprintf("ipsecwiz-%d", i+1), p.String())
		}
	default:
		ts := make([]string, len(cl.subnets))
		for i, p := range cl.subnets {
			ts[i] = p.String()
		}
		child("ipsecwiz", strings.Join(ts, ","))
	}
	w(2, "}")
	w(1, "}")
	w(0, "}")
	w(0, "secrets {")
	w(1, "ike-ipsecwiz {")
	w(2, "id = %s", cl.serverID)
	if cl.key == "" {
		w(2, "# The key is not in this file: export again with the key, or put it here as 0s followed by its base64.")
	}
	w(2, "secret = %s", swanSecret(cl.key))
	w(1, "}")
	w(0, "}")
	return []byte(b.String()), nil
}

// swanSecret is the secret's value: 0s + base64 of the key, the one encoding
// that survives every key (a key that starts with 0x or 0s would otherwise be
// decoded as hex or base64, quoted or not); a placeholder without a key.
func swanSecret(psk ipsec.Secret) string {
	if psk == "" {
		return `"` + PskSecretPlaceholder + `"`
	}
	return `"0s` + base64.StdEncoding.EncodeToString([]byte(psk.Reveal())) + `"`
}
