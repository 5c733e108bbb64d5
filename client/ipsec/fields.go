package ipsec

// FieldInfo is what a newcomer sees about one field: its plain name, the API
// parameter it fills and a description saying what it is, the default and an
// example.
type FieldInfo struct {
	API         string
	Label       string
	Description string
}

// Field API names, as the API and the command line spell them.
const (
	FieldRegionID          = "RegionId"
	FieldVpnGatewayID      = "VpnGatewayId"
	FieldIpsecServerID     = "IpsecServerId"
	FieldLocalSubnet       = "LocalSubnet"
	FieldClientIPPool      = "ClientIpPool"
	FieldName              = "IpSecServerName"
	FieldEffectImmediately = "EffectImmediately"
	FieldDryRun            = "DryRun"
	FieldPskEnabled        = "PskEnabled"
	FieldPsk               = "Psk"
	FieldClientToken       = "ClientToken"
	FieldIkeVersion        = "IkeVersion"
	FieldIkeMode           = "IkeMode"
	FieldIkeEncAlg         = "IkeEncAlg"
	FieldIkeAuthAlg        = "IkeAuthAlg"
	FieldIkePfs            = "IkePfs"
	FieldIkeLifetime       = "IkeLifetime"
	FieldLocalID           = "LocalId"
	FieldRemoteID          = "RemoteId"
	FieldIpsecEncAlg       = "IpsecEncAlg"
	FieldIpsecAuthAlg      = "IpsecAuthAlg"
	FieldIpsecPfs          = "IpsecPfs"
	FieldIpsecLifetime     = "IpsecLifetime"
)

var fieldInfos = map[string]FieldInfo{
	FieldRegionID: {Label: "Region", Description: "The Alibaba Cloud region of the VPN gateway. " +
		"Default: --region, the CLI profile's region, or cn-hangzhou. Example: cn-shanghai."},
	FieldIpsecServerID: {Label: "IPsec server", Description: "The id of an existing IPsec server, e.g. iss-bp1jougp8cfsbo8y9abcd: " +
		"ipsecwiz list shows them."},
	FieldVpnGatewayID: {Label: "VPN gateway", Description: "The existing VPN gateway that will host the IPsec server. " +
		"It needs SSL-VPN on, no IPsec-VPN connection and no IPsec server yet. Example: vpn-bp17lofy9fd0dnvzv1234."},
	FieldLocalSubnet: {Label: "Local subnets", Description: "The networks VPN clients may reach, usually the VPC's CIDR blocks " +
		"(pre-filled). Separate several with commas. Example: 172.16.0.0/16, 10.10.0.0/16."},
	FieldClientIPPool: {Label: "Client IP pool", Description: "The private range clients get their addresses from; each client uses a /30. " +
		"Mask /16 to /29, overlapping no VPC or local subnet. Example: 192.168.0.0/24."},
	FieldName: {Label: "Server name", Description: "A name to recognise the IPsec server in the console, 1 to 100 characters. " +
		"Example: office-vpn."},
	FieldEffectImmediately: {Label: "Connect immediately", Description: "Yes: the server starts negotiating as soon as the configuration " +
		"is applied. No (the default): it negotiates when a client sends traffic."},
	FieldDryRun: {Label: "Precheck only (dry run)", Description: "Yes: Alibaba Cloud checks the request (permissions, gateway, limits) " +
		"and creates nothing. Default: no."},
	FieldPskEnabled: {Label: "Pre-shared key authentication"},
	FieldPsk: {Label: "Pre-shared key", Description: "The shared secret every client needs, 1 to 100 printable ASCII characters. " +
		"Default: Alibaba Cloud generates 16 characters. Example: a random 24-character key."},
	FieldClientToken: {Label: "Client token"},
	FieldIkeVersion: {Label: "IKE version", Description: "The key exchange protocol version. ikev2 is simpler and more robust. " +
		"Default: ikev2."},
	FieldIkeMode: {Label: "IKE mode", Description: "How phase 1 negotiates (IKEv1 only). main protects identities; " +
		"aggressive is faster but exposes them. Default: main."},
	FieldIkeEncAlg: {Label: "Phase 1 encryption", Description: "The cipher protecting the key exchange. Default: aes (AES-128). " +
		"Recommended: aes256."},
	FieldIkeAuthAlg: {Label: "Phase 1 integrity", Description: "The hash that authenticates phase 1 messages. Default: sha1. " +
		"Recommended: sha256."},
	FieldIkePfs: {Label: "Phase 1 DH group", Description: "The Diffie-Hellman group that derives the phase 1 keys. Default: group2. " +
		"Recommended: group14."},
	FieldIkeLifetime: {Label: "Phase 1 lifetime", Description: "Seconds before the phase 1 keys are renegotiated, 0 to 86400. " +
		"Default: 86400 (one day)."},
	FieldLocalID: {Label: "Local identity", Description: "How the server identifies itself: an FQDN or an IP address. Optional; " +
		"default: the gateway's public IP. Example: vpn.example.com."},
	FieldRemoteID: {Label: "Remote identity", Description: "The identity clients must present: an FQDN or an IP address. Optional; " +
		"default: empty (any). Example: client.example.com."},
	FieldIpsecEncAlg: {Label: "Phase 2 encryption", Description: "The cipher protecting the traffic itself. Default: aes (AES-128). " +
		"Recommended: aes256."},
	FieldIpsecAuthAlg: {Label: "Phase 2 integrity", Description: "The hash that authenticates each packet. Default: sha1. " +
		"Recommended: sha256."},
	FieldIpsecPfs: {Label: "Phase 2 PFS group", Description: "Perfect forward secrecy: the DH group for fresh phase 2 keys, or disabled. " +
		"Default: group2. Recommended: group14."},
	FieldIpsecLifetime: {Label: "Phase 2 lifetime", Description: "Seconds before the traffic keys are renegotiated, 0 to 86400. " +
		"Default: 86400 (one day)."},
}

// Info returns the plain name and description of a field by API name.
func Info(api string) FieldInfo {
	fi := fieldInfos[api]
	fi.API = api
	if fi.Label == "" {
		fi.Label = api
	}
	return fi
}

// Label is the plain name of a field by API name.
func Label(api string) string { return Info(api).Label }

// Title is "Label (API)", how every field is titled on screen.
func Title(api string) string { return Label(api) + " (" + api + ")" }
