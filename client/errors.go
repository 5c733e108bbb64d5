package client

import "fmt"

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

// CredentialsError: no usable credentials were found.
type CredentialsError struct {
	Err error
}

func (e *CredentialsError) Error() string {
	return "no Alibaba Cloud credentials found: run `aliyun configure`, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or try ipsecwiz with --sandbox"
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// Explanation is what a person needs to know about an error.
type Explanation struct {
	Code      string // the API's code, or a local one such as "NetworkError"
	Summary   string // what happened, in plain words
	Remedy    string // what to do next
	Field     string // the ServerSpec field to revisit (API name, e.g. "ClientIpPool"), "" if none
	RequestId string
	Retryable bool
}

// Explain turns any error from this package into an Explanation.
func Explain(err error) Explanation {
	return Explanation{Code: "Unknown", Summary: err.Error()}
}
