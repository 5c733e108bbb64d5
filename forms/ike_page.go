package forms

import (
	"strconv"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// enumField is an inline choice of the allowed values of field, weak ones
// marked.
func (s *session) enumField(field string, value *string) Field {
	ns := s.facts.NationalStandard(s.a.m.gatewayID)
	f := Field{Key: field, Kind: KindInline, Title: ipsec.Title(field), Text: value,
		Description: ipsec.Info(field).Description + " ←/→ to change.",
		Validate:    func(v string) error { return ipsec.ValidateEnum(field, v) },
		Note:        weakNote(field)}
	for _, v := range ipsec.AllowedValues(field, ns) {
		label := v
		if ipsec.IsWeak(v) {
			label += " ⚠ weak"
		}
		if v == ipsec.Recommended(field) {
			label += " (recommended)"
		}
		f.Options = append(f.Options, Choice{label, v})
	}
	return f
}

func weakNote(field string) func(string) string {
	return func(v string) string {
		if w := ipsec.WeakWarning(v); w != "" {
			return "⚠ " + field + " " + v + " is " + w
		}
		return ""
	}
}

func lifetimeField(field string, value *string) Field {
	return Field{Key: field, Kind: KindText, Title: ipsec.Title(field), Description: ipsec.Info(field).Description,
		Placeholder: "86400", CharLimit: 6, Text: value,
		Validate: func(v string) error { _, err := ipsec.ParseLifetime(field, v); return err },
		Note: func(v string) string {
			n, err := ipsec.ParseLifetime(field, v)
			if err != nil {
				return ""
			}
			return adviceNote(ipsec.LifetimeAdvice(field, n))
		}}
}

// adviceNote is the warning shown beside a value that is accepted but
// unwise ("" when there is none): advice, never a refusal.
func adviceNote(a ipsec.Advice, ok bool) string {
	if !ok {
		return ""
	}
	return "⚠ " + a.Message
}

func identityField(field string, value *string) Field {
	return Field{Key: field, Kind: KindText, Title: ipsec.Title(field), Description: ipsec.Info(field).Description,
		Placeholder: "optional", Text: value, Validate: func(v string) error { return ipsec.ValidateIdentity(field, v) }}
}

// ikeFields: the algorithms (part 0), then the mode (IKEv1 only), the
// lifetime and the identities (part 1), so each part fits 80x24.
func (s *session) ikeFields(sub int) []Field {
	c := &s.a.m.ike
	if sub == 1 {
		var out []Field
		if c.IkeVersion == "ikev1" {
			out = append(out, s.enumField(ipsec.FieldIkeMode, &c.IkeMode))
		}
		return append(out,
			lifetimeField(ipsec.FieldIkeLifetime, &s.a.m.ikeLifetime),
			identityField(ipsec.FieldLocalID, &c.LocalId),
			identityField(ipsec.FieldRemoteID, &c.RemoteId))
	}
	return []Field{
		s.enumField(ipsec.FieldIkeVersion, &c.IkeVersion),
		s.enumField(ipsec.FieldIkeEncAlg, &c.IkeEncAlg),
		s.enumField(ipsec.FieldIkeAuthAlg, &c.IkeAuthAlg),
		s.enumField(ipsec.FieldIkePfs, &c.IkePfs),
	}
}

func (s *session) ikeDone(sub int) step {
	m := &s.a.m
	cfg := m.ike
	if cfg.IkeVersion != "ikev1" {
		cfg.IkeMode = ipsec.DefaultIkeMode // IKEv2 has no modes: send the API's default
	}
	for _, f := range [][2]string{{ipsec.FieldIkeVersion, cfg.IkeVersion}, {ipsec.FieldIkeMode, cfg.IkeMode},
		{ipsec.FieldIkeEncAlg, cfg.IkeEncAlg}, {ipsec.FieldIkeAuthAlg, cfg.IkeAuthAlg}, {ipsec.FieldIkePfs, cfg.IkePfs}} {
		if err := ipsec.ValidateEnum(f[0], f[1]); err != nil {
			return refuse(err)
		}
	}
	if sub == 0 {
		return step{kind: stepPart, part: 1}
	}
	n, err := ipsec.ParseLifetime(ipsec.FieldIkeLifetime, m.ikeLifetime)
	if err != nil {
		return refuse(err)
	}
	cfg.IkeLifetime = n
	for _, f := range [][2]string{{ipsec.FieldLocalID, cfg.LocalId}, {ipsec.FieldRemoteID, cfg.RemoteId}} {
		if err := ipsec.ValidateIdentity(f[0], f[1]); err != nil {
			return refuse(err)
		}
	}
	m.ike.IkeMode = cfg.IkeMode
	m.ikeLifetime = strconv.Itoa(n)
	s.a.Spec.IkeConfig = &cfg
	return next()
}
