package export

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Every value a rendering writes passes through here first: a value that is
// not of its field's syntax is refused with an *InvalidValueError naming the
// field, so nothing but IP addresses, FQDNs, CIDR blocks, ids and the allowed
// algorithms ever reaches a configuration file.

// checker records the first refused value of one rendering.
type checker struct {
	format string
	err    error
}

// check records err (a validator's answer for value) as the refusal of field.
func (c *checker) check(field, value string, err error) {
	if c.err != nil || err == nil {
		return
	}
	rule := err.Error()
	var fe *ipsec.FieldError
	if errors.As(err, &fe) {
		rule = fe.Rule
		if fe.Example != "" {
			rule += ", e.g. " + fe.Example
		}
	}
	if field == ipsec.FieldPsk {
		value = "" // never shown
	}
	c.err = &InvalidValueError{Format: c.format, Field: field, Value: value, Rule: rule}
}

// address checks an IP address field (the gateway's InternetIp).
func (c *checker) address(field, value string) string {
	a, err := netip.ParseAddr(value)
	if err != nil || a.Zone() != "" || a.IsUnspecified() {
		c.check(field, value, errors.New("an IP address, e.g. 203.0.113.10"))
		return ""
	}
	return a.String()
}

// identity checks LocalId/RemoteId: an FQDN or an IP address.
func (c *checker) identity(field, value string) string {
	if value == "" {
		return ""
	}
	c.check(field, value, ipsec.ValidateIdentity(field, value))
	return value
}

// subnets checks the local subnets and returns them in canonical form.
func (c *checker) subnets(list ipsec.CIDRList) []netip.Prefix {
	ps, err := ipsec.ParsePrefixes(ipsec.FieldLocalSubnet, list.String())
	c.check(ipsec.FieldLocalSubnet, list.String(), err)
	if err == nil {
		_, err = ipsec.CanonicalCIDRList(list.String())
		c.check(ipsec.FieldLocalSubnet, list.String(), err)
	}
	return ps
}

// pool checks the client IP pool: exactly one CIDR block.
func (c *checker) pool(value string) string {
	ps, err := ipsec.ParsePrefixes(ipsec.FieldClientIPPool, value)
	if err == nil && len(ps) != 1 {
		err = errors.New("exactly one CIDR block")
	}
	c.check(ipsec.FieldClientIPPool, value, err)
	if err != nil {
		return ""
	}
	return ps[0].String()
}

// proposals checks every key of both proposals against the allowed values
// and the lifetimes against their range.
func (c *checker) proposals(ike ipsec.IkeConfig, phase2 ipsec.IpsecConfig) {
	for _, f := range []struct{ field, value string }{
		{ipsec.FieldIkeVersion, ike.IkeVersion}, {ipsec.FieldIkeMode, ike.IkeMode},
		{ipsec.FieldIkeEncAlg, ike.IkeEncAlg}, {ipsec.FieldIkeAuthAlg, ike.IkeAuthAlg}, {ipsec.FieldIkePfs, ike.IkePfs},
		{ipsec.FieldIpsecEncAlg, phase2.IpsecEncAlg}, {ipsec.FieldIpsecAuthAlg, phase2.IpsecAuthAlg},
		{ipsec.FieldIpsecPfs, phase2.IpsecPfs},
	} {
		c.check(f.field, f.value, ipsec.ValidateEnum(f.field, f.value))
	}
	c.check(ipsec.FieldIkeLifetime, fmt.Sprint(ike.IkeLifetime), ipsec.ValidateLifetime(ipsec.FieldIkeLifetime, ike.IkeLifetime))
	c.check(ipsec.FieldIpsecLifetime, fmt.Sprint(phase2.IpsecLifetime), ipsec.ValidateLifetime(ipsec.FieldIpsecLifetime, phase2.IpsecLifetime))
	c.identity(ipsec.FieldLocalID, ike.LocalId)
	c.identity(ipsec.FieldRemoteID, ike.RemoteId)
}

// serverID checks an IPsec server id (iss-...).
func (c *checker) serverID(value string) string {
	if err := ipsec.ValidateServerID(value); err != nil {
		c.check("IpsecServerId", value, err)
		return ""
	}
	return value
}

