package client

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// APIError is an error answer of the VPC API.
type APIError struct {
	Action     string
	Code       string
	Message    string
	RequestId  string
	HTTPStatus int
	Recommend  string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s: %s: %s (HTTP %d, RequestId %s)", e.Action, e.Code, e.Message, e.HTTPStatus, e.RequestId)
}

// NotFound reports an answer that names something missing (a gateway, a
// server): asking again cannot help.
func (e *APIError) NotFound() bool {
	return e.HTTPStatus == 404 || strings.HasSuffix(e.Code, ".NotFound")
}

// IsNotFound reports an answer that says what it names does not exist.
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.NotFound()
}

// CredentialsError: no usable credentials were found, or the configured
// source of them is broken (an unknown profile, a profile without a key).
type CredentialsError struct {
	Err error
}

func (e *CredentialsError) Error() string {
	msg := "no Alibaba Cloud credentials found: run `aliyun configure`, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or try ipsecwiz with --sandbox"
	if e.Err != nil {
		msg += " (" + e.Err.Error() + ")"
	}
	return msg
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// NetworkError: a call never got an answer from the API (connection refused,
// reset, DNS, TLS, timeout). The request may or may not have reached the
// service; a create is safe to retry because it carries a ClientToken.
type NetworkError struct {
	Action   string
	Endpoint string // host[:port] the call went to
	Err      error
}

func (e *NetworkError) Error() string {
	what := "cannot reach"
	if e.Timeout() {
		what = "timed out talking to"
	}
	return fmt.Sprintf("%s: %s the VPC API at %s: %v", e.Action, what, e.Endpoint, e.Err)
}

func (e *NetworkError) Unwrap() error { return e.Err }

// Timeout reports whether the call ran out of time (connect or read).
func (e *NetworkError) Timeout() bool {
	var t interface{ Timeout() bool }
	return errors.Is(e.Err, context.DeadlineExceeded) || errors.As(e.Err, &t) && t.Timeout()
}

// WatchTimeoutError: WatchGateway gave up before the gateway settled. It
// matches context.DeadlineExceeded with errors.Is.
type WatchTimeoutError struct {
	VpnGatewayId string
	Timeout      time.Duration
	LastStatus   string // "" when no poll ever answered
	ChangeSeen   bool   // false: the expected change never showed up
}

func (e *WatchTimeoutError) Error() string {
	if e.LastStatus == "" {
		// Nothing is known of the gateway: not that it did not settle.
		return fmt.Sprintf("gateway %s could not be read within %v: no check was answered", e.VpnGatewayId, e.Timeout)
	}
	msg := fmt.Sprintf("gateway %s did not settle within %v (last status %s)", e.VpnGatewayId, e.Timeout, e.LastStatus)
	if !e.ChangeSeen {
		msg += "; the change never showed up"
	}
	return msg
}

func (e *WatchTimeoutError) Unwrap() error { return context.DeadlineExceeded }

// InterruptedError: the user stopped the run (ctrl+c, SIGINT, SIGTERM). It
// matches context.Canceled with errors.Is.
type InterruptedError struct {
	Signal string // the signal, "" for a key
}

func (e *InterruptedError) Error() string {
	if e.Signal != "" {
		return "stopped by " + e.Signal
	}
	return "stopped by the user"
}

func (e *InterruptedError) Unwrap() error { return context.Canceled }

// Exit codes, as DESIGN.md defines them.
const (
	ExitOK          = 0
	ExitFailure     = 1 // the API or the network failed
	ExitUsage       = 2 // invalid input or usage; nothing was sent
	ExitCredentials = 4 // credentials missing or refused
	ExitCanceled    = 130
)

// ExitCode maps an error of this package to the process exit code.
func ExitCode(err error) int {
	var (
		credErr *CredentialsError
		valErr  *ipsec.FieldError
		apiErr  *APIError
	)
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, context.Canceled):
		return ExitCanceled
	case errors.As(err, &credErr):
		return ExitCredentials
	case errors.As(err, &valErr):
		return ExitUsage
	case errors.As(err, &apiErr) && credentialsRefused(apiErr.Code):
		return ExitCredentials
	}
	return ExitFailure
}

