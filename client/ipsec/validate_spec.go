package ipsec

import (
	"slices"
	"strings"
)

// ValidateSpec checks a whole spec against data with the same rules and
// messages as the pages; used by --no-input and after accessible mode. It
// returns every problem found, in page order.
func ValidateSpec(spec ServerSpec, facts Facts) []error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(ValidateRegion(spec.RegionId, facts.Regions))
	if err := ValidateGatewayID(spec.VpnGatewayId); err != nil {
		add(err)
	} else if d := facts.Details; d != nil && d.Gateway.VpnGatewayId == spec.VpnGatewayId {
		add(CreateEligibility(d, spec.ClientToken))
	} else if i := slices.IndexFunc(facts.Gateways, func(g Gateway) bool { return g.VpnGatewayId == spec.VpnGatewayId }); i >= 0 {
		add(GatewayEligibility(facts.Gateways[i], nil))
	}
	add(ValidateLocalSubnets(spec.LocalSubnet.String()))
	add(ValidateClientIpPool(spec.ClientIpPool, spec.LocalSubnet, facts.PoolAvoid(spec.VpnGatewayId)))
	if spec.IpSecServerName != "" {
		add(ValidateName(spec.IpSecServerName))
	}
	ns := facts.NationalStandard(spec.VpnGatewayId)
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
	if spec.ClientToken != "" {
		add(ValidateClientToken(spec.ClientToken))
	}
	return errs
}

// ValidateClientToken checks an idempotency token: at most 64 printable
// ASCII characters, no spaces.
func ValidateClientToken(t string) error {
	if len(t) > 64 || strings.IndexFunc(t, func(r rune) bool { return r < 0x21 || r > 0x7e }) >= 0 {
		return fieldErr(FieldClientToken, "use at most 64 printable ASCII characters without spaces", "d7d24a21-f4ba-4454-9173-b38a1b2c3d4e")
	}
	return nil
}
