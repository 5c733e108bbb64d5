package export

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Input is what a rendering draws on: the server's settings and, when known,
// its gateway (the address clients dial) and the server as read back.
type Input struct {
	Spec    ipsec.ServerSpec
	Gateway ipsec.Gateway
	Server  *ipsec.Server // an existing server (show, update); nil for a create
	// Update: the request to render is the one that turns Server into
	// Spec (aliyun-cli: UpdateIpsecServer with what changes), not a create.
	Update bool
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
	// screen and by show); the others describe the request. A client
	// configuration needs the gateway's public IP (Input.Gateway or
	// Input.Server) and is refused without it.
	Client bool
	// FileSuffix names a written file: see FileName.
	FileSuffix string
	// HoldsKey: the rendering writes the key itself when Input.IncludeKey
	// (then the file must get mode 0600: Rendering.FileMode); the others
	// hold a placeholder or a variable, never the key.
	HoldsKey bool
	// NeedsKey: the rendering is refused without the key (a profile
	// without it could not connect), so ask for it before rendering.
	NeedsKey bool
	export   func(Input) (Rendering, error)
}

// Rendering is one format's output for one Input.
type Rendering struct {
	Data []byte
	// HasKey: Data holds the pre-shared key. Write it with FileMode (0600),
	// never to a terminal unasked, never to a log.
	HasKey bool
	// Warnings are things the user should read: Data is complete and
	// usable, but e.g. the plan of the Terraform configuration will show a
	// change until a value is set. Print them on stderr.
	Warnings []string
}

// FileMode is the mode a file holding the rendering gets: 0600 when it
// holds the key, 0644 otherwise.
func (r Rendering) FileMode() fs.FileMode {
	if r.HasKey {
		return 0o600
	}
	return 0o644
}

// Export renders in. Refusals are typed: *UnsupportedError (the format
// cannot express a setting), *InvalidValueError (a value is not of its
// field's syntax), *MissingValueError (a value it needs is unknown).
func (f Format) Export(in Input) (Rendering, error) { return f.export(in) }

// FileName is the name of the file a rendering of in is written to, in the
// working directory: the server id (show, update), else the gateway id
// (create), followed by FileSuffix, e.g. iss-bp1....swanctl.conf.
func (f Format) FileName(in Input) string {
	base := "ipsecwiz"
	if in.Server != nil && ipsec.ValidateServerID(in.Server.IpsecServerId) == nil {
		base = in.Server.IpsecServerId
	} else if ipsec.ValidateGatewayID(in.Spec.VpnGatewayId) == nil {
		base = in.Spec.VpnGatewayId
	}
	return base + f.FileSuffix
}

// format builds a registry entry from its rendering.
func format(f Format, export func(Input) (Rendering, error)) Format {
	f.export = export
	return f
}

// dataOnly adapts a rendering without warnings; hasKey says whether it wrote
// the key.
func dataOnly(render func(Input) ([]byte, error), holdsKey bool) func(Input) (Rendering, error) {
	return func(in Input) (Rendering, error) {
		b, err := render(in)
		if err != nil {
			return Rendering{}, err
		}
		return Rendering{Data: b, HasKey: holdsKey && in.key() != ""}, nil
	}
}

// Formats lists every rendering, in the order they are offered. It is the
// one list behind --export, completion and the result screen.
func Formats() []Format {
	return []Format{
		format(Format{Name: "aliyun-cli", Summary: "the aliyun CLI command that sends the same request", FileSuffix: ".sh"},
			dataOnly(aliyunCLI, false)),
		format(Format{Name: "terraform", Summary: "an alicloud_vpn_ipsec_server Terraform configuration", FileSuffix: ".tf"},
			Terraform),
		format(Format{Name: "strongswan", Summary: "a strongSwan swanctl.conf for a VPN client (Linux)", Client: true,
			FileSuffix: ".swanctl.conf", HoldsKey: true}, dataOnly(StrongSwan, true)),
		format(Format{Name: "apple", Summary: "an IKEv2 profile (.mobileconfig) for macOS, iOS and iPadOS", Client: true,
			FileSuffix: ".mobileconfig", HoldsKey: true, NeedsKey: true}, dataOnly(AppleProfile, true)),
		format(Format{Name: "json", Summary: "the request as JSON (the answers-file schema)", FileSuffix: ".json"},
			dataOnly(func(in Input) ([]byte, error) { return ipsec.SpecJSON(in.Spec) }, false)),
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

// Lookup finds a format by name. A client ipsecwiz cannot configure
// (windows) answers with an *UnsupportedError that says why and what to do
// instead; any other unknown name with an *ipsec.FieldError.
func Lookup(name string) (Format, error) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, nil
		}
	}
	if u, ok := refused[name]; ok {
		return Format{}, u
	}
	return Format{}, &ipsec.FieldError{Field: "export", Label: "Export format",
		Rule: fmt.Sprintf("%q is not a format: want one of %s", name, strings.Join(Names(), ", ")), Example: "terraform"}
}
