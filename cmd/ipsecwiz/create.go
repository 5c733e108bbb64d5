package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// createOptions are create's flags; each one pre-fills its wizard field.
type createOptions struct {
	g *globalOptions

	vpnGatewayID      string
	localSubnets      []string
	clientIPPool      string
	name              string
	effectImmediately bool
	dryRun            bool
	clientToken       string

	pskFile     string
	generatePsk bool

	securityProfile                                    string
	ikeVersion, ikeMode, ikeEncAlg, ikeAuthAlg, ikePfs string
	ikeLifetime                                        int
	localID, remoteID                                  string
	ipsecEncAlg, ipsecAuthAlg, ipsecPfs                string
	ipsecLifetime                                      int

	answers     string
	saveAnswers string
	includePsk  bool
	export      string
	exportFile  string
	force       bool
	noInput     bool
	yes         bool
	noWait      bool
	waitTimeout time.Duration

	flags *pflag.FlagSet
}

func newCreateCommand(g *globalOptions) *cobra.Command {
	o := &createOptions{g: g}
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an IPsec server with the wizard (the default command)",
		Example: `  ipsecwiz --sandbox
  ipsecwiz create --vpn-gateway-id vpn-bp1... --local-subnet 172.16.0.0/16 --client-ip-pool 192.168.0.0/24
  ipsecwiz create --answers prod.yaml --no-input --psk-file - < psk.txt
  ipsecwiz create --answers prod.yaml --export terraform > ipsec.tf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.flags = cmd.Flags()
			return o.run(cmd)
		},
	}
	o.addFlags(cmd.Flags(), false)
	return cmd
}

// addFlags registers the flags that pre-fill a server's settings. For an
// update (update) each one changes that setting and the rest stay as the
// server has them; the gateway is the server's.
func (o *createOptions) addFlags(f *pflag.FlagSet, update bool) {
	verb := map[bool]string{false: "created", true: "changed"}[update]
	if !update {
		f.StringVar(&o.vpnGatewayID, "vpn-gateway-id", "", "VPN gateway to create the server on (VpnGatewayId), e.g. vpn-bp1...")
	}
	f.StringSliceVar(&o.localSubnets, "local-subnet", nil, "CIDR blocks clients reach (LocalSubnet); comma list or repeated")
	f.StringVar(&o.clientIPPool, "client-ip-pool", "", "CIDR block client addresses come from (ClientIpPool), e.g. 192.168.0.0/24")
	f.StringVar(&o.name, "name", "", "server name, 1 to 100 characters (IpSecServerName)")
	f.BoolVar(&o.effectImmediately, "effect-immediately", false, "negotiate at once instead of on first traffic (EffectImmediately)")
	f.BoolVar(&o.dryRun, "dry-run", false, "precheck only: nothing is "+verb+" (DryRun)")
	f.StringVar(&o.clientToken, "client-token", "", "idempotency token (ClientToken); generated when not given")
	f.StringVar(&o.pskFile, "psk-file", "", "read the pre-shared key from PATH, or - for stdin (the key is never a flag value)")
	f.BoolVar(&o.generatePsk, "generate-psk", false, "generate a strong new pre-shared key here")
	f.StringVar(&o.securityProfile, "security-profile", "", "proposals of both phases: recommended (the default), service-default or custom")
	f.StringVar(&o.ikeVersion, "ike-version", "", "phase 1 IKE version: ikev1 or ikev2 (IkeVersion)")
	f.StringVar(&o.ikeMode, "ike-mode", "", "phase 1 negotiation mode: main or aggressive (IkeMode)")
	f.StringVar(&o.ikeEncAlg, "ike-enc-alg", "", "phase 1 encryption: aes, aes192, aes256, des, 3des (IkeEncAlg)")
	f.StringVar(&o.ikeAuthAlg, "ike-auth-alg", "", "phase 1 authentication: md5, sha1, sha256, sha384, sha512 (IkeAuthAlg)")
	f.StringVar(&o.ikePfs, "ike-pfs", "", "phase 1 DH group: group1, group2, group5, group14 (IkePfs)")
	f.IntVar(&o.ikeLifetime, "ike-lifetime", 0, "phase 1 SA lifetime in seconds, 0 to 86400 (IkeLifetime)")
	f.StringVar(&o.localID, "local-id", "", "server identity, FQDN or IP (LocalId); default: the gateway's public IP")
	f.StringVar(&o.remoteID, "remote-id", "", "client identity, FQDN or IP (RemoteId)")
	f.StringVar(&o.ipsecEncAlg, "ipsec-enc-alg", "", "phase 2 encryption: aes, aes192, aes256, des, 3des (IpsecEncAlg)")
	f.StringVar(&o.ipsecAuthAlg, "ipsec-auth-alg", "", "phase 2 authentication: md5, sha1, sha256, sha384, sha512 (IpsecAuthAlg)")
	f.StringVar(&o.ipsecPfs, "ipsec-pfs", "", "phase 2 DH group: disabled, group1, group2, group5, group14 (IpsecPfs)")
	f.IntVar(&o.ipsecLifetime, "ipsec-lifetime", 0, "phase 2 SA lifetime in seconds, 0 to 86400 (IpsecLifetime)")
	f.StringVar(&o.answers, "answers", "", "pre-fill everything from a JSON or YAML answers FILE")
	f.StringVar(&o.saveAnswers, "save-answers", "", "write the reviewed answers to a new FILE (mode 0600, no PSK unless --include-psk; --force replaces one)")
	f.BoolVar(&o.includePsk, "include-psk", false, "with --save-answers: include the pre-shared key")
	f.StringVar(&o.export, "export", "", "print the equivalent and send nothing: "+strings.Join(export.Names(), ", "))
	f.StringVar(&o.exportFile, "export-file", "", "with --export: write it to PATH instead (mode 0600 when it holds the key)")
	f.BoolVar(&o.force, "force", false, "replace a file that --export-file or --save-answers names")
	f.BoolVar(&o.noInput, "no-input", false, "never prompt: every required value comes from flags or --answers")
	f.BoolVar(&o.yes, "yes", false, "skip the review confirmation")
	f.BoolVar(&o.noWait, "no-wait", false, "do not follow the gateway after the request")
	f.DurationVar(&o.waitTimeout, "wait-timeout", 10*time.Minute, "give up following the gateway after DURATION (exit 1)")
}

var ikeFlags = []string{"ike-version", "ike-mode", "ike-enc-alg", "ike-auth-alg", "ike-pfs", "ike-lifetime", "local-id", "remote-id"}
var ipsecFlags = []string{"ipsec-enc-alg", "ipsec-auth-alg", "ipsec-pfs", "ipsec-lifetime"}

// buildSpec is a create's spec: the API defaults under overlay (the
// answers file, the security profile, the flags given, the key), in the
// region of --region, the answers file or the configuration.
func (o *createOptions) buildSpec(stdin io.Reader) (ipsec.ServerSpec, string, error) {
	apply, err := o.overlay(stdin)
	if err != nil {
		return ipsec.NewServerSpec(), "", err
	}
	base := ipsec.NewServerSpec()
	base.RegionId = o.g.region
	spec, profile, err := apply(base)
	if err == nil && spec.RegionId == "" {
		// Neither --region nor the answers file: the region the client
		// resolves (the profile's, ALIBABA_CLOUD_REGION_ID, cn-hangzhou),
		// as status and the README promise.
		spec.RegionId = o.g.configuredRegion()
	}
	return spec, profile, err
}

// overlay reads what the flags point at (the answers file, the key) and
// refuses the choices that are wrong whatever the server, then returns
// apply, which lays over a base spec, in order: the answers file, the
// security profile, the flags that were given, the key. A create's base is
// the API defaults, an update's the server as it is. Nothing is validated
// beyond what parsing needs: validation is ipsec's, with the wizard's
// messages. apply's profile is the one asked for ("" when none was and
// nothing fixes the proposals).
func (o *createOptions) overlay(stdin io.Reader) (apply func(ipsec.ServerSpec) (ipsec.ServerSpec, string, error), err error) {
	var answers []byte
	if o.answers != "" {
		if answers, err = readInputFile("--answers", o.answers, client.MaxAnswersSize); err != nil {
			return nil, err
		}
	}
	proposalFlags := anyChanged(o.flags, ikeFlags) || anyChanged(o.flags, ipsecFlags)
	switch o.securityProfile {
	case "", ipsec.ProfileRecommended, ipsec.ProfileCustom:
	case ipsec.ProfileServiceDefault:
		if proposalFlags {
			return nil, usageErrorf("--security-profile service-default sends no proposals: drop the --ike-* and --ipsec-* flags, or use --security-profile custom")
		}
	default:
		return nil, usageErrorf("--security-profile: want one of %s, got %q (e.g. recommended)", strings.Join(ipsec.Profiles, ", "), o.securityProfile)
	}
	// With --generate-psk, --psk-file names where the new key is kept; it is
	// written once the answers are valid (see keepGeneratedPsk).
	var psk ipsec.Secret
	if o.pskFile != "" && !o.generatePsk {
		if psk, err = o.readPsk(o.pskFile, stdin); err != nil {
			return nil, err
		}
	}
	return func(spec ipsec.ServerSpec) (ipsec.ServerSpec, string, error) {
		return o.lay(spec, answers, psk, proposalFlags)
	}, nil
}

func (o *createOptions) lay(spec ipsec.ServerSpec, answers []byte, psk ipsec.Secret, proposalFlags bool) (ipsec.ServerSpec, string, error) {
	g := o.g
	if answers != nil {
		region := spec.RegionId
		parsed, err := client.ParseAnswers(o.answers, answers, spec)
		if err != nil {
			return spec, "", &exitError{code: client.ExitUsage, err: err}
		}
		spec = parsed
		if g.region != "" {
			spec.RegionId = g.region // the flag wins over the file
		} else if spec.RegionId == "" {
			spec.RegionId = region
		}
	}
	set := o.flags.Changed
	if set("vpn-gateway-id") {
		spec.VpnGatewayId = strings.TrimSpace(o.vpnGatewayID)
	}
	if set("local-subnet") {
		spec.LocalSubnet = ipsec.SplitCIDRList(strings.Join(o.localSubnets, ",")) // an empty entry stays, to be named
	}
	if set("client-ip-pool") {
		spec.ClientIpPool = strings.TrimSpace(o.clientIPPool)
	}
	if set("name") {
		spec.IpSecServerName = o.name
	}
	if set("effect-immediately") {
		spec.EffectImmediately = o.effectImmediately
	}
	if set("dry-run") {
		spec.DryRun = o.dryRun
	}
	if set("client-token") {
		spec.ClientToken = o.clientToken
	}

	profile := ""
	switch o.securityProfile {
	case "":
		if (answers != nil && (spec.IkeConfig != nil || spec.IpsecConfig != nil)) || proposalFlags {
			profile = ipsec.ProfileCustom
		}
	case ipsec.ProfileRecommended:
		profile = o.securityProfile
		ipsec.ApplyProfile(&spec, profile) // the profile wins over the file (the identities stay)
		if proposalFlags {
			profile = ipsec.ProfileCustom // recommended, then the flags' values
		}
	default:
		profile = o.securityProfile
	}
	if profile != "" {
		ipsec.ApplyProfile(&spec, profile)
	}
	if anyChanged(o.flags, ikeFlags) {
		ike := *spec.IkeConfig
		setStr(o.flags, "ike-version", o.ikeVersion, &ike.IkeVersion)
		setStr(o.flags, "ike-mode", o.ikeMode, &ike.IkeMode)
		setStr(o.flags, "ike-enc-alg", o.ikeEncAlg, &ike.IkeEncAlg)
		setStr(o.flags, "ike-auth-alg", o.ikeAuthAlg, &ike.IkeAuthAlg)
		setStr(o.flags, "ike-pfs", o.ikePfs, &ike.IkePfs)
		setStr(o.flags, "local-id", o.localID, &ike.LocalId)
		setStr(o.flags, "remote-id", o.remoteID, &ike.RemoteId)
		if set("ike-lifetime") {
			ike.IkeLifetime = o.ikeLifetime
		}
		spec.IkeConfig = &ike
	}
	if anyChanged(o.flags, ipsecFlags) {
		phase2 := *spec.IpsecConfig
		setStr(o.flags, "ipsec-enc-alg", o.ipsecEncAlg, &phase2.IpsecEncAlg)
		setStr(o.flags, "ipsec-auth-alg", o.ipsecAuthAlg, &phase2.IpsecAuthAlg)
		setStr(o.flags, "ipsec-pfs", o.ipsecPfs, &phase2.IpsecPfs)
		if set("ipsec-lifetime") {
			phase2.IpsecLifetime = o.ipsecLifetime
		}
		spec.IpsecConfig = &phase2
	}
	if psk != "" {
		spec.Psk = psk
	}
	return spec, profile, nil
}

func anyChanged(flags *pflag.FlagSet, names []string) bool {
	return slices.ContainsFunc(names, flags.Changed)
}

func setStr(flags *pflag.FlagSet, name, value string, dst *string) {
	if flags.Changed(name) {
		*dst = strings.TrimSpace(value)
	}
}

// readPsk reads the key from a file or stdin. One trailing newline is
// dropped, as `echo key > file` adds it; anything else is the key. On a
// terminal, stdin is read without echo, after a prompt on stderr.
func (o *createOptions) readPsk(path string, stdin io.Reader) (ipsec.Secret, error) {
	f := o.g.f
	var (
		data []byte
		err  error
	)
	switch {
	case path == "-" && f.IO.StdinTTY:
		data, err = f.readHidden("--psk-file", "Pre-shared key (what you type is not shown): ", maxPskInput)
	case path == "-":
		data, err = f.readStdin("--psk-file", stdin, maxPskInput)
	default:
		data, err = readInputFile("--psk-file", path, maxPskInput)
	}
	if err != nil {
		return "", err
	}
	s := strings.TrimSuffix(strings.TrimSuffix(string(data), "\n"), "\r")
	if s == "" {
		return "", usageErrorf("--psk-file: %s is empty: the pre-shared key must be 1 to 100 printable ASCII characters, e.g. a line like Xk7-pQ2vL9", describePath(path))
	}
	return ipsec.Secret(s), nil
}

func describePath(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// keySource is where the spec's key comes from.
func (o *createOptions) keySource(spec ipsec.ServerSpec) ipsec.KeySource {
	switch {
	case o.generatePsk:
		return ipsec.KeyGenerated
	case spec.Psk != "":
		return ipsec.KeyProvided
	}
	return ipsec.KeyService
}

// checkCombinations refuses flags that only go with another one.
func (o *createOptions) checkCombinations() error {
	if o.export != "" {
		if _, err := export.Lookup(o.export); err != nil {
			return exportLookupError(o.export, err)
		}
	} else if o.exportFile != "" {
		return usageErrorf("--export-file only goes with --export FORMAT")
	}
	if o.includePsk && o.saveAnswers == "" {
		return usageErrorf("--include-psk only goes with --save-answers FILE")
	}
	if o.saveAnswers != "" {
		// Refused now, before any prompt or call, rather than after a run.
		if err := checkOutputPath("--save-answers", o.saveAnswers, o.force); err != nil {
			return err
		}
	}
	return nil
}

func (o *createOptions) run(cmd *cobra.Command) error {
	if err := o.checkCombinations(); err != nil {
		return err
	}
	spec, profile, err := o.buildSpec(o.g.f.IO.In)
	if err != nil {
		return err
	}
	switch {
	case o.export != "":
		return o.runExport(cmd, spec, profile)
	case o.noInput:
		return o.runHeadless(cmd, spec, profile)
	case !o.g.f.IO.CanPrompt():
		return usageErrorf("no terminal: run ipsecwiz in a terminal, or pass --no-input with the flags (at least --vpn-gateway-id, --local-subnet and --client-ip-pool; see ipsecwiz create --help)")
	default:
		return o.runWizard(cmd, spec, profile)
	}
}

// writeAnswersFile writes the answers to path (mode 0600), which must be a
// new file, or with force an existing regular one: never a symbolic link.
func writeAnswersFile(path string, spec ipsec.ServerSpec, includePsk, force bool) error {
	if err := checkOutputPath("--save-answers", path, force); err != nil {
		return err
	}
	data, err := client.SaveAnswers(spec, includePsk)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, data, 0o600); err != nil {
		return fmt.Errorf("--save-answers: %w", err)
	}
	return nil
}
