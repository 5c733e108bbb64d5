package client

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// Summary is what a run leaves on stdout, as --output json writes it: the
// outcome and, on success, what a VPN client needs to connect. It never
// holds the PSK.
type Summary struct {
	Action       string        `json:"action,omitempty"` // update or delete; absent for a create
	OK           bool          `json:"ok"`
	DryRun       bool          `json:"dryRun"`
	DryRunPassed bool          `json:"dryRunPassed,omitempty"`
	Status       string        `json:"status,omitempty"` // the gateway's last known status
	Waited       bool          `json:"waited"`
	Result       *CreateResult `json:"result,omitempty"`
	// MayHaveBeenMade: no answer said whether the request was carried out;
	// Result is then absent and ClientToken names the request.
	MayHaveBeenMade bool        `json:"mayHaveBeenMade,omitempty"`
	ClientToken     string      `json:"clientToken,omitempty"`
	Client          *ClientInfo `json:"client,omitempty"`
	// Update and delete: the answer, and what the update changed.
	Change  *ChangeResult  `json:"change,omitempty"`
	Changes []ipsec.Change `json:"changes,omitempty"`
	Error   *ErrorInfo     `json:"error,omitempty"`
	// Advice: weak or risky values among those sent (Assess); advice, the
	// service accepted them.
	Advice []ipsec.Advice `json:"advice,omitempty"`
	Next   []string       `json:"next,omitempty"`

	headline string   // the text form's first line(s)
	details  []string // label/value pairs for the text form, flattened
}

// ClientInfo is the connection data for a VPN client, PSK excluded.
type ClientInfo struct {
	ServerAddress  string            `json:"serverAddress"`
	PskSource      ipsec.KeySource   `json:"pskSource"`
	LocalSubnet    ipsec.CIDRList    `json:"LocalSubnet"`
	ClientIpPool   string            `json:"ClientIpPool"`
	IkeConfig      ipsec.IkeConfig   `json:"IkeConfig"`
	IpsecConfig    ipsec.IpsecConfig `json:"IpsecConfig"`
	MaxConnections int               `json:"maxConnections,omitempty"`
}

// NewClientInfo is what a VPN client needs to reach the server spec
// describes on gw; source says where the key came from.
func NewClientInfo(gw ipsec.Gateway, spec ipsec.ServerSpec, source ipsec.KeySource) *ClientInfo {
	return &ClientInfo{
		ServerAddress: gw.InternetIp, PskSource: source, LocalSubnet: spec.LocalSubnet,
		ClientIpPool: spec.ClientIpPool, IkeConfig: spec.EffectiveIke(), IpsecConfig: spec.EffectiveIpsec(),
		MaxConnections: gw.SslMaxConnections,
	}
}

// ErrorInfo is an error as --output json shows it.
type ErrorInfo struct {
	Code        string `json:"code"`
	Message     string `json:"message"`
	Explanation string `json:"explanation"`
	Remedy      string `json:"remedy"`
	Field       string `json:"field,omitempty"`
	RequestId   string `json:"requestId,omitempty"`
}

// NewErrorInfo is err as --output json reports it.
func NewErrorInfo(err error) *ErrorInfo {
	ex := Explain(err)
	return &ErrorInfo{Code: ex.Code, Message: err.Error(), Explanation: ex.Summary, Remedy: ex.Remedy,
		Field: ex.Field, RequestId: ex.RequestId}
}

// ErrorSummary is the summary of a run that failed before it made anything.
func ErrorSummary(err error) Summary {
	return Report{Err: err}.Summary()
}

// JSON is the summary as one JSON object (with a trailing newline), with
// nothing in it a terminal would act on (termsafe.JSON).
func (s Summary) JSON() []byte {
	b, _ := json.MarshalIndent(s, "", "  ")
	return termsafe.JSON(append(b, '\n'))
}

// Text is the summary as plain lines for the scrollback. The values in it
// came from the API and the user as they are (the JSON keeps them so); here
// each is made safe for the terminal.
func (s Summary) Text() string {
	var b strings.Builder
	line := func(label, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %-18s %s\n", label, termsafe.String(value))
		}
	}
	if s.headline != "" {
		b.WriteString(s.headline + "\n")
	}
	for i := 0; i+1 < len(s.details); i += 2 {
		line(s.details[i], s.details[i+1])
	}
	if e := s.Error; e != nil {
		line("What happened", e.Explanation)
		line("What to do", e.Remedy)
		line("RequestId", e.RequestId)
	}
	if c := s.Client; c != nil {
		b.WriteString("For VPN clients:\n")
		line("Server address", c.ServerAddress)
		line("Pre-shared key", keyWhere(c.PskSource))
		line("Local subnets", strings.Join(c.LocalSubnet, ", "))
		line("Client IP pool", c.ClientIpPool)
		line("IKE (phase 1)", fmt.Sprintf("%s %s-%s-%s, lifetime %ds", c.IkeConfig.VersionMode(),
			c.IkeConfig.IkeEncAlg, c.IkeConfig.IkeAuthAlg, c.IkeConfig.IkePfs, c.IkeConfig.IkeLifetime))
		line("IPsec (phase 2)", fmt.Sprintf("%s-%s-%s, lifetime %ds", c.IpsecConfig.IpsecEncAlg,
			c.IpsecConfig.IpsecAuthAlg, c.IpsecConfig.IpsecPfs, c.IpsecConfig.IpsecLifetime))
	}
	for i, a := range s.Advice {
		if i == 0 {
			b.WriteString("Advice (accepted, but unwise):\n")
		}
		fmt.Fprintf(&b, "  - %s: %s\n", ipsec.Label(a.Field), a.Message)
	}
	for i, n := range s.Next {
		if i == 0 {
			b.WriteString("Next:\n")
		}
		fmt.Fprintf(&b, "  - %s\n", termsafe.String(n))
	}
	return termsafe.Lines(b.String())
}

func keyWhere(source ipsec.KeySource) string {
	switch source {
	case ipsec.KeyService:
		return "generated by Alibaba Cloud (not shown here; Next says how to read it back)"
	case ipsec.KeyGenerated:
		return "generated by ipsecwiz (not shown here; Next says where it is kept or how to read it back)"
	}
	return "the one you provided (not shown here)"
}
