package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"

	"github.com/ipsecwiz/ipsecwiz/internal/termsafe"
)

// The environment variables the aliyun CLI and the SDKs read.
const (
	envAccessKeyID     = "ALIBABA_CLOUD_ACCESS_KEY_ID"
	envAccessKeySecret = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
	envSecurityToken   = "ALIBABA_CLOUD_SECURITY_TOKEN"
	envProfile         = "ALIBABA_CLOUD_PROFILE"
	envRegion          = "ALIBABA_CLOUD_REGION_ID"
	envCredentialsFile = "ALIBABA_CLOUD_CREDENTIALS_FILE"
	envEcsMetadata     = "ALIBABA_CLOUD_ECS_METADATA"
	envEcsDisabled     = "ALIBABA_CLOUD_ECS_METADATA_DISABLED"
	envCredentialsURI  = "ALIBABA_CLOUD_CREDENTIALS_URI"
	envOIDCTokenFile   = "ALIBABA_CLOUD_OIDC_TOKEN_FILE"
)

// cliConfig is the part of the aliyun CLI's ~/.aliyun/config.json we read.
type cliConfig struct {
	Current  string       `json:"current"`
	Profiles []cliProfile `json:"profiles"`
}

type cliProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"access_key_id"`
	AccessKeySecret string `json:"access_key_secret"`
	StsToken        string `json:"sts_token"`
	RegionID        string `json:"region_id"`
}

// cliConfigPath is where the aliyun CLI keeps its profiles.
func cliConfigPath(env func(string) string) string {
	home := homeDir(env)
	if home == "" {
		return ""
	}
	return filepath.Join(home, ".aliyun", "config.json")
}

// maxCLIConfigSize bounds the aliyun CLI's config.json: a few kilobytes
// per profile.
const maxCLIConfigSize = 1 << 20

// readCLIConfig reads the aliyun CLI's profiles; a missing file is not an
// error (nil config).
func readCLIConfig(path string) (*cliConfig, error) {
	if path == "" {
		return nil, nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxCLIConfigSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(b) > maxCLIConfigSize {
		return nil, fmt.Errorf("%s: larger than %d bytes, far more than the aliyun CLI writes", path, maxCLIConfigSize)
	}
	return parseCLIConfig(path, b)
}

// jsonKind is a JSON type, as the SDK's decoder wants a field to be.
type jsonKind string

const (
	kindString jsonKind = "a string"
	kindInt    jsonKind = "a whole number"
	kindBool   jsonKind = "true or false"
)

// cliProfileFields are the profile fields the SDK's CLI-profile provider
// decodes, with their types: it decodes the whole file and, when one field
// of any profile has another type, fails with a message that quotes the
// file, every profile's access_key_secret included. So they are checked
// here first, and a failure names the file, the profile and the field.
var cliProfileFields = map[string]jsonKind{
	"name": kindString, "mode": kindString, "access_key_id": kindString, "access_key_secret": kindString,
	"sts_token": kindString, "region_id": kindString, "ram_role_arn": kindString, "ram_session_name": kindString,
	"expired_seconds": kindInt, "sts_region": kindString, "enable_vpc": kindBool, "source_profile": kindString,
	"ram_role_name": kindString, "oidc_token_file": kindString, "oidc_provider_arn": kindString,
	"policy": kindString, "external_id": kindString,
}

// parseCLIConfig decodes config.json. Its errors name the file, the line,
// the profile and the field, and never quote a value: the file holds keys.
func parseCLIConfig(path string, b []byte) (*cliConfig, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%s: "+format+" (the aliyun CLI writes this file: check it with `aliyun configure list`, or fix it by hand)",
			append([]any{path}, args...)...)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return nil, bad("line %d: not valid JSON", lineAt(b, syn.Offset))
		}
		return nil, bad("want a JSON object of \"current\" and \"profiles\", got %s", kindOf(b))
	}
	if raw, ok := top["current"]; ok && !isKind(raw, kindString) {
		return nil, bad("\"current\": want a string (a profile name), got %s", kindOf(raw))
	}
	var profiles []json.RawMessage
	if raw, ok := top["profiles"]; ok && json.Unmarshal(raw, &profiles) != nil {
		return nil, bad("\"profiles\": want a list of profiles, got %s", kindOf(raw))
	}
	for i, raw := range profiles {
		var fields map[string]json.RawMessage
		if json.Unmarshal(raw, &fields) != nil {
			return nil, bad("profile #%d: want an object of fields, got %s", i+1, kindOf(raw))
		}
		name := fmt.Sprintf("#%d", i+1)
		var n string
		if json.Unmarshal(fields["name"], &n) == nil && n != "" {
			name = fmt.Sprintf("%q", termsafe.Truncate(n, 64))
		}
		for _, field := range slices.Sorted(maps.Keys(fields)) {
			if want, known := cliProfileFields[field]; known && !isKind(fields[field], want) {
				return nil, bad("profile %s: field %q: want %s, got %s", name, field, want, kindOf(fields[field]))
			}
		}
	}
	var conf cliConfig
	if err := json.Unmarshal(b, &conf); err != nil {
		return nil, bad("not the aliyun CLI's format")
	}
	return &conf, nil
}

// isKind reports whether raw decodes as the SDK decodes a field of kind k
// (null decodes as anything).
func isKind(raw json.RawMessage, k jsonKind) bool {
	var err error
	switch k {
	case kindString:
		var s string
		err = json.Unmarshal(raw, &s)
	case kindInt:
		var n int
		err = json.Unmarshal(raw, &n)
	case kindBool:
		var v bool
		err = json.Unmarshal(raw, &v)
	}
	return err == nil
}

// kindOf names the JSON type of raw, never its value.
func kindOf(raw []byte) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "a list"
	case 't', 'f':
		return "true or false"
	case 'n':
		return "null"
	}
	if json.Valid(t) {
		if bytes.ContainsAny(t, ".eE") {
			return "a number with a fraction"
		}
		return "a number"
	}
	return "something that is not JSON"
}

// lineAt is the 1-based line of byte offset off in b.
func lineAt(b []byte, off int64) int {
	off = min(max(off, 0), int64(len(b)))
	return bytes.Count(b[:off], []byte("\n")) + 1
}

func (c *cliConfig) profile(name string) *cliProfile {
	if c == nil {
		return nil
	}
	for i := range c.Profiles {
		if c.Profiles[i].Name == name {
			return &c.Profiles[i]
		}
	}
	return nil
}

// profileName picks the profile as the aliyun CLI does: the explicit one,
// ALIBABA_CLOUD_PROFILE, the file's current one, then "default".
func profileName(explicit string, conf *cliConfig, env func(string) string) string {
	switch {
	case explicit != "":
		return explicit
	case env(envProfile) != "":
		return env(envProfile)
	case conf != nil && conf.Current != "":
		return conf.Current
	}
	return "default"
}

// credentialSource is the provider New settled on and a name for it.
type credentialSource struct {
	provider credentials.CredentialsProvider
	name     string
}

// resolveCredentials picks the credentials in this order: explicit ones, an
// explicitly named profile, the environment, OIDC, the aliyun CLI profile,
// ~/.alibabacloud/credentials, the ECS RAM role. Unlike the SDK's default
// chain it never probes the ECS metadata service unless
// ALIBABA_CLOUD_ECS_METADATA names a role, so "no credentials" fails at once
// instead of waiting for a metadata endpoint that is not there.
func resolveCredentials(opts Options, conf *cliConfig, confPath, profile string, env func(string) string) (credentialSource, error) {
	if cr := opts.Credentials; cr != nil {
		if cr.AccessKeyId == "" || cr.AccessKeySecret == "" {
			return credentialSource{}, &CredentialsError{Err: errors.New("explicit credentials without an access key id or secret")}
		}
		return staticSource(cr.AccessKeyId, cr.AccessKeySecret.Reveal(), cr.SecurityToken.Reveal(), "explicit"), nil
	}
	if opts.Profile != "" {
		p := conf.profile(opts.Profile)
		if p == nil {
			return credentialSource{}, &CredentialsError{Err: fmt.Errorf("profile %q not found in %s", opts.Profile, confPath)}
		}
		return profileSource(p, conf, confPath)
	}
	if id, secret := env(envAccessKeyID), env(envAccessKeySecret); id != "" && secret != "" {
		return staticSource(id, secret, env(envSecurityToken), "environment"), nil
	}
	if env(envOIDCTokenFile) != "" {
		if p, err := credentials.NewOIDCCredentialsProviderBuilder().Build(); err == nil {
			return credentialSource{provider: p, name: "oidc"}, nil
		}
	}
	if p := conf.profile(profile); p != nil {
		return profileSource(p, conf, confPath)
	}
	if path := sharedCredentialsPath(env); path != "" {
		return credentialSource{provider: credentials.NewProfileCredentialsProviderBuilder().Build(), name: "credentials file " + path}, nil
	}
	if role := env(envEcsMetadata); role != "" && !strings.EqualFold(env(envEcsDisabled), "true") {
		if p, err := credentials.NewECSRAMRoleCredentialsProviderBuilder().WithRoleName(role).Build(); err == nil {
			return credentialSource{provider: p, name: "ECS RAM role " + role}, nil
		}
	}
	if env(envCredentialsURI) != "" {
		if p, err := credentials.NewURLCredentialsProviderBuilderBuilder().Build(); err == nil {
			return credentialSource{provider: p, name: "credentials URI"}, nil
		}
	}
	looked := "the environment"
	if confPath != "" {
		looked += ", " + confPath + " (profile " + profile + ")"
	}
	return credentialSource{}, &CredentialsError{Err: errors.New("looked in " + looked)}
}

func staticSource(id, secret, token, name string) credentialSource {
	if token != "" {
		return credentialSource{provider: credentials.NewStaticSTSCredentialsProvider(id, secret, token), name: name}
	}
	return credentialSource{provider: credentials.NewStaticAKCredentialsProvider(id, secret), name: name}
}

// profileSource handles the CLI's key modes itself and leaves the modes that
// fetch temporary keys (RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn)
// to the SDK, which resolves them on the first call.
func profileSource(p *cliProfile, conf *cliConfig, confPath string) (credentialSource, error) {
	name := "profile " + p.Name
	switch p.Mode {
	case "AK", "":
		if p.AccessKeyID == "" || p.AccessKeySecret == "" {
			return credentialSource{}, &CredentialsError{Err: fmt.Errorf("%s has no access key", name)}
		}
		return staticSource(p.AccessKeyID, p.AccessKeySecret, "", name), nil
	case "StsToken":
		if p.AccessKeyID == "" || p.AccessKeySecret == "" || p.StsToken == "" {
			return credentialSource{}, &CredentialsError{Err: fmt.Errorf("%s lacks its access key or STS token", name)}
		}
		return staticSource(p.AccessKeyID, p.AccessKeySecret, p.StsToken, name), nil
	case "RamRoleArn", "EcsRamRole", "OIDC", "ChainableRamRoleArn":
		prov := credentials.NewCLIProfileCredentialsProviderBuilder().WithProfileName(p.Name).Build()
		return credentialSource{provider: sdkProfileProvider{inner: prov, path: confPath, profile: p.Name, secrets: conf.secrets()},
			name: name + " (" + p.Mode + ")"}, nil
	}
	return credentialSource{}, &CredentialsError{Err: fmt.Errorf("%s has mode %q, which ipsecwiz does not support", name, p.Mode)}
}

// secrets are every key the file holds, for scrubbing messages.
func (c *cliConfig) secrets() []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, p := range c.Profiles {
		out = append(out, p.AccessKeySecret, p.StsToken)
	}
	return out
}

// sdkProfileProvider is the SDK's CLI-profile provider with its failures
// made fit to show. Reading the file, it fails with a message that quotes
// the whole file (every profile's access_key_secret) when one field has an
// unexpected type: such a message is never passed on. Its other failures
// (an STS call behind a RamRoleArn profile) are scrubbed of the file's keys.
type sdkProfileProvider struct {
	inner   credentials.CredentialsProvider
	path    string
	profile string
	secrets []string
}

func (p sdkProfileProvider) GetCredentials() (*credentials.Credentials, error) {
	cc, err := p.inner.GetCredentials()
	if err == nil {
		return cc, nil
	}
	msg := err.Error()
	if strings.Contains(msg, "aliyun cli config") || strings.Contains(msg, "config.json") {
		// Find what the SDK tripped on, in our words.
		if _, perr := readCLIConfig(p.path); perr != nil {
			return nil, perr
		}
		return nil, fmt.Errorf("the SDK could not read profile %q from %s (its message is not shown: it quotes the file, keys included); check the file with `aliyun configure list`",
			p.profile, p.path)
	}
	return nil, cleaned(err, p.secrets)
}

func (p sdkProfileProvider) GetProviderName() string { return p.inner.GetProviderName() }

// sharedCredentialsPath is the SDK's INI credentials file, if there is one.
func sharedCredentialsPath(env func(string) string) string {
	path := env(envCredentialsFile)
	if path == "" {
		home := homeDir(env)
		if home == "" {
			return ""
		}
		path = filepath.Join(home, ".alibabacloud", "credentials")
	}
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// credentialsProvider marks failures to obtain credentials (an STS or
// metadata call behind a profile) as *CredentialsError, so they map to exit
// code 4 rather than looking like a failed API call.
type credentialsProvider struct {
	inner credentials.CredentialsProvider
}

func (p credentialsProvider) GetCredentials() (*credentials.Credentials, error) {
	cc, err := p.inner.GetCredentials()
	if err != nil {
		return nil, &CredentialsError{Err: err}
	}
	return cc, nil
}

func (p credentialsProvider) GetProviderName() string { return p.inner.GetProviderName() }

// homeDir is $HOME as env has it ("" when unset).
func homeDir(env func(string) string) string { return env("HOME") }
