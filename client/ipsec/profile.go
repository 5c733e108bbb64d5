package ipsec

// Security profiles: how a spec's proposals are chosen. The flag
// --security-profile and the wizard's profile page take these values.
const (
	ProfileRecommended    = "recommended"     // IKEv2, AES-256, SHA-256, DH group 14 for both phases
	ProfileServiceDefault = "service-default" // send no proposals: the service applies its (weak) defaults
	ProfileCustom         = "custom"          // every value chosen
)

// Profiles lists the profiles in the order a picker offers them.
var Profiles = []string{ProfileRecommended, ProfileServiceDefault, ProfileCustom}

// ProfileOf derives the profile a spec's proposals amount to: none sent is
// the service default, exactly the recommended ones are recommended,
// anything else is custom. The identities (LocalId, RemoteId) are no part
// of a profile.
func ProfileOf(spec ServerSpec) string {
	switch {
	case spec.IkeConfig == nil && spec.IpsecConfig == nil:
		return ProfileServiceDefault
	case spec.IkeConfig != nil && spec.IpsecConfig != nil &&
		spec.IkeConfig.proposal() == RecommendedIke() && *spec.IpsecConfig == RecommendedIpsec():
		return ProfileRecommended
	}
	return ProfileCustom
}

// proposal is c without the identities.
func (c IkeConfig) proposal() IkeConfig {
	c.LocalId, c.RemoteId = "", ""
	return c
}

// ApplyProfile sets spec's proposals for profile: the recommended ones, none
// (service default), or, for custom, whatever the spec has, completed with
// the recommended values where a proposal is missing.
func ApplyProfile(spec *ServerSpec, profile string) {
	switch profile {
	case ProfileRecommended:
		// The identities stay: they name the ends, not the algorithms.
		ike, phase2 := RecommendedIke(), RecommendedIpsec()
		if spec.IkeConfig != nil {
			ike.LocalId, ike.RemoteId = spec.IkeConfig.LocalId, spec.IkeConfig.RemoteId
		}
		spec.IkeConfig, spec.IpsecConfig = &ike, &phase2
	case ProfileServiceDefault:
		spec.IkeConfig, spec.IpsecConfig = nil, nil
	case ProfileCustom:
		if spec.IkeConfig == nil {
			ike := RecommendedIke()
			spec.IkeConfig = &ike
		}
		if spec.IpsecConfig == nil {
			phase2 := RecommendedIpsec()
			spec.IpsecConfig = &phase2
		}
	}
}

// KeySource says where a server's pre-shared key comes from.
type KeySource string

// Key sources.
const (
	KeyService   KeySource = "service"   // none sent: Alibaba Cloud generates 16 characters (ListIpsecServers returns it)
	KeyGenerated KeySource = "generated" // made by ipsecwiz (GeneratePsk): it exists nowhere else until kept
	KeyProvided  KeySource = "provided"  // typed, or read from a file
)
