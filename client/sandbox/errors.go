package sandbox

import "fmt"

// Error codes the sandbox answers. Codes from CreateIpsecServer.txt keep the reference's spelling.
const (
	CodeMissingParameter            = "MissingParameter"
	CodeMissingRegionID             = "MissingRegionId"
	CodeInvalidRegionNotFound       = "InvalidRegionId.NotFound"
	CodeIncompleteSignature         = "IncompleteSignature"
	CodeInvalidAccessKeyIDNotFound  = "InvalidAccessKeyId.NotFound"
	CodeInvalidTimeStampFormat      = "InvalidTimeStamp.Format"
	CodeInvalidTimeStampExpired     = "InvalidTimeStamp.Expired"
	CodeSignatureDoesNotMatch       = "SignatureDoesNotMatch"
	CodeSignatureNonceUsed          = "SignatureNonceUsed"
	CodeInvalidActionNotFound       = "InvalidAction.NotFound"
	CodeInvalidVersion              = "InvalidVersion"
	CodeUnsupportedHTTPMethod       = "UnsupportedHTTPMethod"
	CodeRequestEntityTooLarge       = "RequestEntityTooLarge"
	CodeInvalidParameter            = "InvalidParameter"
	CodeIdempotentParameterMismatch = "IdempotentParameterMismatch"
	CodeDryRunOperation             = "DryRunOperation"
	CodeThrottling                  = "Throttling"
	CodeServiceUnavailable          = "ServiceUnavailable"
	CodeInternalError               = "InternalError"
	CodeInvalidIpsecServerNotFound  = "InvalidIpsecServerId.NotFound"
	CodeRouteTableNotFound          = "InvalidRouteTableId.NotFound"
	CodeVpcNotFound                 = "InvalidVpcId.NotFound"

	CodeOperationUnsupportedIPsecServer = "OperationUnsupported.IPsecServer"
	CodeSslVpnDisabled                  = "VpnGateway.SslVpnDisabled"
	CodeConfiguring                     = "VpnGateway.Configuring"
	CodeFinancialLocked                 = "VpnGateway.FinancialLocked"
	CodeIPsecServerExist                = "OperationFailed.IPsecServerExist"
	CodeIpsecPfsUnsupported             = "OperationUnsupported.IpsecPfs"
	CodeIllegalAuthMethod               = "IllegalParam.AuthMethod"
	CodeIllegalLocalSubnet              = "IllegalParam.LocalSubnet"
	CodeIllegalClientIPPool             = "IllegalParam.ClientIpPool"
	CodeMissingIDaaSInstanceID          = "MissingParam.IDaaSInstanceId"
	CodeNoRamPermission                 = "OperationFailed.NoRamPermission"
	CodeClientIPPoolNetmaskInvalid      = "ClientIpPool.NetmaskInvalid"
	CodeVpnRouteEntryConflict           = "VpnRouteEntry.Conflict"
	CodeClientIPPoolSubnetInvalid       = "ClientIpPool.SubnetInvalid"
	CodeInvalidClientIPPoolConflict     = "InvalidClientIpPool.Conflict"
	CodeAddVpcRouteFailed               = "OperationFailed.AddVpcRoute"
	CodeQuotaVpnRouteEntry              = "QuotaExceeded.VpnRouteEntry"
	CodeSystemBusy                      = "SystemBusy"
	CodeHaCheckVpcRouteDest             = "EnableHaCheck.IpsecServerCidrContainsVpcRouteDest"
	CodeIPsecServerAndVpnConnConflict   = "VpnGateway.IPsecServerAndVpnConnectionConflict"
	CodeForbidden                       = "Forbidden"
	CodeGatewayNotFound                 = "InvalidVpnGatewayInstanceId.NotFound"
	CodeIDaaSNotFound                   = "InvalidIDaaSInstanceId.NotFound"
	CodeOperationConflict               = "OperationConflict"
)

// DocumentedError is one error code the sandbox can return, with the documented input that triggers it.
type DocumentedError struct {
	Code       string
	HTTPStatus int
	Trigger    string
}

type errorSpec struct {
	status  int
	message string // a fmt template when the error carries arguments
	trigger string
}

type catalogueEntry struct {
	code string
	errorSpec
}

