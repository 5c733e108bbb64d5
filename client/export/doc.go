// Package export renders an IPsec server's settings in other tools' terms:
// the aliyun CLI command that sends the same request, an
// alicloud_vpn_ipsec_server Terraform resource, the spec as JSON, and
// configurations for VPN clients (strongSwan's swanctl.conf). Every
// rendering is a pure function of the domain values in client/ipsec; the
// Formats registry is the one list that --export, shell completion and the
// result screen offer. Secrets are written only when asked (Input.IncludeKey)
// and otherwise stand as a placeholder.
package export
