// Package sandbox is a faithful local stand-in for Alibaba Cloud's VPC API (RPC style, version 2016-04-28)
// on loopback. It owns everything the real service would do for ipsecwiz: plain HTTP, verification of both
// signatures the official SDKs send (RPC signature v1 with HMAC-SHA1/HMAC-SHA256, and ACS3-HMAC-SHA256),
// timestamp and nonce replay checks, read-only credentials, the gateway state machine
// (active -> updating -> active after every accepted change), ClientToken idempotency, DryRun, every error
// code of CreateIpsecServer reachable by a documented input (see ErrorCatalogue), fault injection, optional
// crash-safe persistence of its state (a change is written before it is acknowledged; one that cannot be
// written is rolled back and answered ServiceUnavailable), and a one-line-per-event log. It serves `ipsecwiz --sandbox`
// (in-process), `ipsecwiz sandbox` (foreground) and the project's tests.
//
// # Connections
//
// At most Config.MaxConnections (DefaultMaxConnections) connections are open at once; past that a new
// connection closes the one that has waited longest without a request in flight, and only when all are busy
// does it wait, so idle keep-alive clients can neither exhaust descriptors nor lock others out. A request must
// arrive within 30 s (headers within 10 s), an idle connection is closed after 30 s, and an answer may take
// 30 s plus Config.Latency.
//
// # Log format
//
// Every line starts with the time in UTC, RFC 3339 with milliseconds, then a kind and key=value pairs whose
// values never contain spaces (odd characters are Go-quoted). Secrets (Psk, AccessKeySecret, Signature,
// SecurityToken) are never logged: request lines carry no parameter values besides the action and gateway.
//
//	2026-11-26T02:03:04.123Z request action=CreateIpsecServer gateway=vpn-sandbox-ready code=OK duration=1.2ms status=200 region=cn-hangzhou
//	2026-11-26T02:03:04.456Z transition gateway=vpn-sandbox-ready from=active to=updating region=cn-hangzhou
//
// A request line's code is OK or the error code answered; gateway is "-" when the call names none. A faulted
// call adds fault=ServiceUnavailable|Throttling|SystemBusy|drop-before|drop-after (for drop-after, code is the
// result of the applied action that the client never saw). A transition line's time is the exact moment the
// gateway's status flips (status is derived from timestamps; a timer writes the line at that moment, so it can
// trail a request line by a millisecond). Other lines: "start", "stop" and "error" (state file failures).
//
// # Check order
//
// HTTP method and size, parameter parsing, mandatory signature parameters, AccessKeyId, timestamp, signature,
// nonce, then fault injection (faults hit only correctly signed calls), action, version, read-only key, and
// the action's own checks (for writes: ClientToken, required parameters, gateway, gateway state, parameters,
// DryRun).
//
// # Gateways
//
// DescribeVpnGateway(s) Tag is the gateway's feature JSON (GatewayFeatures), e.g.
// {"VpnEnableBgp":"true","VisuallySsl":"true",...,"VpnVersion":"v1.2.4","IDaaSNewVersion":"true"}; resource
// tags are in Tags.Tag[] (env=sandbox and case=<ready|nossl|...> on every fixture gateway). [I] The rule that
// decides OperationUnsupported.IPsecServer is the version: a gateway whose VpnVersion is older than
// MinIpsecServerVersion (v1.2.0, compared numerically part by part; vpn-sandbox-legacy runs v1.1.6) or has
// none cannot hold an IPsec server; SupportsIpsecServer applies it to a Tag. ChargeType is POSTPAY, the only
// value the SDK model documents. SslVpnInternetIp is returned only when SSL-VPN is on, ReservationData only
// with IncludeReservationData=true (an empty object when there is no pending order; vpn-sandbox-nossl has a
// RENEWCHANGE that turns SSL-VPN on). Every gateway is Traditional (IPsec and SSL-VPN), so GatewayType
// Enhance.SiteToSite matches none. DescribeRegions answers LocalName in zh-CN (the documented default) or
// en-US (AcceptLanguage); ProductType takes VPC only.
//
// # SSL-VPN and routes
//
// DescribeSslVpnServers shows the SSL-VPN server whose client pool an IPsec client pool must not overlap
// (VpnRouteEntry.Conflict); DescribeRouteTableList and DescribeRouteEntryList show each VPC's system route
// table with its system routes and vpc-sandbox-ready's custom route (EnableHaCheck...). DescribeSslVpnClients
// is about SSL-VPN clients (certificate common names), not IPsec clients, so it is not what gives
// ListIpsecServers' OnlineClientCount its meaning; it is served faithfully because those clients take
// connections from the gateway's SslMaxConnections, which the IPsec server shares (its MaxConnections).
// [I] DescribeRouteEntryList with an unknown RouteTableId answers InvalidRouteTableId.NotFound (404).
//
// # Choices where the reference is silent
//
// ErrorCatalogue documents the trigger of every code; beyond it: a documented filter value outside its
// documented values (Status=Active, an unknown AcceptLanguage, Tag.21.Key, a Tag.N.Value without its key) is
// InvalidParameter; several Tag.N filters must all match, and one without a value matches any value; a LocalSubnet entry or ClientIpPool with host
// bits set is invalid (IllegalParam.LocalSubnet, ClientIpPool.SubnetInvalid); a pool overlapping a VPC custom
// route at all counts as containing it; IkeConfig/IpsecConfig are JSON objects whose unknown keys are refused
// (InvalidParameter naming the key, whatever its value), lifetimes may be numbers or digit strings; a member
// that is "" or null is not given (the service default on create, unchanged on update; so RemoteId cannot be
// cleared with ""), as the Terraform provider's acceptance tests need; a lifetime of 0 is a value (the API
// documents 0..86400), stored and shown as 0 and meaning no time-based rekeying, so a Terraform config that
// leaves it unset reads back as it was sent; an empty request parameter (IpsecServerName=, LocalSubnet=) is
// not given either; a DryRun never consults nor
// records ClientTokens; ClientTokens are scoped per action and remembered with their result (also across
// restarts, at most 10,000); a server created without a name keeps an empty name; a deleted server
// disappears at once while its gateway goes updating; an update that changes nothing but the name (or
// nothing) is synchronous, any other change and EffectImmediately=true keep the gateway updating; Latency
// is added after the action ran, so a client that times out still changed the state; DescribeRegions names
// the sandbox itself as every region's endpoint; a state file is taken whole or refused (with the reason,
// untouched), and a symlinked one is followed, so writes replace the file it names and the link stays.
package sandbox