// catalogue is the single source of every error the sandbox answers: status, message and documented trigger.
func catalogue() []catalogueEntry {
	e := func(code string, status int, message, trigger string) catalogueEntry {
		return catalogueEntry{code, errorSpec{status, message, trigger}}
	}
	return []catalogueEntry{
		// Protocol and signature.
		e(CodeUnsupportedHTTPMethod, 400, "The HTTP method %s is not supported; use GET or POST.",
			"any HTTP method other than GET or POST"),
		e(CodeRequestEntityTooLarge, 413, "The request %s is larger than 64 KiB.",
			"a query string or a body larger than 64 KiB"),
		e(CodeMissingParameter, 400, "The input parameter \"%s\" that is mandatory for processing this request is not supplied.",
			"a missing signature parameter (Action, Version, AccessKeyId, Signature, SignatureMethod, SignatureVersion, SignatureNonce, Timestamp; for ACS3 the x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256 headers) or action parameter (e.g. CreateIpsecServer without LocalSubnet, ClientIpPool or VpnGatewayId; DescribeVpnGateway or DescribeSslVpnClients without VpnGatewayId; Update/DeleteIpsecServer without IpsecServerId; DescribeRouteEntryList without RouteTableId; DescribeVpcAttribute without VpcId; ListIpsecServerLogs without IpsecServerId, or with From but neither To nor MinutePeriod, To but neither From nor MinutePeriod, or none of the three)"),
		e(CodeMissingRegionID, 400, "RegionId is mandatory for this action.",
			"RegionId absent or empty on any action but DescribeRegions"),
		e(CodeIncompleteSignature, 400, "The request signature does not conform to Aliyun standards: %s",
			"SignatureMethod other than HMAC-SHA1/HMAC-SHA256, SignatureVersion other than 1.0, or an Authorization header that is not \"ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..\" or does not sign host and every x-acs-* header"),
		e(CodeInvalidAccessKeyIDNotFound, 404, "Specified access key is not found.",
			"an AccessKeyId other than sandbox and sandbox-readonly"),
		e(CodeInvalidTimeStampFormat, 400, "Specified time stamp or date value is not well formatted.",
			"a Timestamp (x-acs-date) that is not ISO 8601, e.g. 2024-13-45"),
		e(CodeInvalidTimeStampExpired, 400, "Specified time stamp or date value is expired.",
			"a Timestamp (x-acs-date) more than 15 minutes before or after the sandbox clock"),
		e(CodeSignatureDoesNotMatch, 400, "Specified signature is not matched with our calculation.",
			"a signature made with another secret (e.g. sandbox with secret wrong-secret), or an x-acs-content-sha256 that does not match the body"),
		e(CodeSignatureNonceUsed, 400, "Specified signature nonce was used already.",
			"a SignatureNonce (x-acs-signature-nonce) already used by the same AccessKeyId in the last 15 minutes"),
		e(CodeInvalidActionNotFound, 404, "Specified api is not found, please check your url and method.",
			"an Action the sandbox does not implement, e.g. CreateVpnGateway"),
		e(CodeInvalidRegionNotFound, 404, "The specified RegionId does not exist.",
			"a RegionId that is not one of DescribeRegions' (e.g. cn-nowhere), on every action but DescribeRegions"),
		e(CodeInvalidVersion, 400, "Specified parameter Version is not valid.",
			"a Version other than 2016-04-28"),
		e(CodeForbidden, 403, "User not authorized to operate on the specified resource.",
			"any write (CreateIpsecServer, UpdateIpsecServer, DeleteIpsecServer) signed with sandbox-readonly or sandbox-nologs, and ListIpsecServerLogs signed with sandbox-nologs (a RAM user without vpc:ListIpsecServerLogs)"),
		e(CodeInvalidParameter, 400, "The specified parameter %s is not valid: %s",
			"a malformed query or form body, a parameter given twice, invalid paging (PageNumber < 1, PageSize outside 1..50, MaxResults outside 1..20, an unknown NextToken), a boolean that is not true/false, a filter value outside its documented values (e.g. DescribeVpnGateways Status=Active, DescribeRegions AcceptLanguage=fr-FR), a Tag.N filter with N outside 1..20 or without its Key, more than 20 ids in a list, a ClientToken over 64 characters or not printable ASCII, IpSecServerName/IpsecServerName not 1..100 characters, a Psk not 1..100 printable ASCII characters, ListIpsecServerLogs with MinutePeriod outside 1..10, From or To not a Unix time, To before From, or From..To over 600 seconds, IkeConfig/IpsecConfig that is not a JSON object, has an unknown key, or a value outside vpc-api.md's table (e.g. {\"IkeEncAlg\":\"blowfish\"}, IkeLifetime 86401)"),
		e(CodeIdempotentParameterMismatch, 400, "The request uses the same client token as a previous, but non-identical request.",
			"a write repeating an earlier successful write's ClientToken with different parameters"),
		e(CodeDryRunOperation, 400, dryRunMessage,
			"DryRun=true on CreateIpsecServer, UpdateIpsecServer, DeleteIpsecServer, DescribeVpcs or DescribeVpcAttribute when every check passes"),
		e(CodeThrottling, 400, "Request was denied due to request throttling.",
			"fault injection only (Config.FaultRate)"),
		e(CodeServiceUnavailable, 503, "The request has failed due to a temporary failure of the server.",
			"fault injection (Config.FaultRate), or a change (create, update, delete) whose state file could not be written, e.g. on a full disk: the change is rolled back, not applied"),
		e(CodeSystemBusy, 400, "The system is busy. Please try again later.",
			"CreateIpsecServer with IpSecServerName sandbox-systembusy (after every other check, DryRun included), or fault injection"),
		e(CodeInternalError, 500, "The request processing has failed due to some unknown error.",
			"none documented: only a sandbox bug (a recovered panic)"),
		e(CodeGatewayNotFound, 404, "The specified vpn gateway instance id does not exist.",
			"a VpnGatewayId not in the request's region (CreateIpsecServer, DescribeVpnGateway, DescribeSslVpnClients), e.g. vpn-sandbox-nope, or vpn-sandbox-sh-ready with RegionId cn-hangzhou"),
		e(CodeVpcNotFound, 404, "Specified VPC does not exist.",
			"DescribeVpcAttribute with a VpcId not in the request's region, e.g. vpc-sandbox-nope, or with IsDefault=true for a VPC that is not the default one"),
		e(CodeRouteTableNotFound, 404, "The specified route table does not exist.",
			"DescribeRouteEntryList with a RouteTableId not in the request's region, e.g. vtb-sandbox-nope"),
		e(CodeInvalidIpsecServerNotFound, 404, "The specified IPsec server does not exist.",
			"UpdateIpsecServer, DeleteIpsecServer or ListIpsecServerLogs with an IpsecServerId not in the request's region, e.g. iss-sandbox-nope (ListIpsecServerLogs still answers for a deleted server until its gateway is active again)"),

		// Gateway state (CreateIpsecServer, checked in this order).
		e(CodeFinancialLocked, 400, "The specified service is financial locked.",
			"any change on vpn-sandbox-locked"),
		e(CodeOperationUnsupportedIPsecServer, 400, "The current version of the VPN gateway does not support IPsec server.",
			"CreateIpsecServer on vpn-sandbox-legacy"),
		e(CodeSslVpnDisabled, 400, "The VPN gateway has not enabled SSL VPN.",
			"CreateIpsecServer on vpn-sandbox-nossl"),
		e(CodeIPsecServerAndVpnConnConflict, 400, "The IPSec connection and IPSec server cannot be configured on the same VPN gateway at the same time.",
			"CreateIpsecServer on vpn-sandbox-vpnconn"),
		e(CodeIPsecServerExist, 400, "An IPsec server already exists in the VPN gateway.",
			"CreateIpsecServer on vpn-sandbox-hasserver (or on any gateway after a create succeeded)"),
		e(CodeConfiguring, 400, "The specified service is configuring.",
			"any change (CreateIpsecServer, UpdateIpsecServer, a rename included, DeleteIpsecServer) on a gateway that is updating: vpn-sandbox-busy during the first 60 s, or any gateway within Settle after it turned updating"),
		e(CodeOperationConflict, 409, "The operation against this instance is too frequent, please try again later.",
			"a change accepted on a gateway before it turned updating (within UpdatingDelay, default 300 ms), e.g. DeleteIpsecServer right after CreateIpsecServer, or CreateIpsecServer right after DeleteIpsecServer"),

		// CreateIpsecServer / UpdateIpsecServer parameters.
		e(CodeIllegalAuthMethod, 400, "One authentication method (Psk or IDaaS) should be specified at least.",
			"CreateIpsecServer without PskEnabled=true and without IDaaSInstanceId"),
		e(CodeMissingIDaaSInstanceID, 400, "The input parameter IDaaSInstanceId is mandatory when enable multi-factor authentication.",
			"MultiFactorAuthEnabled=true without IDaaSInstanceId"),
		e(CodeIDaaSNotFound, 404, "The specified IDaaS instance ID does not exist.",
			"an IDaaSInstanceId other than idaas-sandbox and idaas-sandbox-noperm"),
		e(CodeNoRamPermission, 400, "Vpn Service has no permission to operate your IDaaS instances.",
			"IDaaSInstanceId idaas-sandbox-noperm"),
		e(CodeIllegalLocalSubnet, 400, "The specified \"LocalSubnet\" (%s) is invalid.",
			"a LocalSubnet entry that is not an IPv4 CIDR block with its host bits clear, e.g. 172.16.0.0/33, 10.0.0.1/24, or an empty entry"),
		e(CodeQuotaVpnRouteEntry, 400, "The number of route entries to the VPN gateway in the VPC routing table has reached the quota limit.",
			"a LocalSubnet with more than 10 CIDR blocks"),
		e(CodeAddVpcRouteFailed, 400, "It is failed to add VPC route after this operation.",
			"a LocalSubnet entry 0.0.0.0/0 (a default route cannot be added)"),
		e(CodeIllegalClientIPPool, 400, "The specified ClientIpPool (%s) is invalid.",
			"a ClientIpPool that is not one IPv4 CIDR block, e.g. 10.0.0.0 or 10.0.0.0/24,10.1.0.0/24"),
		e(CodeClientIPPoolNetmaskInvalid, 400, "The netmask length of client IP pool must be greater than or equal to 16 and less than or equal to 29.",
			"a ClientIpPool prefix length outside /16../29, e.g. 10.0.0.0/30 or 10.0.0.0/8"),
		e(CodeClientIPPoolSubnetInvalid, 400, "The specified client IP pool cannot be used.",
			"a ClientIpPool with host bits set (192.168.0.1/24) or inside 0.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4 or 240.0.0.0/4 (which holds 255.0.0.0/8)"),
		e(CodeInvalidClientIPPoolConflict, 400, "The specified client IP pool conflicts with other resources in the same VPC.",
			"a ClientIpPool overlapping the gateway VPC's CIDR blocks (vpn-sandbox-ready: 172.16.0.0/16, 10.10.0.0/16) or a LocalSubnet entry"),
		e(CodeVpnRouteEntryConflict, 400, "The specified client IP pool conflicts with VPN connection or SSL server.",
			"a ClientIpPool overlapping the gateway's SSL-VPN client pool (vpn-sandbox-ready: 192.168.200.0/24)"),
		e(CodeHaCheckVpcRouteDest, 400, "Ipsec server client cidr contains vpc route prefix. The vpc route prefix is %s.",
			"a ClientIpPool overlapping a custom route of the gateway's VPC (vpn-sandbox-ready: 192.168.50.0/24)"),
		e(CodeIpsecPfsUnsupported, 400, "The specified IPsec Pfs is unsupported.",
			"an IpsecConfig IpsecPfs other than disabled, group1, group2, group5, group14 (e.g. group24)"),
	}
}