// credentialsRefused reports codes that mean "your key is wrong or not
// allowed", as opposed to "your request is wrong".
func credentialsRefused(code string) bool {
	switch code {
	case "InvalidAccessKeyId.NotFound", "InvalidAccessKeyId.Inactive", "InvalidAccessKeyId",
		"SignatureDoesNotMatch", "IncompleteSignature", "InvalidSecurityToken.Expired",
		"InvalidSecurityToken.Malformed", "InvalidSecurityToken.MismatchWithAccessKey", "Forbidden", "NoPermission":
		return true
	}
	return strings.HasPrefix(code, "Forbidden.")
}

// Explanation is what a person needs to know about an error.
type Explanation struct {
	Code      string // the API's code, or a local one such as "NetworkError"
	Summary   string // what happened, in plain words
	Remedy    string // what to do next
	Field     string // the ServerSpec field to revisit (API name, e.g. "ClientIpPool"), "" if none
	RequestId string
	Retryable bool
	Detail    string // the service's own message (or the underlying error), for the curious
	Link      string // the service's troubleshooting URL (APIError.Recommend), if any
}

// Explain turns any error from this package into an Explanation. Errors it
// does not know keep their text as the Summary.
func Explain(err error) Explanation {
	if err == nil {
		return Explanation{}
	}
	var (
		apiErr   *APIError
		netErr   *NetworkError
		credErr  *CredentialsError
		valErr   *ipsec.FieldError
		watchErr *WatchTimeoutError
	)
	switch {
	case errors.As(err, &apiErr):
		return explainAPI(apiErr)
	case errors.As(err, &credErr):
		x := explainCode(CodeCredentialsMissing)
		if credErr.Err != nil {
			x.Detail = credErr.Err.Error()
		}
		return x
	case errors.As(err, &valErr):
		x := explainCode(CodeInvalidInput)
		x.Summary = valErr.Error() + "."
		if ex := cmp.Or(valErr.Suggestion, valErr.Example); ex != "" {
			x.Remedy = "Correct " + valErr.Field + ", for example " + ex + ", then run again."
		}
		x.Field = valErr.Field
		return x
	case errors.As(err, &watchErr):
		x := explainCode(CodeWatchTimeout)
		x.Detail = watchErr.Error()
		return x
	case errors.As(err, &netErr):
		code := CodeNetworkError
		if netErr.Timeout() {
			code = CodeTimeout
		}
		x := explainCode(code)
		if netErr.Endpoint != "" {
			x.Summary = strings.TrimSuffix(x.Summary, ".") + " at " + netErr.Endpoint + "."
		}
		var bad *MalformedAnswerError
		if errors.As(netErr.Err, &bad) {
			x.Summary = "The VPC API at " + cmp.Or(netErr.Endpoint, "the endpoint") + " answered, but not as it documents: " + bad.Reason + "."
			x.Remedy = "Run again; if it persists, check --endpoint and any proxy between ipsecwiz and the API."
		}
		x.Detail = netErr.Err.Error()
		return x
	case errors.Is(err, context.Canceled):
		return explainCode(CodeCanceled)
	case errors.Is(err, context.DeadlineExceeded):
		x := explainCode(CodeTimeout)
		x.Detail = err.Error()
		return x
	}
	return Explanation{Code: "Unknown", Summary: err.Error(),
		Remedy: "Run again; if it keeps failing, report the message above."}
}

func explainAPI(e *APIError) Explanation {
	code := e.Code
	if code == "" && e.HTTPStatus >= 500 {
		code = "ServiceUnavailable"
	}
	entry, ok := lookupFamily(code)
	var x Explanation
	if ok {
		x = entry.explanation(e.Code)
	} else {
		x = Explanation{
			Code:    e.Code,
			Summary: fmt.Sprintf("The VPC API refused %s with %s: %s", e.Action, e.Code, e.Message),
			Remedy:  "Read the message, correct the request and run again; quote the RequestId to Alibaba Cloud support if it stays unclear.",
			// An unknown 5xx is the service's trouble, worth another try.
			Retryable: e.HTTPStatus >= 500,
		}
	}
	x.Link = e.Recommend
	x.RequestId = e.RequestId
	x.Detail = e.Message
	return x
}
