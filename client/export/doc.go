// Package export renders an IPsec server's settings in other tools' terms:
// the aliyun CLI command that sends the same request, a Terraform root
// module with the alicloud_vpn_ipsec_server resource, the spec as JSON, and
// configurations for VPN clients: strongSwan's swanctl.conf (proven by the
// interop test to negotiate with real strongSwan 5.9.8) and an Apple
// configuration profile for the native IKEv2 client. Windows' built-in
// client cannot authenticate with a pre-shared key over IKEv2, which Lookup
// explains instead of writing a script.
//
// Every rendering is a pure function of the domain values in client/ipsec,
// and every value it writes is first checked for its field's syntax, so a
// hostile API answer cannot add a line to a file. A rendering refuses rather
// than write something that would not work, with a typed error:
// *UnsupportedError (the format cannot express a setting),
// *InvalidValueError (a value is not of its field's syntax),
// *MissingValueError (a value it needs, such as the gateway's address, is
// unknown). The Formats registry is the one list that --export, shell
// completion and the result screen offer. Secrets are written only when
// asked (Input.IncludeKey) and otherwise stand as a placeholder or a
// variable; Rendering.HasKey and FileMode say how to write a file that
// holds one.
package export
