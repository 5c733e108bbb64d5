package sandbox

import (
	"hash/maphash"
	"sync"
	"time"
)

// nonceCache remembers signature nonces for TimestampWindow with bounded memory: each shard is a ring of
// fixed capacity, so under more than nonceCapacity calls per window the oldest nonces are forgotten early
// (a replay would then be caught by nothing but the timestamp check). Sharding keeps the lock uncontended.
type nonceCache struct {
	seed   maphash.Seed
	shards [nonceShards]nonceShard
}

const (
	nonceShards   = 16
	nonceCapacity = 1 << 14 // per shard: 262,144 nonces in all
)

type nonceShard struct {
	mu   sync.Mutex
	seen map[string]time.Time
	ring []string // insertion order; ring[next] is the oldest once full
	next int
}

func newNonceCache() *nonceCache {
	c := &nonceCache{seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].seen = map[string]time.Time{}
	}
	return c
}

// add records key at now and reports whether it was new (or forgotten: older than the window).
func (c *nonceCache) add(key string, now time.Time) bool {
	sh := &c.shards[maphash.String(c.seed, key)%nonceShards]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if t, ok := sh.seen[key]; ok && now.Sub(t) < TimestampWindow && now.Sub(t) > -TimestampWindow {
		return false
	} else if ok {
		sh.seen[key] = now // expired: reuse allowed, refresh (its ring slot stays)
		return true
	}
	if len(sh.ring) < nonceCapacity {
		sh.ring = append(sh.ring, key)
	} else {
		delete(sh.seen, sh.ring[sh.next])
		sh.ring[sh.next] = key
		sh.next = (sh.next + 1) % nonceCapacity
	}
	sh.seen[key] = now
	return true
}
