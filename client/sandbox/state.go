package sandbox

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// The state file holds what changes at run time: the IPsec servers, the ClientTokens with their results,
// each gateway's last change, and each server's simulated clients and log (a restart of the API does not cut
// tunnels). The fixture's fixed data (gateways, VPCs, ...) is not stored. Writes are atomic: temp file in the
// same directory, fsync, rename, fsync of the directory; a SIGKILL at any moment leaves either the old or
// the new file.

// stateFileFormat 2 added Runtime; a format 1 file (written before simulated clients existed) still loads,
// its servers with no clients and an empty log.
const (
	stateFileFormat       = 2
	stateFileFormatNoLogs = 1
)

type stateFile struct {
	Format  int                 `json:"Format"`
	SavedAt time.Time           `json:"SavedAt"`
	Servers []IpsecServerRecord `json:"Servers"`
	Tokens  []tokenRecord       `json:"Tokens"`
	Changes []changeRecord      `json:"Changes"`
	Runtime []runtimeRecord     `json:"Runtime,omitempty"`
}

// runtimeRecord is an ipsecRuntime: a live server's, or (GoneAt set) a deleted one's still readable log.
type runtimeRecord struct {
	IpsecServerId string    `json:"IpsecServerId"`
	RegionId      string    `json:"RegionId"`
	NextSA        int       `json:"NextSA"`
	Dropped       time.Time `json:"Dropped"`
	GoneAt        time.Time `json:"GoneAt"`
	// Deleted is the server being deleted, listed until GoneAt.
	Deleted *IpsecServerRecord `json:"Deleted,omitempty"`
	Clients []clientRecord     `json:"Clients"`
	Log     []logRecord        `json:"Log"`
}

// logRecord is a logLine; its shown time is the line's own prefix.
type logRecord struct {
	Due  time.Time `json:"Due"`
	Line string    `json:"Line"`
}

type clientRecord struct {
	Name        string     `json:"Name"`
	Identity    string     `json:"Identity"`
	PublicIP    string     `json:"PublicIP"`
	ServerID    string     `json:"ServerID"`
	IkeVersion  string     `json:"IkeVersion"`
	IkeMode     string     `json:"IkeMode"`
	Ike         []Proposal `json:"Ike"`
	Esp         []Proposal `json:"Esp"`
	VirtualIP   string     `json:"VirtualIP"`
	SA          int        `json:"SA"`
	ConnectedAt time.Time  `json:"ConnectedAt"`
}

func (rt *ipsecRuntime) record() runtimeRecord {
	r := runtimeRecord{IpsecServerId: rt.serverID, RegionId: rt.region, NextSA: rt.nextSA, Dropped: rt.dropped,
		GoneAt: rt.goneAt, Deleted: rt.deleted, Clients: []clientRecord{}, Log: make([]logRecord, 0, len(rt.log))}
	for _, c := range rt.clients {
		r.Clients = append(r.Clients, clientRecord{c.name, c.identity, c.publicIP, c.serverID, c.ikeVersion, c.ikeMode,
			slices.Clone(c.ike), slices.Clone(c.esp), c.virtualIP, c.sa, c.connectedAt})
	}
	for _, l := range rt.log {
		r.Log = append(r.Log, logRecord{l.due, l.text})
	}
	return r
}

// runtimeFrom rebuilds a runtime from a record whose log lines parseState (or this process) checked.
func runtimeFrom(r runtimeRecord) *ipsecRuntime {
	rt := &ipsecRuntime{serverID: r.IpsecServerId, region: r.RegionId, nextSA: r.NextSA, dropped: r.Dropped, goneAt: r.GoneAt,
		deleted: r.Deleted}
	for _, c := range r.Clients {
		rt.clients = append(rt.clients, &simClient{name: c.Name, identity: c.Identity, publicIP: c.PublicIP,
			serverID: c.ServerID, ikeVersion: c.IkeVersion, ikeMode: c.IkeMode, ike: slices.Clone(c.Ike),
			esp: slices.Clone(c.Esp), virtualIP: c.VirtualIP, sa: c.SA, connectedAt: c.ConnectedAt})
	}
	rt.log = make([]logLine, 0, len(r.Log))
	for _, l := range r.Log {
		at, _ := ParseServerLogTime(l.Line)
		rt.log = append(rt.log, logLine{at, l.Due, l.Line})
	}
	return rt
}

// tokenRecord is a ClientToken remembered with the result of the write it made.
type tokenRecord struct {
	Key         string    `json:"Key"` // action + "\x00" + token
	Fingerprint string    `json:"Fingerprint"`
	Result      opResult  `json:"Result"`
	At          time.Time `json:"At"`
}

