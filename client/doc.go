// Package client is the VPC API as ipsecwiz sees it, built on the official
// Alibaba Cloud Go SDK (services/vpc). It owns the request description
// (ServerSpec), typed calls that take a context first, the API's errors with
// plain explanations and remedies, retries that can never create two servers,
// the gateway watcher that follows a change until the gateway settles, and the
// renderings of a spec as an aliyun CLI command, Terraform or a VPN-client
// configuration. It knows nothing of the terminal, except that what the
// service answers is untrusted: every message is scrubbed of the call's
// secrets (redact.go) and every display-only text made safe to show
// (internal/termsafe) where the SDK's answer becomes this package's, so no
// front end can show it raw; ids and values sent back stay as they came.
package client
