package client

import "strings"

// Local codes for failures that are not answers of the API.
const (
	CodeNetworkError       = "NetworkError"
	CodeTimeout            = "Timeout"
	CodeCredentialsMissing = "CredentialsMissing"
	CodeInvalidInput       = "InvalidInput"
	CodeWatchTimeout       = "WatchTimeout"
	CodeCanceled           = "Canceled"
)

// entry is what the catalogue knows about one code.
type entry struct {
	Summary   string
	Remedy    string
	Field     string
	Retryable bool
}

func (e entry) explanation(code string) Explanation {
	return Explanation{Code: code, Summary: e.Summary, Remedy: e.Remedy, Field: e.Field, Retryable: e.Retryable}
}

// catalogue covers every code of CreateIpsecServer's reference table, the
// protocol's own codes and the local ones. It is read only.
var catalogue = map[string]entry{
	// CreateIpsecServer's documented errors.
	"OperationUnsupported.IPsecServer": {
		Summary: "This VPN gateway runs a version too old to host an IPsec server.",
		Remedy:  "Upgrade the gateway to the latest version in the VPN Gateway console, or choose another gateway, then run again.",
		Field:   "VpnGatewayId",
	},
	"VpnGateway.SslVpnDisabled": {
		Summary: "SSL-VPN is turned off on this VPN gateway, and an IPsec server needs it.",
		Remedy:  "Enable SSL-VPN on the gateway in the VPN Gateway console (or with ModifyVpnGatewayAttribute / a gateway configuration change), wait until it is active, then run again.",
		Field:   "VpnGatewayId",
	},
	"VpnGateway.Configuring": {
		Summary:   "The VPN gateway is still applying another change (status updating) and takes one change at a time.",
		Remedy:    "Wait until the gateway is active again (ipsecwiz status follows it), then run again; ipsecwiz already retried for a while.",
		Retryable: true,
	},
	"VpnGateway.FinancialLocked": {
		Summary: "The VPN gateway is suspended because the account has overdue payments.",
		Remedy:  "Top up the account in the Billing console so the gateway's business status returns to Normal, then run again.",
		Field:   "VpnGatewayId",
	},
	"OperationFailed.IPsecServerExist": {
		Summary: "This VPN gateway already has an IPsec server, and a gateway holds only one.",
		Remedy:  "Use the existing server (aliyun vpc ListIpsecServers --VpnGatewayId ...), delete it first with DeleteIpsecServer, or choose another gateway.",
		Field:   "VpnGatewayId",
	},
	"OperationUnsupported.IpsecPfs": {
		Summary: "The phase 2 Diffie-Hellman group (IpsecPfs) is not supported here.",
		Remedy:  "Choose group14 (recommended), group2, group5, group1 or disabled for IpsecPfs, then run again.",
		Field:   "IpsecConfig",
	},
	"IllegalParam.AuthMethod": {
		Summary: "No authentication method is enabled: the server needs a pre-shared key (or IDaaS).",
		Remedy:  "Turn on pre-shared key authentication (PskEnabled=true); leave the key empty to have the service generate one.",
		Field:   "Psk",
	},
	"IllegalParam.LocalSubnet": {
		Summary: "The local subnets (LocalSubnet) are not valid IPv4 CIDR blocks the service accepts.",
		Remedy:  "Give comma-separated IPv4 CIDR blocks with the host bits zero that clients should reach, e.g. 172.16.0.0/16,10.10.0.0/16.",
		Field:   "LocalSubnet",
	},
	"IllegalParam.ClientIpPool": {
		Summary: "The client IP pool (ClientIpPool) is not a valid IPv4 CIDR block.",
		Remedy:  "Give one IPv4 CIDR block with the host bits zero, between /16 and /29, outside the VPC, e.g. 192.168.0.0/24.",
		Field:   "ClientIpPool",
	},
	"MissingParam.IDaaSInstanceId": {
		Summary: "Multi-factor authentication was requested without an IDaaS instance.",
		Remedy:  "Use pre-shared key authentication only (ipsecwiz does not turn on multi-factor authentication), or give the IDaaS instance ID in the console.",
		Field:   "Psk",
	},
	"OperationFailed.NoRamPermission": {
		Summary: "The VPN service is not authorized to use your IDaaS instance.",
		Remedy:  "Authorize the VPN service role for IDaaS in the RAM console, or use pre-shared key authentication only, then run again.",
	},
	"ClientIpPool.NetmaskInvalid": {
		Summary: "The client IP pool's netmask is out of range: it must be /16 to /29.",
		Remedy:  "Choose a pool between /16 and /29, e.g. 192.168.0.0/24 (each client takes a /30, so a /24 serves 64 clients).",
		Field:   "ClientIpPool",
	},
	"VpnRouteEntry.Conflict": {
		Summary: "The client IP pool overlaps a route of a VPN connection or the SSL-VPN server's client pool on this gateway.",
		Remedy:  "Choose a client pool that overlaps no SSL-VPN client CIDR block and no VPN route of the gateway, e.g. 192.168.100.0/24.",
		Field:   "ClientIpPool",
	},
	"ClientIpPool.SubnetInvalid": {
		Summary: "The client IP pool lies in a range the service reserves.",
		Remedy:  "Avoid 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4 and 255.0.0.0/8; use a private range such as 192.168.0.0/24.",
		Field:   "ClientIpPool",
	},
	"InvalidClientIpPool.Conflict": {
		Summary: "The client IP pool overlaps CIDR blocks already used in the gateway's VPC.",
		Remedy:  "Choose a pool outside every CIDR block of the VPC (primary, secondary and vSwitches), e.g. 192.168.0.0/24 when the VPC uses 172.16.0.0/12.",
		Field:   "ClientIpPool",
	},
	"OperationFailed.AddVpcRoute": {
		Summary: "The service could not add the route to the client IP pool to the VPC's route table.",
		Remedy:  "Check the VPC route table for an entry that already covers the client pool or a full table, fix it, then run again.",
		Field:   "ClientIpPool",
	},
	"QuotaExceeded.VpnRouteEntry": {
		Summary: "The VPC route table holds the maximum number of routes that point to the VPN gateway.",
		Remedy:  "Delete unused VPN-gateway routes from the VPC route table or ask for a higher quota in Quota Center, then run again.",
	},
	"SystemBusy": {
		Summary:   "The service is busy.",
		Remedy:    "Run again in a minute; ipsecwiz already retried with backoff.",
		Retryable: true,
	},
	"EnableHaCheck.IpsecServerCidrContainsVpcRouteDest": {
		Summary: "A destination in the VPC route table lies inside the client IP pool.",
		Remedy:  "Choose a client pool that contains no destination of the VPC route table (the service's message names it), or remove that route, then run again.",
		Field:   "ClientIpPool",
	},
	"VpnGateway.IPsecServerAndVpnConnectionConflict": {
		Summary: "This VPN gateway has an IPsec-VPN connection, and a gateway cannot have both a connection and an IPsec server.",
		Remedy:  "Delete the gateway's IPsec-VPN connections (DeleteVpnConnection) or choose a gateway without any, then run again.",
		Field:   "VpnGatewayId",
	},
	"Forbidden": {
		Summary: "Your access key is not allowed to do this (a RAM policy denies it, or the key is read-only).",
		Remedy:  "Grant the RAM user or role the vpc actions it needs (e.g. the AliyunVPCFullAccess policy), or use another profile with --profile.",
	},
	"InvalidVpnGatewayInstanceId.NotFound": {
		Summary: "No VPN gateway with this ID exists in the region.",
		Remedy:  "Check the gateway ID and the region (--region); list the gateways with aliyun vpc DescribeVpnGateways --RegionId REGION.",
		Field:   "VpnGatewayId",
	},
	"InvalidIDaaSInstanceId.NotFound": {
		Summary: "The IDaaS instance given for multi-factor authentication does not exist.",
		Remedy:  "Use pre-shared key authentication only, or check the IDaaS instance ID in the IDaaS console.",
	},
	"OperationConflict": {
		Summary:   "Another operation on this gateway is in progress, or calls came too fast.",
		Remedy:    "Wait until the gateway is active again and run again; ipsecwiz already retried with backoff.",
		Retryable: true,
	},

	// The protocol's own codes, any action.
	"SignatureDoesNotMatch": {
		Summary: "The service could not verify the request's signature: the AccessKey secret does not match the AccessKey ID.",
		Remedy:  "Check the secret (aliyun configure, or ALIBABA_CLOUD_ACCESS_KEY_SECRET); a proxy that rewrites requests can also cause this.",
	},
	"InvalidAccessKeyId.NotFound": {
		Summary: "The AccessKey ID is unknown to the service (mistyped, deleted, or from another account site).",
		Remedy:  "Create an AccessKey in the RAM console and store it with aliyun configure (or ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET), then run again.",
	},
	"InvalidTimeStamp.Expired": {
		Summary: "The request's timestamp is too far from the service's clock.",
		Remedy:  "Synchronize the system clock (e.g. timedatectl set-ntp true), then run again.",
	},
	"SignatureNonceUsed": {
		Summary:   "The service saw the request's one-time nonce before.",
		Remedy:    "Run again: every try carries a fresh nonce.",
		Retryable: true,
	},
	"MissingParameter": {
		Summary: "A required parameter was missing from the request.",
		Remedy:  "Fill every required field (VpnGatewayId, LocalSubnet, ClientIpPool); with --no-input give each one as a flag.",
	},
	"InvalidRegionId.NotFound": {
		Summary: "The service has no region with this ID, or not one this account can use.",
		Remedy:  "Check --region (e.g. cn-hangzhou): the wizard's region list shows the regions, and ipsecwiz list --all-regions reads every one.",
		Field:   "RegionId",
	},
	"InvalidAction.NotFound": {
		Summary: "The endpoint does not know this action: it is not a VPC API endpoint.",
		Remedy:  "Check --endpoint: use vpc.REGION.aliyuncs.com, leave it empty for the default, or use --sandbox.",
	},
	"Throttling": {
		Summary:   "Too many requests in a short time: the service throttled them.",
		Remedy:    "Wait a minute and run again; ipsecwiz already backed off and retried.",
		Retryable: true,
	},
	"ServiceUnavailable": {
		Summary:   "The service is temporarily unavailable.",
		Remedy:    "Run again in a minute; ipsecwiz already retried with backoff.",
		Retryable: true,
	},
	"InvalidParameter": {
		Summary: "The service refused a parameter's value.",
		Remedy:  "Read the service's message for the parameter, correct it and run again.",
	},
	"IdempotentParameterMismatch": {
		Summary: "This ClientToken was already used for a request with different parameters.",
		Remedy:  "Send exactly the same settings as the first time, or drop the client token (--client-token) so a new one is made.",
	},
	"IncompleteSignature": {
		Summary: "The request's signature is malformed or incomplete.",
		Remedy:  "Check that nothing between ipsecwiz and the endpoint (a proxy) rewrites requests, then run again.",
	},
	"InvalidTimeStamp.Format": {
		Summary: "The request's timestamp is not in the format the service expects.",
		Remedy:  "Check the system clock and time zone settings, then run again.",
	},
	"InvalidVersion": {
		Summary: "The endpoint does not serve the VPC API version 2016-04-28.",
		Remedy:  "Check --endpoint: use vpc.REGION.aliyuncs.com, leave it empty for the default, or use --sandbox.",
	},
	"InternalError": {
		Summary:   "The service failed with an internal error.",
		Remedy:    "Run again in a minute; quote the RequestId to Alibaba Cloud support if it persists.",
		Retryable: true,
	},
	"InvalidIpsecServerId.NotFound": {
		Summary: "No IPsec server with this ID exists in the region.",
		Remedy:  "Check the server ID and the region: ipsecwiz list shows the region's servers (--all-regions every region's).",
	},
	"DryRunOperation": {
		Summary: "The dry run passed: the request is valid and nothing was created.",
		Remedy:  "Run again without --dry-run to create the server.",
	},

	// Local codes.
	CodeNetworkError: {
		Summary:   "The VPC API could not be reached.",
		Remedy:    "Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and --endpoint, then run again.",
		Retryable: true,
	},
	CodeTimeout: {
		Summary:   "The VPC API did not answer in time.",
		Remedy:    "Check the network and --endpoint, then run again.",
		Retryable: true,
	},
	CodeCredentialsMissing: {
		Summary: "No usable Alibaba Cloud credentials were found.",
		Remedy:  "Run aliyun configure, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or try ipsecwiz with --sandbox.",
	},
	CodeInvalidInput: {
		Summary: "A value is not valid; nothing was sent.",
		Remedy:  "Correct the value and run again.",
	},
	CodeWatchTimeout: {
		Summary: "The gateway did not become active again in the time allowed.",
		Remedy:  "The change may still be running on the gateway: follow it with ipsecwiz status.",
	},
	CodeCanceled: {
		Summary: "Stopped by the user.",
		Remedy:  "Run ipsecwiz again when you are ready.",
	},
}

// explainCode is the catalogue's explanation of a known code.
func explainCode(code string) Explanation { return catalogue[code].explanation(code) }

// lookupFamily finds code, or the family it belongs to: "Throttling.User"
// is a Throttling, "Forbidden.RAM" a Forbidden, "MissingVpnGatewayId" a
// MissingParameter.
func lookupFamily(code string) (entry, bool) {
	for c := code; c != ""; {
		if e, ok := catalogue[c]; ok {
			return e, true
		}
		i := strings.LastIndexByte(c, '.')
		if i < 0 {
			break
		}
		c = c[:i]
	}
	switch {
	case strings.HasPrefix(code, "Missing"):
		return catalogue["MissingParameter"], true
	case strings.HasPrefix(code, "InvalidParameter"), strings.HasPrefix(code, "IllegalParam"):
		return catalogue["InvalidParameter"], true
	}
	return entry{}, false
}
