package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// The state file holds what changes at run time: the IPsec servers, the ClientTokens with their results, and
// each gateway's last change. The fixture's fixed data (gateways, VPCs, ...) is not stored. Writes are atomic:
// temp file in the same directory, fsync, rename, fsync of the directory; a SIGKILL at any moment leaves
// either the old or the new file.

const stateFileFormat = 1

type stateFile struct {
	Format  int                 `json:"Format"`
	SavedAt time.Time           `json:"SavedAt"`
	Servers []IpsecServerRecord `json:"Servers"`
	Tokens  []tokenRecord       `json:"Tokens"`
	Changes []changeRecord      `json:"Changes"`
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

// readStateFile loads path; found is false when it does not exist. Anything unreadable is an error: a
// corrupt file is never silently replaced by the fixture.
func readStateFile(path string) (st stateFile, found bool, err error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("sandbox: read state file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&st); err != nil {
		return st, true, fmt.Errorf("sandbox: state file %s is corrupt (move it away to start from the fixture): %w", path, err)
	}
	if dec.More() {
		return st, true, fmt.Errorf("sandbox: state file %s is corrupt: trailing data", path)
	}
	if st.Format != stateFileFormat {
		return st, true, fmt.Errorf("sandbox: state file %s has format %d, want %d", path, st.Format, stateFileFormat)
	}
	for _, rec := range st.Servers {
		if rec.IpsecServerId == "" || rec.VpnGatewayId == "" || rec.RegionId == "" {
			return st, true, fmt.Errorf("sandbox: state file %s is corrupt: a server without id, gateway or region", path)
		}
	}
	return st, true, nil
}

// applyState replaces the fixture's mutable parts with st. Records of gateways the fixture lacks are dropped.
func (s *Server) applyState(st stateFile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.servers = map[string]*IpsecServerRecord{}
	for i := range st.Servers {
		rec := st.Servers[i]
		if s.gateways[rec.RegionId+"/"+rec.VpnGatewayId] != nil {
			s.servers[rec.IpsecServerId] = &rec
		}
	}
	s.tokens, s.tokenSeq = map[string]*tokenRecord{}, nil
	sort.SliceStable(st.Tokens, func(i, j int) bool { return st.Tokens[i].At.Before(st.Tokens[j].At) })
	for i := range st.Tokens {
		t := st.Tokens[i]
		s.rememberToken(&t)
	}
	for _, c := range st.Changes {
		if gs := s.gateways[c.RegionId+"/"+c.VpnGatewayId]; gs != nil {
			gs.acceptedAt, gs.updatingAt, gs.activeAt = c.AcceptedAt, c.UpdatingAt, c.ActiveAt
		}
	}
}

// snapshot copies the mutable state. Callers hold s.mu (read is enough).
func (s *Server) snapshot() stateFile {
	st := stateFile{Format: stateFileFormat, SavedAt: s.now().UTC(),
		Servers: []IpsecServerRecord{}, Tokens: []tokenRecord{}, Changes: []changeRecord{}}
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

// save writes the current state atomically. saveMu orders snapshots and writes, so a newer state is never
// overwritten by an older one.
func (s *Server) save() error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.RLock()
	st := s.snapshot()
	s.mu.RUnlock()
	b, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return fmt.Errorf("sandbox: encode state: %w", err)
	}
	return writeFileAtomic(s.cfg.StateFile, append(b, '\n'))
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
