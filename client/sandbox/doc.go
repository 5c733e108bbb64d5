// Package sandbox is a faithful local stand-in for Alibaba Cloud's VPC API (RPC style, version 2016-04-28)
// on loopback. It owns everything the real service would do for ipsecwiz: plain HTTP, verification of both
// signatures the official SDKs send (RPC signature v1 with HMAC-SHA1/HMAC-SHA256, and ACS3-HMAC-SHA256),
// timestamp and nonce replay checks, restricted credentials, the gateway state machine
// (active -> updating -> active after every accepted change), ClientToken idempotency, DryRun, every
// documented filter, every error code of CreateIpsecServer reachable by a documented input (see
// ErrorCatalogue), simulated VPN clients and the IPsec server's own log (ListIpsecServerLogs), fault
// injection, optional crash-safe persistence of its state (a change is written before it is acknowledged; one
// that cannot be written is rolled back and answered ServiceUnavailable), and a one-line-per-event log. It
// serves `ipsecwiz --sandbox` (in-process), `ipsecwiz sandbox` (foreground) and the project's tests.
//
// Actions: DescribeRegions, DescribeVpnGateways, DescribeVpnGateway, DescribeVpcs, DescribeVpcAttribute,
// DescribeVpnConnections,
// DescribeSslVpnServers, DescribeSslVpnClients, DescribeRouteTableList, DescribeRouteEntryList,
// ListIpsecServers, ListIpsecServerLogs, CreateIpsecServer, UpdateIpsecServer, DeleteIpsecServer. Their
// parameters are the ones Alibaba's API metadata documents; answers decode in both the V1 SDK (fuzzy types)
// and the V2 SDK (strict pointer types).
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
//	2026-11-26T02:03:05.002Z client server=iss-sandbox-hasserver name=alice outcome=connected
//
// A request line's code is OK or the error code answered; gateway is "-" when the call names none. A faulted
// call adds fault=ServiceUnavailable|Throttling|SystemBusy|drop-before|drop-after (for drop-after, code is the
// result of the applied action that the client never saw). A transition line's time is the exact moment the
// gateway's status flips (status is derived from timestamps; a timer writes the line at that moment, so it can
// trail a request line by a millisecond). A client line is a ConnectClient. Other lines: "start", "stop" and
// "error" (state file failures; "rollback=true" when a change was refused for it).
//
// # Check order
//
// HTTP method and size, parameter parsing, mandatory signature parameters, AccessKeyId, timestamp, signature,
// nonce, then fault injection (faults hit only correctly signed calls), action, version, the key's
// permissions, and the action's own checks (for writes: ClientToken, required parameters, gateway or server,
// gateway state, parameters, DryRun; for reads: required parameters, parameters and filters, DryRun, the
// resource).
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
// [I] DescribeRouteEntryList with an unknown RouteTableId answers InvalidRouteTableId.NotFound (404);
// DescribeVpcAttribute with IsDefault given finds the VPC only if it matches (else InvalidVpcId.NotFound).
//
// # Simulated clients
//
// ConnectClient has a client (ClientSim: its name, key, identity, the server identity it expects, IKE version
// and mode, IKE and ESP proposals; zero fields take the server's settings) negotiate with an IPsec server's
// real settings, in charon's order: IKE version and mode, IKE proposal, identities, pre-shared key, a
// connection, a virtual IP, ESP proposal. The outcome (an Outcome) and the lines it wrote come back;
// DisconnectClient ends a session; OnlineClients lists them. [I] Capacity: one /30 of the client pool per
// client (size/4; a client gets the first address of the lowest free /30), and at most the gateway's
// SslMaxConnections minus its SSL-VPN clients online (vpn-sandbox-ready has one, so four IPsec clients). A
// client counts in OnlineClientCount once its CHILD_SA is established. A client connects only while its
// server's gateway is active (ErrServerNotReady otherwise). A second session under the same name replaces the
// first (charon's uniqueness policy). An update cuts off the clients that no longer match (another key, a
// proposal, version, mode or identity they did not offer, a virtual IP outside a new pool), and with
// EffectImmediately=true tears every session down and renegotiates it with the new settings (a client keeps
// the key it connected with, so after a key change it fails); a delete cuts every client off. Clients and
// logs are state: they survive a restart with Config.StateFile. Config.SimulatedClients (`ipsecwiz sandbox
// --clients N`) plain clients client-1..N connect to every server once it is up (a created one when its
// gateway turns active again).
//
// The fixture's iss-sandbox-hasserver (client pool ExistingServerPool, four clients) starts with a history of
// the ten minutes before the start (FixtureHistory, times relative to Config.Now at New): alice, carol, dave
// and erin fill the pool, frank finds it exhausted, carol, dave and erin leave, mallory has a wrong key, oscar
// offers only IKE aes256/sha256/group14, peggy only ESP aes256/sha256/group14, trent expects the server to be
// vpn.example.com, bob connects; alice and bob are online (ExistingServerOnline).
//
// # IPsec server log
//
// ListIpsecServerLogs lines are charon's (Alibaba's VPN logs are), after the time and the server id; the time
// comes first, in UTC with milliseconds (ServerLogTimeLayout, ParseServerLogTime), and strictly increases
// within a server's log, so lines sort by their text and a line seen in two windows is the same line. The
// pre-shared key never appears (not even from a name or identity that holds it). Examples, one per outcome:
//
//	... 06[IKE] <iss-sandbox-hasserver|1> IKE_SA iss-sandbox-hasserver[1] established between 203.0.113.13[203.0.113.13]...192.0.2.129[alice.clients.example]
//	... 06[IKE] <iss-sandbox-hasserver|1> assigning virtual IP 10.50.0.1 to peer 'alice.clients.example'
//	... 06[IKE] <iss-sandbox-hasserver|1> CHILD_SA iss-sandbox-hasserver{1} established with SPIs fac90726_i fcc90a4c_o and TS 172.19.0.0/16 === 10.50.0.1/32
//	... 11[IKE] <iss-sandbox-hasserver|6> peer 'mallory.clients.example' authentication failed (AUTH_FAILED): its pre-shared key does not match the server's
//	... 12[CFG] <iss-sandbox-hasserver|7> received proposals: IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048
//	... 12[CFG] <iss-sandbox-hasserver|7> configured proposals: IKE:AES_CBC_128/HMAC_SHA1_96/PRF_HMAC_SHA1/MODP_1024
//	... 12[IKE] <iss-sandbox-hasserver|7> received proposals unacceptable, sending NO_PROPOSAL_CHOSEN
//	... 14[CFG] <iss-sandbox-hasserver|9> no matching peer config found (identity mismatch: the peer expects the server to be 'vpn.example.com', the server is LocalId '203.0.113.13')
//	... 10[IKE] <iss-sandbox-hasserver|5> no virtual IP found for %any requested by 'frank.clients.example': address pool 10.50.0.0/28 exhausted (4 of 4 /30 blocks in use)
//	... 05[IKE] <iss-x|3> maximum number of connections reached: 4 of 4 in use by IPsec clients (SslMaxConnections 5, 1 taken by SSL-VPN clients), refusing 'c5.clients.example'
//	... 09[CFG] IPsec server created: LocalSubnet ..., ClientIpPool ... (64 clients), ikev2 IKE:... lifetime 86400s, ESP:... lifetime 86400s, LocalId ..., RemoteId any, pre-shared key authentication
//	... 09[CFG] IPsec server updated: IkeEncAlg "aes" -> "aes256", pre-shared key changed
//	... 08[IKE] <iss-x|14> configuration changed: its pre-shared key no longer matches
//	... 09[IKE] EffectImmediately: renegotiating 3 IKE_SA(s) with the new configuration
//	... 09[CFG] IPsec server deleted
//
// The window: From and To (Unix seconds, both included), From+MinutePeriod, To-MinutePeriod, or the last
// MinutePeriod minutes; From needs To or MinutePeriod, To needs From or MinutePeriod, neither needs
// MinutePeriod (MissingParameter); with all three, To decides. [I] The service allows at most 10 minutes, as
// MinutePeriod 1..10 suggests: a longer From..To, or To before From, is InvalidParameter. Lines are oldest
// first; Count is the number on the page (as the SDK model documents), so a client pages until a page is
// short. [I] IsCompleted is false when the window reaches past now or into lines dropped for the bound of
// 2,000 lines per server. [I] A deleted server's log stays readable until its gateway is active again, so the
// delete's lines can be seen; then InvalidIpsecServerId.NotFound. [I] Likewise ListIpsecServers lists a server
// being deleted (OnlineClientCount 0) until its gateway is active again, and a change to it meanwhile is
// refused as its busy gateway refuses any (VpnGateway.Configuring); IpsecServers no longer holds it. Reading it takes vpc:ListIpsecServerLogs:
// the read-only key has it, NoLogsAccessKeyID does not (Forbidden).
//
// # Choices where the reference is silent
//
// ErrorCatalogue documents the trigger of every code; beyond it: a documented filter value outside its
// documented values (Status=Active, an unknown AcceptLanguage, Tag.21.Key, a Tag.N.Value without its key) is
// InvalidParameter; several Tag.N filters must all match, and one without a value matches any value; a
// LocalSubnet entry or ClientIpPool with host bits set is invalid (IllegalParam.LocalSubnet,
// ClientIpPool.SubnetInvalid); a pool overlapping a VPC custom route at all counts as containing it;
// IkeConfig/IpsecConfig are JSON objects whose unknown keys are refused (InvalidParameter naming the key,
// whatever its value), lifetimes may be numbers or digit strings; a member that is "" or null is not given
// (the service default on create, unchanged on update; so RemoteId cannot be cleared with ""), as the
// Terraform provider's acceptance tests need; a lifetime of 0 is a value (the API documents 0..86400), stored
// and shown as 0 and meaning no time-based rekeying, so a Terraform config that leaves it unset reads back as
// it was sent; an empty request parameter (IpsecServerName=, LocalSubnet=) is not given either; a DryRun never
// consults nor records ClientTokens; ClientTokens are scoped per action and remembered with their result
// (also across restarts, at most 10,000); a server created without a name keeps an empty name; a deleted
// server is listed until its gateway, updating meanwhile, is active again (see above); an update that changes nothing but the name (or
// nothing) is synchronous, any other change and EffectImmediately=true keep the gateway updating, and every
// update, a rename included, is refused while the gateway is busy (VpnGateway.Configuring,
// OperationConflict); Latency is added after the action ran, so a client that times out still changed the
// state; DescribeRegions names the sandbox itself as every region's endpoint, and a RegionId it does not
// list is InvalidRegionId.NotFound on every other action (an empty answer would read as "nothing there"); a state file is taken whole or
// refused (with the reason, untouched), and a symlinked one is followed, so writes replace the file it names
// and the link stays; a change whose state cannot be written answers ServiceUnavailable (503, which clients
// retry and treat as not done) and is rolled back.
package sandbox
