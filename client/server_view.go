package client

import (
	"encoding/json"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// ServerView is one IPsec server as `ipsecwiz show` presents it: the server
// as read back, its gateway, the security assessment and what a VPN client
// needs. It holds the key (Server.Psk) so that an export can write it, but
// never marshals it unless asked (JSON with revealPsk).
type ServerView struct {
	Server ipsec.Server
	// Gateway is the server's gateway as last read; nil when it could not be
	// read (GatewayErr says why).
	Gateway    *ipsec.Gateway
	GatewayErr error
	Assessment []ipsec.Advice
	Client     ConnectInfo
}

// ConnectInfo is what a VPN client must be configured with to reach a
// server, the key excepted.
type ConnectInfo struct {
	// ServerAddress is the address clients dial: the server's InternetIp,
	// else its gateway's public IP.
	ServerAddress string `json:"serverAddress"`
	// ServerIdentity is the identity the server presents (LocalId; the
	// service's default is the gateway's public IP): the client's remote ID.
	ServerIdentity string `json:"serverIdentity"`
	// ClientIdentity is the identity the client must present (RemoteId);
	// "" means any.
	ClientIdentity string            `json:"clientIdentity,omitempty"`
	IkeConfig      ipsec.IkeConfig   `json:"IkeConfig"`
	IpsecConfig    ipsec.IpsecConfig `json:"IpsecConfig"`
	ClientIpPool   string            `json:"ClientIpPool"`
	// PoolClients is how many clients the pool holds (a /30 each).
	PoolClients int            `json:"poolClients"`
	LocalSubnet ipsec.CIDRList `json:"LocalSubnet"`
	// MaxConnections is shared with the gateway's SSL-VPN clients.
	MaxConnections    int `json:"MaxConnections"`
	OnlineClientCount int `json:"OnlineClientCount"`
	// Exports are the --export formats that configure a VPN client.
	Exports []string `json:"exports"`
}

// NewServerView assembles the view of s; gw is its gateway (nil when it
// could not be read, then gwErr says why).
func NewServerView(s ipsec.Server, gw *ipsec.Gateway, gwErr error) ServerView {
	v := ServerView{Server: s, Gateway: gw, GatewayErr: gwErr, Assessment: ipsec.Assess(ipsec.SpecFromServer(s))}
	if v.Assessment == nil {
		v.Assessment = []ipsec.Advice{}
	}
	addr := s.InternetIp
	if addr == "" && gw != nil {
		addr = gw.InternetIp
	}
	ident := s.IkeConfig.LocalId
	if ident == "" {
		ident = addr // the service's default
	}
	v.Client = ConnectInfo{ServerAddress: addr, ServerIdentity: ident, ClientIdentity: s.IkeConfig.RemoteId,
		IkeConfig: s.IkeConfig, IpsecConfig: s.IpsecConfig, ClientIpPool: s.ClientIpPool,
		PoolClients: ipsec.PoolCapacity(s.ClientIpPool), LocalSubnet: s.LocalSubnet,
		MaxConnections: s.MaxConnections, OnlineClientCount: s.OnlineClientCount, Exports: ClientExports()}
	return v
}

// ClientExports names the export formats that configure a VPN client.
func ClientExports() []string {
	out := []string{}
	for _, f := range export.Formats() {
		if f.Client {
			out = append(out, f.Name)
		}
	}
	return out
}

// Security is the worst level of the assessment: ipsec.AdviceWeak,
// ipsec.AdviceRisky, or "ok".
func Security(advice []ipsec.Advice) string {
	level := "ok"
	for _, a := range advice {
		switch a.Level {
		case ipsec.AdviceWeak:
			return ipsec.AdviceWeak
		case ipsec.AdviceRisky:
			level = ipsec.AdviceRisky
		}
	}
	return level
}

// serverJSON is a server as the read commands print it: the API's names, the
// worst assessment level, and the key only when revealed.
type serverJSON struct {
	ipsec.Server
	Psk      string `json:"Psk,omitempty"`
	Security string `json:"security"`
}

// ServerJSON is s as `ipsecwiz list --output json` prints each server: the
// API's fields (never Psk), plus "security": the worst level of
// ipsec.Assess ("weak", "risky" or "ok").
func ServerJSON(s ipsec.Server) any {
	return serverJSON{Server: s, Security: Security(ipsec.Assess(ipsec.SpecFromServer(s)))}
}

// viewJSON is ServerView's JSON shape.
type viewJSON struct {
	Server     serverJSON     `json:"server"`
	Gateway    *ipsec.Gateway `json:"gateway"`
	GatewayErr *ErrorInfo     `json:"gatewayError,omitempty"`
	Assessment []ipsec.Advice `json:"assessment"`
	Client     ConnectInfo    `json:"client"`
}

// JSON is the view as one JSON object (with a trailing newline). The key is
// in it ("server"."Psk") only with revealPsk.
func (v ServerView) JSON(revealPsk bool) []byte {
	out := viewJSON{Server: serverJSON{Server: v.Server, Security: Security(v.Assessment)}, Gateway: v.Gateway,
		Assessment: v.Assessment, Client: v.Client}
	if revealPsk {
		out.Server.Psk = v.Server.Psk.Reveal()
	}
	if v.GatewayErr != nil {
		out.GatewayErr = NewErrorInfo(v.GatewayErr)
	}
	b, _ := json.MarshalIndent(out, "", "  ")
	return append(b, '\n')
}
