package forms

import (
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (s *session) authFields(sub int) []Field {
	m := &s.a.m
	if sub == 1 {
		return []Field{
			{Key: ipsec.FieldPsk, Kind: KindSecret, Title: ipsec.Title(ipsec.FieldPsk), Text: &m.psk,
				Description: "1 to 100 printable ASCII characters; it is masked. Every client needs the same key. Example: a random 24-character key.",
				Validate:    ipsec.ValidatePsk,
				Note: func(v string) string {
					if ipsec.ValidatePsk(v) != nil {
						return ""
					}
					return adviceNote(ipsec.KeyAdvice(v))
				}},
			{Key: "PskConfirm", Kind: KindSecret, Title: "Pre-shared key, again (Psk)", Text: &m.pskConfirm,
				Description: "Type the same key again, to be sure of it.",
				Validate:    func(v string) error { return ipsec.ValidatePskConfirm(m.psk, v) }},
		}
	}
	if s.before != nil {
		return []Field{{Key: "KeySource", Kind: KindChoice, Title: "Pre-shared key (Psk)", Text: &m.keyChoice,
			Description: "The secret the server and every client share. A new key cuts off every client until it has the new one.",
			Options: []Choice{
				{"Keep the current key", keyKeep},
				{"Generate a new strong key here (24 characters)", string(ipsec.KeyGenerated)},
				{"Type a new one (masked, twice)", string(ipsec.KeyProvided)},
			},
			Note: func(string) string { return s.pskFileNote() }}}
	}
	return []Field{{Key: "KeySource", Kind: KindChoice, Title: "Pre-shared key (Psk)", Text: &m.keyChoice,
		Description: "The secret the server and every client share. Default: generate a strong one here " +
			"(24 random characters, shown once after creation on request). Alibaba Cloud's own key has 16 characters; " +
			"read it later with ListIpsecServers.",
		Options: []Choice{
			{"Generate a strong key here (24 characters)", string(ipsec.KeyGenerated)},
			{"Let Alibaba Cloud generate it (16 characters)", string(ipsec.KeyService)},
			{"Type one (masked, twice)", string(ipsec.KeyProvided)},
		},
		Note: func(string) string { return s.pskFileNote() }}}
}

// editing makes the session an update of srv. The key choice starts at
// keeping the server's key, unless the answers bring another one (a key
// file, or one generated for the host).
func (s *session) editing(srv ipsec.Server) {
	s.before = &srv
	a := s.a
	switch {
	case a.Spec.Psk == "" || a.Spec.Psk == srv.Psk:
		a.m.keyChoice = keyKeep
	case a.KeySource == ipsec.KeyGenerated:
		a.m.keyChoice = string(ipsec.KeyGenerated)
	default:
		a.KeySource = ipsec.KeyProvided
		a.m.keyChoice = string(ipsec.KeyProvided)
		a.m.psk = a.Spec.Psk.Reveal()
		a.m.pskConfirm = cmpOr(a.PskConfirm.Reveal(), a.m.psk)
	}
}

// pskFileNote is the warning shown when a key file was asked for but the
// chosen key is not generated here ("" when there is nothing to say).
// keyKeep is the update's choice to keep the server's key.
const keyKeep = "keep"

func (s *session) pskFileNote() string {
	if s.pskFile == "" || s.a.m.keyChoice == string(ipsec.KeyGenerated) || s.a.m.keyChoice == "" {
		return ""
	}
	return "⚠ --psk-file " + s.pskFile + " will not be written: the key is not generated here."
}

func (s *session) authDone(sub int) step {
	a, m := s.a, &s.a.m
	if sub == 1 {
		if err := ipsec.ValidatePsk(m.psk); err != nil {
			return refuse(err)
		}
		if err := ipsec.ValidatePskConfirm(m.psk, m.pskConfirm); err != nil {
			return refuse(err)
		}
		a.KeySource = ipsec.KeyProvided
		a.Spec.Psk, a.PskConfirm = ipsec.Secret(m.psk), ipsec.Secret(m.pskConfirm)
		a.Spec.PskEnabled = true
		return next()
	}
	if m.keyChoice == keyKeep && s.before != nil {
		a.Spec.Psk, a.PskConfirm, a.KeySource = s.before.Psk, s.before.Psk, ipsec.KeyProvided
		a.Spec.PskEnabled = true
		return next()
	}
	switch ipsec.KeySource(m.keyChoice) {
	case ipsec.KeyProvided:
		if s.before != nil && m.psk == s.before.Psk.Reveal() {
			m.psk, m.pskConfirm = "", "" // a new key: not the current one pre-filled
		}
		return step{kind: stepPart, part: 1}
	case ipsec.KeyService:
		a.Spec.Psk, a.PskConfirm = "", ""
	case ipsec.KeyGenerated:
		// A key generated earlier in this run is kept: it may already be
		// written down.
		if a.KeySource != ipsec.KeyGenerated || ipsec.ValidatePsk(a.Spec.Psk.Reveal()) != nil {
			k, err := ipsec.GeneratePsk()
			if err != nil {
				return refuse(err)
			}
			a.Spec.Psk, a.PskConfirm = k, k
		}
	default:
		return refuse(nil)
	}
	a.KeySource = ipsec.KeySource(m.keyChoice)
	a.Spec.PskEnabled = true
	return next()
}