// client is what every VPN client configuration writes, each value checked:
// the address to dial, the identities, the proposals, the subnets behind the
// server and, when the rendering is to hold it, the key.
type client struct {
	gatewayID string
	address   string // the gateway's public IP
	serverID  string // the server's IKE identity: LocalId, else the address (the service's default)
	clientID  string // the identity the server expects of clients (RemoteId), "" = any
	ike       ipsec.IkeConfig
	phase2    ipsec.IpsecConfig
	subnets   []netip.Prefix
	key       ipsec.Secret // "" unless the rendering is asked to hold it and it is known
}

// clientSettings checks in for a client configuration of format: first the
// syntax of every value (*InvalidValueError), then what no standard client
// can run (the SM algorithms of NationalStandard gateways, an
// *UnsupportedError), then the gateway's address, which a client cannot do
// without (*MissingValueError).
func clientSettings(format string, in Input) (client, error) {
	c := checker{format: format}
	spec := in.Spec
	cl := client{}
	cl.ike, cl.phase2 = effectiveProposals(spec)
	c.check(ipsec.FieldVpnGatewayID, spec.VpnGatewayId, ipsec.ValidateGatewayID(spec.VpnGatewayId))
	cl.gatewayID = spec.VpnGatewayId
	c.proposals(cl.ike, cl.phase2)
	cl.subnets = c.subnets(spec.LocalSubnet)
	addr := in.serverAddress()
	if addr != "" {
		cl.address = c.address("InternetIp", addr)
	}
	cl.serverID = cl.ike.LocalId
	if cl.serverID == "" && in.Server != nil {
		cl.serverID = c.identity(ipsec.FieldLocalID, in.Server.IkeConfig.LocalId)
	}
	cl.clientID = cl.ike.RemoteId
	if key := in.key(); key != "" {
		c.check(ipsec.FieldPsk, "", ipsec.ValidatePsk(key.Reveal()))
		cl.key = key
	}
	if c.err != nil {
		return client{}, c.err
	}
	for _, f := range []struct{ field, value string }{
		{ipsec.FieldIkeEncAlg, cl.ike.IkeEncAlg}, {ipsec.FieldIkeAuthAlg, cl.ike.IkeAuthAlg},
		{ipsec.FieldIpsecEncAlg, cl.phase2.IpsecEncAlg}, {ipsec.FieldIpsecAuthAlg, cl.phase2.IpsecAuthAlg},
	} {
		if slices.Contains(ipsec.NationalStandardOnly, f.value) {
			return client{}, &UnsupportedError{Format: format, Setting: f.field + " " + f.value,
				Reason: "the SM algorithms (sm3, sm4) of NationalStandard gateways are unknown to standard IPsec clients " +
					"(strongSwan 5.9.8 rejects the whole connection, Apple's and Windows' clients do not offer them)",
				Remedy: "use a client that implements SM3/SM4 (GM/T 0022), or a standard gateway (VpnType Normal) with aes256 and sha256"}
		}
	}
	if cl.address == "" {
		return client{}, &MissingValueError{Format: format, Field: "InternetIp",
			Reason: "a client dials the gateway's public IP, and a file with a placeholder in its place cannot connect",
			Remedy: "run the export with working credentials (or --sandbox) so ipsecwiz can read the gateway (DescribeVpnGateway), " +
				"or export from `ipsecwiz show` once the server exists"}
	}
	if cl.serverID == "" {
		cl.serverID = cl.address // the service's default LocalId
	}
	return cl, nil
}

// effectiveProposals is what the server runs: the spec's proposals, with the
// service's default for a member left empty (the service treats "" as not
// given, as the Terraform provider's requests show).
func effectiveProposals(spec ipsec.ServerSpec) (ipsec.IkeConfig, ipsec.IpsecConfig) {
	ike, phase2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	def, defPhase2 := ipsec.ServiceDefaultIke(), ipsec.ServiceDefaultIpsec()
	for _, f := range []struct {
		v *string
		d string
	}{
		{&ike.IkeVersion, def.IkeVersion}, {&ike.IkeMode, def.IkeMode}, {&ike.IkeEncAlg, def.IkeEncAlg},
		{&ike.IkeAuthAlg, def.IkeAuthAlg}, {&ike.IkePfs, def.IkePfs},
		{&phase2.IpsecEncAlg, defPhase2.IpsecEncAlg}, {&phase2.IpsecAuthAlg, defPhase2.IpsecAuthAlg},
		{&phase2.IpsecPfs, defPhase2.IpsecPfs},
	} {
		if *f.v == "" {
			*f.v = f.d
		}
	}
	return ike, phase2
}
