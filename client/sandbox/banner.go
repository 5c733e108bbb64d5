package sandbox

import "strings"

// Banner is what `ipsecwiz sandbox` prints at start: the endpoint, both credential pairs and a
// ready-to-paste aliyun CLI session. The credentials are public test values.
func Banner(addr string) string {
	ep := " --endpoint " + addr + " --insecure --profile sandbox"
	lines := []string{
		"ipsecwiz sandbox: a local Alibaba Cloud VPC API (2016-04-28) over plain HTTP",
		"",
		"  endpoint     http://" + addr + "   (SDK Domain / aliyun --endpoint: " + addr + ")",
		"  full rights  AccessKeyId " + AccessKeyID + "            AccessKeySecret " + AccessKeySecret,
		"  read-only    AccessKeyId " + ReadOnlyAccessKeyID + "   AccessKeySecret " + ReadOnlyAccessKeySecret + "   (every write: 403 Forbidden)",
		"  no logs      AccessKeyId " + NoLogsAccessKeyID + "     AccessKeySecret " + NoLogsAccessKeySecret + "     (read-only, and ListIpsecServerLogs: 403 Forbidden)",
		"  regions      cn-hangzhou (vpn-sandbox-ready, -nossl, -vpnconn, -hasserver, -locked, -legacy, -busy),",
		"               cn-shanghai (vpn-sandbox-sh-ready), cn-beijing (no gateways)",
		"",
		"Use it with ipsecwiz:",
		"  ALIBABA_CLOUD_ACCESS_KEY_ID=" + AccessKeyID + " ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + AccessKeySecret +
			" ipsecwiz --endpoint " + addr,
		"",
		"Try it with the aliyun CLI:",
		"  aliyun configure set --profile sandbox --mode AK --access-key-id " + AccessKeyID +
			" --access-key-secret " + AccessKeySecret + " --region cn-hangzhou",
		"  aliyun vpc DescribeVpnGateways --RegionId cn-hangzhou" + ep,
		"  aliyun vpc CreateIpsecServer --RegionId cn-hangzhou --VpnGatewayId vpn-sandbox-ready" +
			" --LocalSubnet 172.16.0.0/16 --ClientIpPool 192.168.0.0/24 --PskEnabled true" + ep,
		"  aliyun vpc DescribeVpnGateway --RegionId cn-hangzhou --VpnGatewayId vpn-sandbox-ready" +
			" --waiter expr=Status to=active" + ep,
		"",
	}
	return strings.Join(lines, "\n")
}
