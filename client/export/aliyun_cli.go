package export

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// PskPlaceholder stands where the PSK would be in exported commands: the
// shell expands it at run time, so the key never lands in a file or history.
const PskPlaceholder = `"$IPSEC_PSK"`

// AliyunCLIArgs returns the aliyun CLI arguments (after `aliyun`) that send
// spec, in API order. The PSK, when the spec has one, is the placeholder.
func AliyunCLIArgs(spec ipsec.ServerSpec) [][2]string {
	args := [][2]string{
		{"--RegionId", spec.RegionId},
		{"--VpnGatewayId", spec.VpnGatewayId},
		{"--LocalSubnet", spec.LocalSubnet.String()},
		{"--ClientIpPool", spec.ClientIpPool},
	}
	if spec.IpSecServerName != "" {
		args = append(args, [2]string{"--IpSecServerName", spec.IpSecServerName})
	}
	args = append(args, [2]string{"--EffectImmediately", strconv.FormatBool(spec.EffectImmediately)})
	if spec.IkeConfig != nil {
		b, _ := json.Marshal(spec.IkeConfig)
		args = append(args, [2]string{"--IkeConfig", string(b)})
	}
	if spec.IpsecConfig != nil {
		b, _ := json.Marshal(spec.IpsecConfig)
		args = append(args, [2]string{"--IpsecConfig", string(b)})
	}
	args = append(args, [2]string{"--PskEnabled", strconv.FormatBool(spec.PskEnabled)})
	if spec.Psk != "" {
		args = append(args, [2]string{"--Psk", PskPlaceholder})
	}
	if spec.ClientToken != "" {
		args = append(args, [2]string{"--ClientToken", spec.ClientToken})
	}
	if spec.DryRun {
		args = append(args, [2]string{"--DryRun", "true"})
	}
	return args
}

// aliyunCLI is the registry's aliyun-cli rendering.
func aliyunCLI(in Input) ([]byte, error) {
	if in.Update && in.Server != nil {
		return []byte(AliyunCLIUpdateCommand(*in.Server, in.Spec) + "\n"), nil
	}
	return []byte(AliyunCLICommand(in.Spec) + "\n"), nil
}

// AliyunCLIUpdateCommand renders the UpdateIpsecServer call that turns
// server into after, for the aliyun CLI: only what changes, the key as the
// placeholder.
func AliyunCLIUpdateCommand(server ipsec.Server, after ipsec.ServerSpec) string {
	args := [][2]string{{"--RegionId", server.RegionId}, {"--IpsecServerId", server.IpsecServerId}}
	for _, p := range ipsec.UpdateParams(server, after, false) {
		v := p.Value
		if p.Name == "Psk" {
			v = PskPlaceholder
		}
		args = append(args, [2]string{"--" + p.Name, v})
	}
	if after.ClientToken != "" {
		args = append(args, [2]string{"--ClientToken", after.ClientToken})
	}
	if after.DryRun {
		args = append(args, [2]string{"--DryRun", "true"})
	}
	return cliCommand("UpdateIpsecServer", args)
}

// AliyunCLICommand renders spec as one shell command line for the aliyun CLI.
// Values are single-quoted where the shell would otherwise split or expand
// them; the PSK placeholder is left double-quoted so it expands.
func AliyunCLICommand(spec ipsec.ServerSpec) string {
	return cliCommand("CreateIpsecServer", AliyunCLIArgs(spec))
}

// cliCommand is `aliyun vpc ACTION` with args, one per line.
func cliCommand(action string, args [][2]string) string {
	var b strings.Builder
	b.WriteString("aliyun vpc " + action)
	for _, kv := range args {
		b.WriteString(" \\\n  ")
		b.WriteString(kv[0])
		b.WriteByte(' ')
		if kv[1] == PskPlaceholder {
			b.WriteString(kv[1])
		} else {
			b.WriteString(ShellQuote(kv[1]))
		}
	}
	return b.String()
}

// ShellQuote quotes s for a POSIX shell when it needs quoting.
func ShellQuote(s string) string {
	if s == "" {
		return "''"
	}
	safe := true
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./,:=@%+", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