// ErrorCatalogue lists every error code the sandbox can return, its HTTP status and the documented input that
// triggers it.
func ErrorCatalogue() []DocumentedError {
	entries := catalogue()
	out := make([]DocumentedError, len(entries))
	for i, e := range entries {
		out[i] = DocumentedError{Code: e.code, HTTPStatus: e.status, Trigger: e.trigger}
	}
	return out
}

// apiError is an answer the sandbox gives instead of a result; status and message come from the catalogue.
type apiError struct {
	code string
	args []any
}

func (e *apiError) Error() string { return e.code }

func newErr(code string, args ...any) *apiError { return &apiError{code: code, args: args} }

func invalidParam(name, format string, args ...any) *apiError {
	return newErr(CodeInvalidParameter, name, fmt.Sprintf(format, args...))
}

func missingParam(name string) *apiError { return newErr(CodeMissingParameter, name) }

// errorBody is the wire shape of a failure: every value a string, as the V1 SDK requires.
type errorBody struct {
	RequestID string `json:"RequestId"`
	HostID    string `json:"HostId"`
	Code      string `json:"Code"`
	Message   string `json:"Message"`
	Recommend string `json:"Recommend"`
}

// resolve turns an apiError into its HTTP status and body using the catalogue.
func (s *Server) resolve(e *apiError, requestID string) (int, errorBody) {
	spec, ok := s.codes[e.code]
	if !ok { // a bug: a code missing from the catalogue
		spec = s.codes[CodeInternalError]
		e = newErr(CodeInternalError)
	}
	msg := spec.message
	if len(e.args) > 0 {
		msg = fmt.Sprintf(spec.message, e.args...)
	}
	return spec.status, errorBody{
		RequestID: requestID,
		HostID:    sandboxHostID,
		Code:      e.code,
		Message:   msg,
		Recommend: recommendURL + e.code,
	}
}
