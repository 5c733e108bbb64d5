package ipsec

import (
	"fmt"
	"strconv"
)

// Advice is one finding of Assess: a value the service accepts but a
// careful admin would not choose. It advises, it never refuses.
type Advice struct {
	Field   string `json:"field"`   // the API name, e.g. "IkeEncAlg"
	Value   string `json:"value"`   // the value as set ("" for the key, which is never shown)
	Level   string `json:"level"`   // AdviceWeak or AdviceRisky
	Message string `json:"message"` // what is wrong and what to use instead
}

// Advice levels.
const (
	AdviceWeak  = "weak"  // broken or deprecated cryptography
	AdviceRisky = "risky" // works, but invites trouble (a guessable key, constant renegotiation)
)

func (a Advice) String() string { return a.Field + ": " + a.Message }

// Lifetimes below MinSensibleLifetime renegotiate so often that clients
// drop traffic; ipsecwiz advises against them.
const MinSensibleLifetime = 600

// MinSensibleKeyLength is the shortest pre-shared key ipsecwiz does not
// advise against: a short one can be guessed offline from one handshake.
const MinSensibleKeyLength = 16

// Assess lists what is weak or risky in the server spec describes: its
// effective proposals (the service's defaults when none are sent), its
// lifetimes and its key. The key itself never appears in the advice.
func Assess(spec ServerSpec) []Advice {
	var out []Advice
	ike, phase2 := spec.EffectiveIke(), spec.EffectiveIpsec()
	for _, v := range [][2]string{{FieldIkeEncAlg, ike.IkeEncAlg}, {FieldIkeAuthAlg, ike.IkeAuthAlg}, {FieldIkePfs, ike.IkePfs},
		{FieldIpsecEncAlg, phase2.IpsecEncAlg}, {FieldIpsecAuthAlg, phase2.IpsecAuthAlg}, {FieldIpsecPfs, phase2.IpsecPfs}} {
		if w, ok := weak[v[1]]; ok {
			out = append(out, Advice{Field: v[0], Value: v[1], Level: AdviceWeak, Message: v[1] + " is weak: " + w})
		}
	}
	if phase2.IpsecPfs == "disabled" {
		out = append(out, Advice{Field: FieldIpsecPfs, Value: "disabled", Level: AdviceWeak,
			Message: "without PFS one leaked phase 1 key exposes every tunnel's traffic: use group14"})
	}
	if ike.IkeVersion == "ikev1" && ike.IkeMode == "aggressive" {
		out = append(out, Advice{Field: FieldIkeMode, Value: "aggressive", Level: AdviceWeak,
			Message: "aggressive mode sends a hash of the key that can be cracked offline: use main, or IKEv2"})
	}
	for _, l := range []struct {
		field string
		value int
	}{{FieldIkeLifetime, ike.IkeLifetime}, {FieldIpsecLifetime, phase2.IpsecLifetime}} {
		if a, ok := LifetimeAdvice(l.field, l.value); ok {
			out = append(out, a)
		}
	}
	if a, ok := KeyAdvice(spec.Psk.Reveal()); ok {
		out = append(out, a)
	}
	return out
}

// LifetimeAdvice advises on an SA lifetime: 0 leaves the rekeying to the
// service's own rule, and a very short one renegotiates constantly.
func LifetimeAdvice(field string, seconds int) (Advice, bool) {
	v := strconv.Itoa(seconds)
	switch {
	case seconds == 0:
		return Advice{Field: field, Value: v, Level: AdviceRisky, Message: "a lifetime of 0 has no documented meaning " +
			"(clients may never rekey, or drop the tunnel): use 86400 (one day) or at least 3600"}, true
	case seconds < MinSensibleLifetime:
		return Advice{Field: field, Value: v, Level: AdviceRisky, Message: fmt.Sprintf("the keys are renegotiated every %s, "+
			"and clients may drop traffic each time: use at least %d (86400, one day, is usual)", every(seconds), MinSensibleLifetime)}, true
	}
	return Advice{}, false
}

// every says how often a lifetime of seconds renegotiates, in words.
func every(seconds int) string {
	switch {
	case seconds == 1:
		return "second"
	case seconds < 120:
		return strconv.Itoa(seconds) + " seconds"
	}
	return strconv.Itoa(seconds/60) + " minutes"
}

// KeyAdvice advises on a pre-shared key's length ("" is the service's own,
// which is fine).
func KeyAdvice(psk string) (Advice, bool) {
	if psk == "" || len(psk) >= MinSensibleKeyLength {
		return Advice{}, false
	}
	return Advice{Field: FieldPsk, Level: AdviceRisky, Message: fmt.Sprintf("a key of %d characters can be guessed from one "+
		"recorded handshake: use at least %d random characters (ipsecwiz generates 24)", len(psk), MinSensibleKeyLength)}, true
}
