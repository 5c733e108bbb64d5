package export

import (
	"errors"
	"fmt"
)

// UnsupportedError: a format cannot express the server's settings, so it
// writes nothing rather than a file that would not work.
type UnsupportedError struct {
	Format  string // the format's name
	Setting string // what it cannot express, e.g. "IkeEncAlg sm4"
	Reason  string // why, in plain words
	Remedy  string // what the admin can do
}

func (e *UnsupportedError) Error() string {
	msg := fmt.Sprintf("%s cannot be exported for %s: %s", e.Setting, e.Format, e.Reason)
	if e.Remedy != "" {
		msg += "; " + e.Remedy
	}
	return msg
}

// IsUnsupported reports whether err is an *UnsupportedError.
func IsUnsupported(err error) bool {
	var u *UnsupportedError
	return errors.As(err, &u)
}

// InvalidValueError: a value that would be written into a configuration is
// not of its field's syntax (an IP address, an FQDN, a CIDR block, an allowed
// algorithm...). Such a value comes from a corrupted or hostile API answer or
// a hand-edited answers file, and written as it is it could add lines to the
// file (an `include`, another connection), so the rendering is refused.
type InvalidValueError struct {
	Format string // the format's name
	Field  string // the API's name of the field, e.g. "InternetIp"
	Value  string // the value as received; empty for the key, which is never shown
	Rule   string // what the value must be
}

func (e *InvalidValueError) Error() string {
	value := "(the key is not shown)"
	if e.Value != "" || e.Field != "Psk" {
		value = quoteShort(e.Value)
	}
	return fmt.Sprintf("%s export refused: %s %s is not valid: %s", e.Format, e.Field, value, e.Rule)
}

// MissingValueError: the rendering needs a value that is not known, and a
// file with a placeholder in its place would not work (the gateway's public
// IP for a client configuration, the key for an Apple profile).
type MissingValueError struct {
	Format string // the format's name
	Field  string // the API's name of what is missing, e.g. "InternetIp"
	Reason string // why the format needs it
	Remedy string // how to provide it
}

func (e *MissingValueError) Error() string {
	msg := fmt.Sprintf("%s export needs %s: %s", e.Format, e.Field, e.Reason)
	if e.Remedy != "" {
		msg += "; " + e.Remedy
	}
	return msg
}

// quoteShort quotes s so control characters show (a newline reads \n) and
// cuts it to a length an error line can hold.
func quoteShort(s string) string {
	const max = 80
	if r := []rune(s); len(r) > max {
		return fmt.Sprintf("%q...", string(r[:max]))
	}
	return fmt.Sprintf("%q", s)
}
