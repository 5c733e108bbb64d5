package forms

import (
	"strconv"

	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

func (s *session) ipsecFields() []Field {
	c := &s.a.m.phase2
	return []Field{
		s.enumField(ipsec.FieldIpsecEncAlg, &c.IpsecEncAlg),
		s.enumField(ipsec.FieldIpsecAuthAlg, &c.IpsecAuthAlg),
		s.enumField(ipsec.FieldIpsecPfs, &c.IpsecPfs),
		lifetimeField(ipsec.FieldIpsecLifetime, &s.a.m.ipsecLifetime),
	}
}

func (s *session) ipsecDone() step {
	m := &s.a.m
	n, err := ipsec.ParseLifetime(ipsec.FieldIpsecLifetime, m.ipsecLifetime)
	if err != nil {
		return refuse(err)
	}
	cfg := m.phase2
	cfg.IpsecLifetime = n
	for _, f := range [][2]string{{ipsec.FieldIpsecEncAlg, cfg.IpsecEncAlg}, {ipsec.FieldIpsecAuthAlg, cfg.IpsecAuthAlg},
		{ipsec.FieldIpsecPfs, cfg.IpsecPfs}} {
		if err := ipsec.ValidateEnum(f[0], f[1]); err != nil {
			return refuse(err)
		}
	}
	m.ipsecLifetime = strconv.Itoa(n)
	s.a.Spec.IpsecConfig = &cfg
	return next()
}
