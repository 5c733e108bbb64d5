package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/auth/credentials"
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

// readCLIConfig reads the aliyun CLI's profiles; a missing file is not an
// error (nil config).
func readCLIConfig(path string) (*cliConfig, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var conf cliConfig
	if err := json.Unmarshal(b, &conf); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &conf, nil
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
		return profileSource(p)
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
		return profileSource(p)
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
func profileSource(p *cliProfile) (credentialSource, error) {
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
		return credentialSource{provider: prov, name: name + " (" + p.Mode + ")"}, nil
	}
	return credentialSource{}, &CredentialsError{Err: fmt.Errorf("%s has mode %q, which ipsecwiz does not support", name, p.Mode)}
}

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
