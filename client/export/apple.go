package export

import (
	"crypto/sha1"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Apple's values (Device Management reference, VPN.IKEv2 and its
// SecurityAssociationParameters) for the API's algorithms. What is missing
// has no counterpart there: AES-192 (Apple lists AES-128, AES-256 and their
// GCM forms, DES, 3DES, ChaCha20Poly1305) and MD5 (Apple lists SHA1-96,
// SHA1-160 and SHA2-256/384/512). SHA1-96 is HMAC-SHA1-96, the integrity
// algorithm IKE and ESP mean by sha1.
var (
	appleEnc = map[string]string{"aes": "AES-128", "aes256": "AES-256", "des": "DES", "3des": "3DES"}
	appleInt = map[string]string{"sha1": "SHA1-96", "sha256": "SHA2-256", "sha384": "SHA2-384", "sha512": "SHA2-512"}
	appleDH  = map[string]int{"group1": 1, "group2": 2, "group5": 5, "group14": 14}
)

// Apple's bounds of LifeTimeInMinutes.
const (
	appleMinLifetimeMinutes = 10
	appleMaxLifetimeMinutes = 1440
)

// appleLocalIdentifier is the client's identity when the server accepts any
// (no RemoteId): Apple requires one, and any will do.
const appleLocalIdentifier = "ipsecwiz-client"

// AppleIdentifier is the profile's PayloadIdentifier for a gateway: the same
// for every export of its server, so importing a newer profile replaces the
// old one instead of adding a second VPN.
func AppleIdentifier(gatewayID string) string { return "com.github.ipsecwiz.vpn." + gatewayID }

// AppleProfile renders a configuration profile (.mobileconfig) for the
// native IKEv2 client of macOS, iOS and iPadOS, as Alibaba's own guide
// connects them: the gateway's public IP as server address, the server's
// identity as remote identifier, authentication by the pre-shared key and
// exactly the server's proposals in Apple's terms. It refuses what Apple
// cannot express (IKEv1 and so aggressive mode, AES-192, MD5, lifetimes
// under 10 minutes) with an *UnsupportedError. The key is required
// (in.IncludeKey and a known key): Apple's reference documents no prompt for
// a SharedSecret left out, so a profile without it could not connect. Payload
// identifiers and UUIDs derive from the gateway id, so they are stable.
func AppleProfile(in Input) ([]byte, error) {
	const format = "apple"
	cl, err := clientSettings(format, in)
	if err != nil {
		return nil, err
	}
	if cl.ike.IkeVersion != "ikev2" {
		setting := "IkeVersion " + cl.ike.IkeVersion
		if cl.ike.IkeMode == "aggressive" {
			setting += " (aggressive mode)"
		}
		return nil, &UnsupportedError{Format: format, Setting: setting,
			Reason: "Apple's native client for configuration profiles speaks IKEv2 only (no IKEv1, so no aggressive mode either)",
			Remedy: "set the server's IkeVersion to ikev2 (ipsecwiz update), or use the strongswan export on a Mac"}
	}
	ikeSA, err := appleSAOf(format, "Ike", cl.ike.IkeEncAlg, cl.ike.IkeAuthAlg, cl.ike.IkePfs, cl.ike.IkeLifetime)
	if err != nil {
		return nil, err
	}
	childSA, err := appleSAOf(format, "Ipsec", cl.phase2.IpsecEncAlg, cl.phase2.IpsecAuthAlg, cl.phase2.IpsecPfs, cl.phase2.IpsecLifetime)
	if err != nil {
		return nil, err
	}
	if cl.key == "" {
		return nil, &MissingValueError{Format: format, Field: ipsec.FieldPsk,
			Reason: "the profile authenticates with the pre-shared key (SharedSecret), and Apple's reference documents no prompt for one left out",
			Remedy: "export with the key included (it is then written with mode 0600); hand the file over as you would the key"}
	}
	pfs := 0
	if cl.phase2.IpsecPfs != "disabled" {
		pfs = 1
	}
	localID := cl.clientID
	if localID == "" {
		localID = appleLocalIdentifier
	}
	name := in.Spec.IpSecServerName
	if name != "" {
		var c checker
		c.format = format
		c.check(ipsec.FieldName, name, ipsec.ValidateName(name))
		if c.err != nil {
			return nil, c.err
		}
	} else {
		name = "Alibaba Cloud VPN " + cl.gatewayID
	}
	id := AppleIdentifier(cl.gatewayID)

	p := &plistWriter{}
	p.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	p.raw(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">`)
	p.raw(`<plist version="1.0">`)
	p.open("dict")
	p.key("PayloadContent")
	p.open("array")
	p.open("dict")
	p.key("IKEv2")
	p.open("dict")
	p.str("RemoteAddress", cl.address)
	p.str("RemoteIdentifier", cl.serverID)
	p.str("LocalIdentifier", localID)
	p.str("AuthenticationMethod", "SharedSecret")
	p.str("SharedSecret", cl.key.Reveal())
	p.integer("ExtendedAuthEnabled", 0)
	p.str("DeadPeerDetectionRate", "Medium")
	p.integer("EnablePFS", pfs)
	p.key("IKESecurityAssociationParameters")
	ikeSA.write(p, true)
	p.key("ChildSecurityAssociationParameters")
	childSA.write(p, pfs == 1)
	p.close("dict")
	p.str("PayloadDescription", "IKEv2 VPN to the Alibaba Cloud IPsec server on "+cl.gatewayID+", written by ipsecwiz")
	p.str("PayloadDisplayName", name)
	p.str("PayloadIdentifier", id+".ikev2")
	p.str("PayloadType", "com.apple.vpn.managed")
	p.str("PayloadUUID", stableUUID(id+".ikev2"))
	p.integer("PayloadVersion", 1)
	p.str("UserDefinedName", name)
	p.str("VPNType", "IKEv2")
	p.close("dict")
	p.close("array")
	p.str("PayloadDescription", "Connects to the IPsec server on "+cl.gatewayID+" with the native IKEv2 client")
	p.str("PayloadDisplayName", name)
	p.str("PayloadIdentifier", id)
	p.str("PayloadType", "Configuration")
	p.str("PayloadUUID", stableUUID(id))
	p.integer("PayloadVersion", 1)
	p.close("dict")
	p.raw(`</plist>`)
	return []byte(p.b.String()), nil
}

// appleSA is one SecurityAssociationParameters dictionary.
type appleSA struct {
	enc, integrity string
	dh, minutes    int
}

// appleSAOf maps one phase's proposal to Apple's values, or refuses a value
// Apple does not list. phase is "Ike" or "Ipsec", for the field names.
func appleSAOf(format, phase, enc, auth, pfs string, lifetime int) (appleSA, error) {
	unsupported := func(field, value, apple string) error {
		return &UnsupportedError{Format: format, Setting: phase + field + " " + value,
			Reason: "Apple's IKEv2 client offers " + apple,
			Remedy: "choose one of those on the server (ipsecwiz update), e.g. aes256 and sha256"}
	}
	sa := appleSA{enc: appleEnc[enc], integrity: appleInt[auth], dh: appleDH[pfs]}
	if sa.enc == "" {
		return sa, unsupported("EncAlg", enc, "AES-128, AES-256, DES and 3DES (no AES-192)")
	}
	if sa.integrity == "" {
		return sa, unsupported("AuthAlg", auth, "SHA1-96 and SHA2-256/384/512 (no MD5)")
	}
	if sa.dh == 0 && pfs != "disabled" {
		return sa, unsupported("Pfs", pfs, "DH groups 1, 2, 5, 14 and the elliptic ones")
	}
	// Apple rekeys before its lifetime ends; whole minutes, rounded down,
	// keep it at or under the server's. 0 plans with a day (clientLifetime).
	seconds := clientLifetime(lifetime)
	sa.minutes = min(seconds/60, appleMaxLifetimeMinutes)
	if sa.minutes < appleMinLifetimeMinutes {
		return sa, &UnsupportedError{Format: format, Setting: fmt.Sprintf("%sLifetime %d", phase, lifetime),
			Reason: fmt.Sprintf("Apple's shortest SA lifetime is %d minutes, and a client that rekeys later than the server's lifetime loses the tunnel", appleMinLifetimeMinutes),
			Remedy: fmt.Sprintf("set the server's %sLifetime to %d seconds or more", phase, appleMinLifetimeMinutes*60)}
	}
	return sa, nil
}

// write writes the dictionary; withDH false leaves the group out (a child
// SA without PFS takes no group).
func (sa appleSA) write(p *plistWriter, withDH bool) {
	p.open("dict")
	p.str("EncryptionAlgorithm", sa.enc)
	p.str("IntegrityAlgorithm", sa.integrity)
	if withDH {
		p.integer("DiffieHellmanGroup", sa.dh)
	}
	p.integer("LifeTimeInMinutes", sa.minutes)
	p.close("dict")
}

// plistWriter writes an XML property list with tab indentation, as Apple's
// tools do; every string is escaped.
type plistWriter struct {
	b     strings.Builder
	depth int
}

func (p *plistWriter) raw(s string) {
	p.b.WriteString(strings.Repeat("\t", p.depth))
	p.b.WriteString(s)
	p.b.WriteByte('\n')
}

func (p *plistWriter) open(tag string)  { p.raw("<" + tag + ">"); p.depth++ }
func (p *plistWriter) close(tag string) { p.depth--; p.raw("</" + tag + ">") }
func (p *plistWriter) key(k string)     { p.raw("<key>" + escapeXML(k) + "</key>") }
func (p *plistWriter) str(k, v string)  { p.key(k); p.raw("<string>" + escapeXML(v) + "</string>") }
func (p *plistWriter) integer(k string, v int) {
	p.key(k)
	p.raw(fmt.Sprintf("<integer>%d</integer>", v))
}

func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// stableUUID is a name-based UUID (version 5, SHA-1) of name in ipsecwiz's
// own namespace: the same name always gives the same UUID.
func stableUUID(name string) string {
	namespace := [16]byte{0x6f, 0x1d, 0x2c, 0x1e, 0x8a, 0x4b, 0x4e, 0x0f, 0x9c, 0x3a, 0x52, 0x7b, 0x1e, 0x0d, 0x44, 0x1a}
	h := sha1.New()
	h.Write(namespace[:])
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 4122 variant
	return strings.ToUpper(fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]))
}
