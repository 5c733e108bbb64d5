// Package forms owns the wizard's pages and the rules behind them: the huh
// forms of every page (gateway, subnets, security profile, IKE, IPsec,
// authentication, name and options, review), the Wizard model that sequences
// them with a step indicator, back navigation, editing from the review page
// and resizing, an accessible line-prompt mode for screen readers, and the
// validators the command line reuses for --no-input. Validators are pure
// functions that return *FieldError values naming the field (plain name and
// API name), the rule and an example; the package does no I/O: the data it
// checks against (regions, gateways, VPC CIDR blocks, connection limits)
// arrives as plain values, and the Wizard asks its host for anything else
// through exported messages.
package forms
