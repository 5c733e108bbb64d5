package sandbox

import "time"

// The gateway state machine. Status is derived from timestamps (so it is exact, cheap to read and survives
// restarts); timers only write the transition log lines, stamped with the exact moment of the flip.

// startChange records a change accepted now on gs; its log line and timers wait for t's commit. Callers hold
// s.mu for writing.
func (s *Server) startChange(t *tx, gs *gatewayState, now time.Time) {
	gs.acceptedAt = now
	gs.updatingAt = now.Add(s.cfg.UpdatingDelay)
	gs.activeAt = gs.updatingAt.Add(s.cfg.Settle)
	t.after = append(t.after, func() {
		if s.cfg.UpdatingDelay == 0 {
			s.log.transition(now, gs.g.RegionID, gs.g.ID, statusActive, statusUpdating)
		}
		s.armTimers(gs, now)
	})
}

// armTimers schedules the log lines of gs's future transitions. Callers hold s.mu for writing.
func (s *Server) armTimers(gs *gatewayState, now time.Time) {
	// A flip that is already due but whose timer has not run yet (a busy
	// machine) is logged now rather than lost with its timer.
	for _, p := range gs.timers {
		if p.timer.Stop() && !p.when.After(now) {
			p.log()
		}
	}
	gs.timers = gs.timers[:0]
	if !s.log.on || s.closed.Load() {
		return
	}
	at := func(when time.Time, from, to string) {
		if !when.After(now) {
			return
		}
		region, id := gs.g.RegionID, gs.g.ID
		log := func() {
			if !s.closed.Load() {
				s.log.transition(when, region, id, from, to)
			}
		}
		gs.timers = append(gs.timers, pendingTransition{when: when, log: log, timer: time.AfterFunc(when.Sub(now), log)})
	}
	at(gs.busyUntil, statusUpdating, statusActive)
	if gs.updatingAt.After(gs.acceptedAt) {
		at(gs.updatingAt, statusActive, statusUpdating)
	}
	at(gs.activeAt, statusUpdating, statusActive)
}

// pendingTransition is a transition log line waiting for its moment.
type pendingTransition struct {
	when  time.Time
	log   func()
	timer *time.Timer
}
