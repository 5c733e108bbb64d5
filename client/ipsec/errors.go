package ipsec

import "strings"

// FieldError is a validation failure a person can act on: which field (its
// plain name and API name), the rule that was broken, an example of a valid
// value and, when one can be derived, the corrected value.
type FieldError struct {
	Field      string // API name, e.g. "ClientIpPool"
	Label      string // plain name, e.g. "Client IP pool"
	Rule       string // what is wrong and why
	Example    string // a valid value, shown as "e.g. ..."
	Suggestion string // the corrected value, shown as "did you mean ...?"
}

// Error renders "Label (Field): rule, e.g. example" or
// "Label (Field): rule: did you mean suggestion?".
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Label != "" {
		b.WriteString(e.Label)
		if e.Field != "" {
			b.WriteString(" (" + e.Field + ")")
		}
		b.WriteString(": ")
	} else if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Rule)
	switch {
	case e.Suggestion != "":
		b.WriteString(": did you mean " + e.Suggestion + "?")
	case e.Example != "":
		b.WriteString(", e.g. " + e.Example)
	}
	return b.String()
}

func fieldErr(field, rule, example string) *FieldError {
	return &FieldError{Field: field, Label: Label(field), Rule: rule, Example: example}
}

// NewFieldError is the refusal of field's value: rule says what is wrong,
// example is a value that passes (may be empty).
func NewFieldError(field, rule, example string) *FieldError { return fieldErr(field, rule, example) }
