package client_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/ipsecwiz/ipsecwiz/client"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// referenceFile finds shared/reference/NAME beside the module root: the work
// tree keeps shared/ next to the checkout, and so does CI.
func referenceFile(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			path := filepath.Join(d, "..", "shared", "reference", name)
			if _, err := os.Stat(path); err != nil {
				t.Skipf("reference not found at %s", path)
			}
			return path
		}
		if filepath.Dir(d) == d {
			t.Skip("module root not found")
		}
	}
}

// referenceErrorCodes reads the error table of CreateIpsecServer.txt. Its
// rows run the columns together ("400VpnGateway.SslVpnDisabledThe VPN
// gateway ..."): the code ends where the message's first word, capitalized,
// begins.
func referenceErrorCodes(t *testing.T) []string {
	path := referenceFile(t, "CreateIpsecServer.txt")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile(`^([45]\d\d)([A-Za-z][A-Za-z.]*[a-z])([A-Z][a-z]*) `)
	var codes []string
	inTable := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "Error codes":
			inTable = true
		case inTable && strings.HasPrefix(line, "For a list of error codes"):
			inTable = false
		case inTable:
			if m := row.FindStringSubmatch(line); m != nil {
				codes = append(codes, m[2])
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return codes
}

func TestCatalogueCoversReference(t *testing.T) {
	codes := referenceErrorCodes(t)
	if len(codes) < 20 {
		t.Fatalf("parsed only %d codes from the reference: %v", len(codes), codes)
	}
	for _, code := range codes {
		checkExplained(t, code)
	}
}

func TestCatalogueCoversProtocol(t *testing.T) {
	for _, code := range []string{"SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "InvalidTimeStamp.Expired",
		"SignatureNonceUsed", "MissingParameter", "InvalidAction.NotFound", "Throttling", "ServiceUnavailable",
		"InvalidParameter", "IdempotentParameterMismatch", "DryRunOperation", "Forbidden",
		"InvalidVpnGatewayInstanceId.NotFound", "IncompleteSignature", "InternalError", "InvalidIpsecServerId.NotFound",
		// Families: variants the service may send.
		"Throttling.User", "Forbidden.RAM", "MissingRegionId", "InvalidParameter.Foo"} {
		checkExplained(t, code)
	}
	for _, err := range []error{
		&client.CredentialsError{},
		&client.NetworkError{Action: "X", Endpoint: "e:1", Err: errors.New("refused")},
		&client.NetworkError{Action: "X", Endpoint: "e:1", Err: context.DeadlineExceeded},
		ipsec.NewFieldError("ClientIpPool", "a /16 to /29 block", "192.168.0.0/24"),
		&client.WatchTimeoutError{VpnGatewayId: "vpn-1"},
		context.Canceled,
		fmt.Errorf("wrapped: %w", context.DeadlineExceeded),
	} {
		if x := client.Explain(err); x.Summary == "" || x.Remedy == "" || x.Code == "" {
			t.Errorf("Explain(%v) = %+v", err, x)
		}
	}
	if x := client.Explain(nil); x != (client.Explanation{}) {
		t.Errorf("Explain(nil) = %+v", x)
	}
	x := client.Explain(&client.APIError{Code: "Some.NewCode", Message: "what happened", HTTPStatus: 400, RequestId: "r-1"})
	if !strings.Contains(x.Summary, "what happened") || x.Remedy == "" || x.RequestId != "r-1" || x.Retryable {
		t.Errorf("Explain(unknown code) = %+v", x)
	}
	if x := client.Explain(&client.APIError{HTTPStatus: 502}); !x.Retryable {
		t.Errorf("Explain(bare 502) = %+v, want retryable", x)
	}
}

func checkExplained(t *testing.T, code string) {
	t.Helper()
	x := client.Explain(&client.APIError{Action: "CreateIpsecServer", Code: code, RequestId: "req-1", HTTPStatus: 400})
	if x.Summary == "" || x.Remedy == "" || strings.Contains(x.Summary, code) {
		t.Errorf("%s: no catalogue entry: %+v", code, x)
	}
	if x.Code != code || x.RequestId != "req-1" {
		t.Errorf("%s: Explain = %+v", code, x)
	}
	switch x.Field {
	case "", "VpnGatewayId", "LocalSubnet", "ClientIpPool", "IkeConfig", "IpsecConfig", "Psk", "IpSecServerName":
	default:
		t.Errorf("%s: Field %q is not a ServerSpec field", code, x.Field)
	}
	if r := []rune(x.Remedy); !unicode.IsUpper(r[0]) || !strings.HasSuffix(x.Remedy, ".") {
		t.Errorf("%s: Remedy %q is not a sentence", code, x.Remedy)
	}
}

func TestExitCode(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want int
	}{
		{nil, 0},
		{&client.APIError{Code: "VpnGateway.SslVpnDisabled"}, 1},
		{&client.NetworkError{Err: errors.New("x")}, 1},
		{context.DeadlineExceeded, 1},
		{ipsec.NewFieldError("LocalSubnet", "", ""), 2},
		{fmt.Errorf("wrapped: %w", ipsec.NewFieldError("LocalSubnet", "", "")), 2},
		{&client.CredentialsError{}, 4},
		{&client.APIError{Code: "InvalidAccessKeyId.NotFound"}, 4},
		{&client.APIError{Code: "SignatureDoesNotMatch"}, 4},
		{&client.APIError{Code: "Forbidden"}, 4},
		{fmt.Errorf("create: %w", &client.APIError{Code: "Forbidden.RAM"}), 4},
		{context.Canceled, 130},
		{fmt.Errorf("x: %w", context.Canceled), 130},
		{errors.New("other"), 1},
	} {
		if got := client.ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
}

func TestReferenceParser(t *testing.T) {
	codes := referenceErrorCodes(t)
	t.Logf("%d codes: %v", len(codes), codes)
	if len(codes) != 24 {
		t.Errorf("parsed %d codes, the reference's table has 24", len(codes))
	}
}
