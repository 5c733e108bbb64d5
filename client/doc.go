// Package client is the VPC API as ipsecwiz sees it, built on the official
// Alibaba Cloud Go SDK (services/vpc). It owns the request description
// (ServerSpec), typed calls that take a context first, the API's errors with
// plain explanations and remedies, retries that can never create two servers,
// the gateway watcher that follows a change until the gateway settles, and the
// renderings of a spec as an aliyun CLI command, Terraform or a VPN-client
// configuration. It knows nothing of the terminal.
package client
