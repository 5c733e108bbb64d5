package export_test

import (
	"encoding/base64"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/ipsecwiz/ipsecwiz/client/export"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func TestFormats(t *testing.T) {
	if got := export.Names(); !slices.Equal(got, []string{"aliyun-cli", "terraform", "strongswan", "apple", "json"}) {
		t.Errorf("Names() = %v", got)
	}
	for _, f := range export.Formats() {
		if f.Summary == "" || f.FileSuffix == "" {
			t.Errorf("%s: incomplete entry %+v", f.Name, f)
		}
		client := f.Name == "strongswan" || f.Name == "apple"
		if f.Client != client || f.HoldsKey != client || f.NeedsKey != (f.Name == "apple") {
			t.Errorf("%s: Client %v HoldsKey %v NeedsKey %v", f.Name, f.Client, f.HoldsKey, f.NeedsKey)
		}
	}
}

// Windows is explained, not offered.
func TestLookupWindows(t *testing.T) {
	_, err := export.Lookup("windows")
	var u *export.UnsupportedError
	if !errors.As(err, &u) || !strings.Contains(u.Reason, "L2tpPsk") || u.Remedy == "" {
		t.Fatalf("Lookup(windows) = %v", err)
	}
	if slices.Contains(export.Names(), "windows") {
		t.Errorf("windows is offered")
	}
	_, err = export.Lookup("yaml")
	var fe *ipsec.FieldError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "aliyun-cli, terraform, strongswan, apple, json") {
		t.Errorf("Lookup(yaml) = %v", err)
	}
}

// A rendering that holds the key says so (mode 0600); the others never hold
// it, even when asked to include it.
func TestExportKeyAndMode(t *testing.T) {
	for _, include := range []bool{false, true} {
		for _, f := range export.Formats() {
			in := clientInput(readySpec())
			in.IncludeKey = include
			r, err := f.Export(in)
			if f.NeedsKey && !include {
				var m *export.MissingValueError
				if !errors.As(err, &m) {
					t.Errorf("%s without the key: %v", f.Name, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", f.Name, err)
			}
			holds := strings.Contains(string(r.Data), "s3cret-Key") ||
				strings.Contains(string(r.Data), base64.StdEncoding.EncodeToString([]byte("s3cret-Key")))
			wantKey := include && f.HoldsKey
			if r.HasKey != wantKey || holds != wantKey {
				t.Errorf("%s include=%v: HasKey %v, key in data %v", f.Name, include, r.HasKey, holds)
			}
			if want := map[bool]fs.FileMode{true: 0o600, false: 0o644}[wantKey]; r.FileMode() != want {
				t.Errorf("%s include=%v: mode %v", f.Name, include, r.FileMode())
			}
		}
	}
}

func TestFileName(t *testing.T) {
	f, _ := export.Lookup("strongswan")
	spec := readySpec()
	if got := f.FileName(export.Input{Spec: spec}); got != "vpn-sandbox-ready.swanctl.conf" {
		t.Errorf("create: %s", got)
	}
	if got := f.FileName(export.Input{Spec: spec, Server: &ipsec.Server{IpsecServerId: "iss-bp1abc"}}); got != "iss-bp1abc.swanctl.conf" {
		t.Errorf("existing server: %s", got)
	}
	spec.VpnGatewayId = "../../etc/passwd"
	a, _ := export.Lookup("apple")
	if got := a.FileName(export.Input{Spec: spec, Server: &ipsec.Server{IpsecServerId: "iss-x/../y"}}); got != "ipsecwiz.mobileconfig" {
		t.Errorf("hostile ids: %s", got)
	}
}
