package export

import (
	"fmt"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Input is what a rendering draws on: the server's settings and, when known,
// its gateway (the address clients dial) and the server as read back.
type Input struct {
	Spec    ipsec.ServerSpec
	Gateway ipsec.Gateway
	Server  *ipsec.Server // an existing server (show, update); nil for a create
	// Psk is the key to write when IncludeKey; empty means Spec.Psk, then
	// Server.Psk (a key the service generated).
	Psk        ipsec.Secret
	IncludeKey bool
}

// key is the key a rendering may write, "" when there is none to write.
func (in Input) key() ipsec.Secret {
	if !in.IncludeKey {
		return ""
	}
	switch {
	case in.Psk != "":
		return in.Psk
	case in.Spec.Psk != "":
		return in.Spec.Psk
	case in.Server != nil:
		return in.Server.Psk
	}
	return ""
}

// serverAddress is the public IP clients dial, "" when unknown.
func (in Input) serverAddress() string {
	if in.Server != nil && in.Server.InternetIp != "" {
		return in.Server.InternetIp
	}
	return in.Gateway.InternetIp
}

// Format is one rendering: what --export takes, what completion and the
// result screen show.
type Format struct {
	Name    string // the --export value
	Summary string // one line for --help, completion and menus
	// Client marks a VPN client configuration (offered on the result
	// screen and by show); the others describe the request.
	Client bool
	// FileSuffix names a written file: <server or gateway id><FileSuffix>.
	FileSuffix string
	// HoldsKey: the rendering can carry the key itself (then a written file
	// gets mode 0600); the others always hold a placeholder.
	HoldsKey bool
	Render   func(Input) ([]byte, error)
}

// Formats lists every rendering, in the order they are offered.
func Formats() []Format {
	return []Format{
		{Name: "aliyun-cli", Summary: "the aliyun CLI command that sends the same request", FileSuffix: ".sh",
			Render: func(in Input) ([]byte, error) { return []byte(AliyunCLICommand(in.Spec) + "\n"), nil }},
		{Name: "terraform", Summary: "an alicloud_vpn_ipsec_server Terraform resource", FileSuffix: ".tf",
			Render: func(in Input) ([]byte, error) { return TerraformHCL(in.Spec) }},
		{Name: "strongswan", Summary: "a strongSwan swanctl.conf for a VPN client", Client: true,
			FileSuffix: ".swanctl.conf", HoldsKey: true, Render: StrongSwan},
		{Name: "json", Summary: "the request as JSON (the answers-file schema)", FileSuffix: ".json",
			Render: func(in Input) ([]byte, error) { return ipsec.SpecJSON(in.Spec) }},
	}
}

// Names lists the formats' names.
func Names() []string {
	var out []string
	for _, f := range Formats() {
		out = append(out, f.Name)
	}
	return out
}

// Lookup finds a format by name.
func Lookup(name string) (Format, error) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, &ipsec.FieldError{Field: "export", Label: "Export format",
		Rule: fmt.Sprintf("%q is not a format: want one of %s", name, strings.Join(Names(), ", ")), Example: "terraform"}
}