// opResult is what a replayed write answers (besides a fresh RequestId).
type opResult struct {
	CreationTime    string `json:"CreationTime,omitempty"`
	IpsecServerId   string `json:"IpsecServerId,omitempty"`
	IpsecServerName string `json:"IpsecServerName,omitempty"`
	VpnGatewayId    string `json:"VpnGatewayId,omitempty"`
	RegionId        string `json:"RegionId,omitempty"`
}

type changeRecord struct {
	RegionId     string    `json:"RegionId"`
	VpnGatewayId string    `json:"VpnGatewayId"`
	AcceptedAt   time.Time `json:"AcceptedAt"`
	UpdatingAt   time.Time `json:"UpdatingAt"`
	ActiveAt     time.Time `json:"ActiveAt"`
}

// restore puts back a snapshot taken by the same process (a rolled-back change), so it needs no checks.
// Callers hold s.mu for writing.
func (s *Server) restore(st stateFile) {
	s.servers = map[string]*IpsecServerRecord{}
	for i := range st.Servers {
		rec := st.Servers[i]
		s.servers[rec.IpsecServerId] = &rec
	}
	s.tokens, s.tokenSeq = map[string]*tokenRecord{}, nil
	for i := range st.Tokens { // already oldest first
		t := st.Tokens[i]
		s.rememberToken(&t)
	}
	s.runtime = map[string]*ipsecRuntime{}
	for _, r := range st.Runtime {
		s.runtime[r.IpsecServerId] = runtimeFrom(r)
	}
	for _, gs := range s.gwOrder {
		gs.acceptedAt, gs.updatingAt, gs.activeAt = time.Time{}, time.Time{}, time.Time{}
	}
	for _, c := range st.Changes {
		if gs := s.gateways[c.RegionId+"/"+c.VpnGatewayId]; gs != nil {
			gs.acceptedAt, gs.updatingAt, gs.activeAt = c.AcceptedAt, c.UpdatingAt, c.ActiveAt
		}
	}
}

// tx is one change in progress: the state before it, to roll back to when the change cannot be saved, and
// what to do once it is saved (timers, log lines), so that nothing of a lost change is ever shown.
// Callers hold s.mu for writing from begin to commit.
type tx struct {
	before *stateFile
	after  []func()
}

func (s *Server) begin() *tx {
	s.pruneRuntime(s.now())
	t := &tx{}
	if s.cfg.StateFile != "" {
		st := s.snapshot()
		t.before = &st
	}
	return t
}

// commit saves the changed state before the change is acknowledged. When the write fails (a full disk) the
// change is rolled back and the call answers ServiceUnavailable: never "done" for a change a restart would
// lose.
func (s *Server) commit(t *tx) *apiError {
	if t.before != nil {
		if err := s.writeState(s.snapshot()); err != nil {
			s.restore(*t.before)
			s.log.event(s.now(), "error "+sanitize(err.Error())+" rollback=true")
			return newErr(CodeServiceUnavailable)
		}
	}
	for _, f := range t.after {
		f()
	}
	return nil
}

// snapshot copies the mutable state. Callers hold s.mu (read is enough).
func (s *Server) snapshot() stateFile {
	st := stateFile{Format: stateFileFormat, SavedAt: s.now().UTC(),
		Servers: []IpsecServerRecord{}, Tokens: []tokenRecord{}, Changes: []changeRecord{}, Runtime: []runtimeRecord{}}
	for _, id := range slices.Sorted(maps.Keys(s.runtime)) {
		st.Runtime = append(st.Runtime, s.runtime[id].record())
	}
	for _, rec := range s.sortedServers() {
		st.Servers = append(st.Servers, *rec)
	}
	for _, k := range s.tokenSeq {
		st.Tokens = append(st.Tokens, *s.tokens[k])
	}
	for _, gs := range s.gwOrder {
		if !gs.acceptedAt.IsZero() {
			st.Changes = append(st.Changes, changeRecord{gs.g.RegionID, gs.g.ID, gs.acceptedAt, gs.updatingAt, gs.activeAt})
		}
	}
	return st
}

// writeState writes st atomically. Callers hold s.mu for writing, which also orders the writes: a newer
// state is never overwritten by an older one.
func (s *Server) writeState(st stateFile) error {
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("sandbox: encode state: %w", err)
	}
	return writeFileAtomic(s.statePath, append(b, '\n'))
}

// probeWritable checks that writeFileAtomic can create its temporary file beside path.
func probeWritable(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".probe-*")
	if err != nil {
		return fmt.Errorf("sandbox: state file directory is not writable: %w", err)
	}
	_ = tmp.Close()
	return os.Remove(tmp.Name())
}

func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*") // mode 0600: it holds PSKs
	if err != nil {
		return fmt.Errorf("sandbox: write state file: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("sandbox: write state file: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("sandbox: sync state file: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("sandbox: close state file: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("sandbox: rename state file: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil { // make the rename itself durable
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
