package ipsec

import (
	"encoding/json"
	"fmt"
	"strings"
)

// API defaults: what the service uses when IkeConfig/IpsecConfig or one of
// their keys is not sent.
const (
	DefaultIkeVersion         = "ikev2"
	DefaultIkeMode            = "main"
	DefaultEncAlg             = "aes"
	DefaultAuthAlg            = "sha1"
	DefaultPfs                = "group2"
	DefaultLifetime           = 86400
	MaxLifetime               = 86400
	DefaultRegion             = "cn-hangzhou"
	ServiceGeneratedPskLength = 16
)

// IkeConfig is the phase 1 (IKE) proposal, sent as the JSON string the API's
// IkeConfig parameter takes. LocalId and RemoteId are optional.
type IkeConfig struct {
	IkeVersion  string `json:"IkeVersion"`
	IkeMode     string `json:"IkeMode"`
	IkeEncAlg   string `json:"IkeEncAlg"`
	IkeAuthAlg  string `json:"IkeAuthAlg"`
	IkePfs      string `json:"IkePfs"`
	IkeLifetime int    `json:"IkeLifetime"`
	LocalId     string `json:"LocalId,omitempty"`
	RemoteId    string `json:"RemoteId,omitempty"`
}

// VersionMode is the version as a person reads it, with the negotiation
// mode only where it means something (IKEv1): "ikev2", "ikev1 main".
func (c IkeConfig) VersionMode() string {
	if c.IkeVersion == "ikev1" && c.IkeMode != "" {
		return c.IkeVersion + " " + c.IkeMode
	}
	return c.IkeVersion
}

// IpsecConfig is the phase 2 (IPsec) proposal, sent as the JSON string the
// API's IpsecConfig parameter takes.
type IpsecConfig struct {
	IpsecEncAlg   string `json:"IpsecEncAlg"`
	IpsecAuthAlg  string `json:"IpsecAuthAlg"`
	IpsecPfs      string `json:"IpsecPfs"`
	IpsecLifetime int    `json:"IpsecLifetime"`
}

// ServiceDefaultIke is what the service applies when no IkeConfig is sent.
func ServiceDefaultIke() IkeConfig {
	return IkeConfig{IkeVersion: DefaultIkeVersion, IkeMode: DefaultIkeMode, IkeEncAlg: DefaultEncAlg,
		IkeAuthAlg: DefaultAuthAlg, IkePfs: DefaultPfs, IkeLifetime: DefaultLifetime}
}

// ServiceDefaultIpsec is what the service applies when no IpsecConfig is sent.
func ServiceDefaultIpsec() IpsecConfig {
	return IpsecConfig{IpsecEncAlg: DefaultEncAlg, IpsecAuthAlg: DefaultAuthAlg, IpsecPfs: DefaultPfs,
		IpsecLifetime: DefaultLifetime}
}

// RecommendedIke is the wizard's "Recommended" phase 1: IKEv2, AES-256,
// SHA-256, DH group 14.
func RecommendedIke() IkeConfig {
	return IkeConfig{IkeVersion: "ikev2", IkeMode: "main", IkeEncAlg: "aes256", IkeAuthAlg: "sha256",
		IkePfs: "group14", IkeLifetime: DefaultLifetime}
}

// RecommendedIpsec is the wizard's "Recommended" phase 2.
func RecommendedIpsec() IpsecConfig {
	return IpsecConfig{IpsecEncAlg: "aes256", IpsecAuthAlg: "sha256", IpsecPfs: "group14",
		IpsecLifetime: DefaultLifetime}
}

// Secret holds a pre-shared key. Its String and GoString never show the value,
// so a Secret printed by accident (logs, %v of a spec) stays masked; Reveal is
// the one deliberate way to read it.
type Secret string

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// String masks the secret.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "********"
}

// GoString masks the secret for %#v.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// CIDRList is a list of IPv4 CIDR blocks. On the wire and in JSON it is the
// API's comma-separated string; when read from JSON or YAML it also accepts a
// list.
type CIDRList []string

// String is the API's form: "a,b,c".
func (l CIDRList) String() string { return strings.Join(l, ",") }

