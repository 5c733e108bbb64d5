package tui

import (
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// swanctlConfig renders a swanctl.conf for a client of the server, with the
// key in it (the file is written with mode 0600).
func swanctlConfig(serverAddress string, psk ipsec.Secret, spec ipsec.ServerSpec) string {
	b, _ := export.StrongSwan(export.Input{Spec: spec, Gateway: ipsec.Gateway{InternetIp: serverAddress}, Psk: psk, IncludeKey: true})
	return string(b)
}
