package sandbox

import (
	"math/rand/v2"
	"sync"
)

// faultKind is what fault injection does to one call.
type faultKind int

const (
	faultNone faultKind = iota
	faultServiceUnavailable
	faultThrottling
	faultSystemBusy
	faultDropBefore // the connection closes before the action runs
	faultDropAfter  // the action runs, then the connection closes: the answer is lost
	faultKinds      = 5
)

func (f faultKind) String() string {
	switch f {
	case faultServiceUnavailable:
		return "ServiceUnavailable"
	case faultThrottling:
		return "Throttling"
	case faultSystemBusy:
		return "SystemBusy"
	case faultDropBefore:
		return "drop-before"
	case faultDropAfter:
		return "drop-after"
	}
	return ""
}

// faults decides, deterministically per seed and call order, which calls fail.
type faults struct {
	mu   sync.Mutex
	rng  *rand.Rand
	rate float64
}

func newFaults(rate float64, seed int64) *faults {
	return &faults{rng: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)), rate: clamp01(rate)}
}

func clamp01(r float64) float64 {
	switch {
	case r > 1:
		return 1
	case r > 0:
		return r
	}
	return 0 // negative and NaN
}

func (f *faults) setRate(r float64) {
	f.mu.Lock()
	f.rate = clamp01(r)
	f.mu.Unlock()
}

func (f *faults) pick() faultKind {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rate <= 0 || f.rng.Float64() >= f.rate {
		return faultNone
	}
	return faultKind(1 + f.rng.IntN(faultKinds))
}
