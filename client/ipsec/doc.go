// Package ipsec is ipsecwiz's domain, as plain values: the request that
// describes an IPsec server (ServerSpec with its IKE and IPsec proposals, the
// pre-shared key as a Secret, CIDR lists), the gateway and the server as the
// API reads them back, the API's defaults and allowed values, the security
// profiles, and the validators every front end shares (pure functions that
// return a *FieldError naming the field, the rule and an example that passes
// them). It also builds a spec from an existing server and the field-by-field
// diff of two specs. It does no I/O and links no SDK, terminal or encoding
// library beyond the standard library, so forms, tui, cmd and the client all
// agree on one set of rules.
package ipsec
