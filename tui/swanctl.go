package tui

import (
	"github.com/ipsecwiz/ipsecwiz/client"
)

// swanctlConfig renders a swanctl.conf for a client of the server, with the
// key in it (the file is written with mode 0600).
func swanctlConfig(serverAddress string, psk client.Secret, spec client.ServerSpec) string {
	return client.StrongSwanConfig(client.ClientParams{ServerAddress: serverAddress, Spec: spec, Psk: psk, IncludePsk: true})
}