// SplitCIDRList splits the API's comma form (spaces also separate). An
// empty entry between commas is kept as "", so that validation can name it
// (a blank string is no entry at all). It does not validate: ipsec's
// validators do that with messages a person can act on.
func SplitCIDRList(s string) CIDRList {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out CIDRList
	for _, part := range strings.Split(s, ",") {
		fields := strings.Fields(part)
		if len(fields) == 0 {
			out = append(out, "")
			continue
		}
		out = append(out, fields...)
	}
	return out
}

// MarshalJSON writes the comma-separated string.
func (l CIDRList) MarshalJSON() ([]byte, error) { return json.Marshal(l.String()) }

// UnmarshalJSON accepts "a,b" or ["a","b"].
func (l *CIDRList) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*l = SplitCIDRList(s)
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return fmt.Errorf("LocalSubnet: want a comma-separated string or a list of CIDR blocks")
	}
	*l = nil
	for _, s := range list {
		*l = append(*l, SplitCIDRList(s)...)
	}
	return nil
}

// ServerSpec describes one CreateIpsecServer request: every parameter the
// call takes, under the API's names. Nil IkeConfig/IpsecConfig mean "send
// nothing, let the service apply its defaults". An empty Psk means "let the
// service generate one".
type ServerSpec struct {
	RegionId          string       `json:"RegionId"`
	VpnGatewayId      string       `json:"VpnGatewayId"`
	LocalSubnet       CIDRList     `json:"LocalSubnet"`
	ClientIpPool      string       `json:"ClientIpPool"`
	IpSecServerName   string       `json:"IpSecServerName,omitempty"`
	EffectImmediately bool         `json:"EffectImmediately"`
	IkeConfig         *IkeConfig   `json:"IkeConfig,omitempty"`
	IpsecConfig       *IpsecConfig `json:"IpsecConfig,omitempty"`
	PskEnabled        bool         `json:"PskEnabled"`
	// Psk never appears in the spec's JSON: see MarshalJSONWithPsk.
	Psk         Secret `json:"-"`
	ClientToken string `json:"ClientToken,omitempty"`
	DryRun      bool   `json:"DryRun"`
}

// NewServerSpec returns a spec with the API's defaults: PSK authentication on,
// negotiation on traffic, service-default proposals.
func NewServerSpec() ServerSpec {
	return ServerSpec{RegionId: DefaultRegion, PskEnabled: true}
}

// Clone returns a deep copy, so an edited copy never aliases the original.
func (s ServerSpec) Clone() ServerSpec {
	c := s
	c.LocalSubnet = append(CIDRList(nil), s.LocalSubnet...)
	if s.IkeConfig != nil {
		ike := *s.IkeConfig
		c.IkeConfig = &ike
	}
	if s.IpsecConfig != nil {
		phase2 := *s.IpsecConfig
		c.IpsecConfig = &phase2
	}
	return c
}

// EffectiveIke is the phase 1 proposal the server will run with.
func (s ServerSpec) EffectiveIke() IkeConfig {
	if s.IkeConfig != nil {
		return *s.IkeConfig
	}
	return ServiceDefaultIke()
}

// EffectiveIpsec is the phase 2 proposal the server will run with.
func (s ServerSpec) EffectiveIpsec() IpsecConfig {
	if s.IpsecConfig != nil {
		return *s.IpsecConfig
	}
	return ServiceDefaultIpsec()
}

// specWithPsk is ServerSpec plus the key, for answers files written with
// --include-psk and for reading them back.
type specWithPsk struct {
	specAlias
	Psk string `json:"Psk,omitempty"`
}

type specAlias ServerSpec

// MarshalJSONWithPsk is the spec's JSON including the PSK, for the one place
// that is asked to write it (an answers file with --include-psk).
func (s ServerSpec) MarshalJSONWithPsk() ([]byte, error) {
	return json.MarshalIndent(specWithPsk{specAlias: specAlias(s), Psk: s.Psk.Reveal()}, "", "  ")
}

// UnmarshalJSON reads a spec, including a Psk key if present.
func (s *ServerSpec) UnmarshalJSON(b []byte) error {
	var w specWithPsk
	w.specAlias = specAlias(*s)
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = ServerSpec(w.specAlias)
	s.Psk = Secret(w.Psk)
	return nil
}

// SpecJSON is the spec as indented JSON, without the PSK: what --export json
// and answers files (without --include-psk) hold.
func SpecJSON(spec ServerSpec) ([]byte, error) {
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
