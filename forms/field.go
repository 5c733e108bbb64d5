package forms

import (
	"errors"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// Kind is how a field is asked.
type Kind int

// Field kinds.
const (
	KindText   Kind = iota // one line of text
	KindSecret             // one line, masked where the terminal allows
	KindChoice             // one of a list (filterable when long)
	KindInline             // one of a few values, side by side (←/→)
	KindYesNo              // yes or no
)

// Choice is one option of a list.
type Choice struct{ Label, Value string }

// Field is one question of a page, described once: the huh wizard and the
// accessible prompter both render it from this, with the same title,
// description, options, default (the bound value) and validator.
type Field struct {
	Key         string // the API name the answer lands in, or the page's own key
	Kind        Kind
	Title       string
	Description string
	// Quiet: the description shows while the field has the focus only (a
	// one-line choice always is); Header stays above a list's options
	// either way (its column headings).
	Quiet       bool
	Header      string
	Placeholder string
	CharLimit   int
	Options     []Choice
	Rows        int     // a list's visible rows; 0 shows every option
	Text        *string // the answer of text, secret and choice fields
	Bool        *bool   // the answer of a yes/no field
	Yes, No     string  // a yes/no field's labels
	Validate    func(string) error
	// Note says something about a valid value (a pool's capacity, a weak
	// algorithm); "" when there is nothing to say.
	Note func(string) string
}

// check runs the field's validator on v.
func (f Field) check(v string) error {
	if f.Validate == nil {
		return nil
	}
	return f.Validate(v)
}

// suggestion is a value to offer instead of v when v fails its check: the
// corrected value the error names, or its example when that passes.
func (f Field) suggestion(v string) (string, bool) {
	var fe *ipsec.FieldError
	if err := f.check(v); err == nil || !errors.As(err, &fe) {
		return "", false
	}
	for _, s := range []string{fe.Suggestion, fe.Example} {
		if s != "" && s != v && f.check(s) == nil {
			return s, true
		}
	}
	return "", false
}

// note is Note on a value that passes its check.
func (f Field) note(v string) string {
	if f.Note == nil || f.check(v) != nil {
		return ""
	}
	return f.Note(v)
}
