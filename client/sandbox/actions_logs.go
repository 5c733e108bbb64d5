package sandbox

import (
	"strconv"
	"time"
)

// ListIpsecServerLogs: the IPsec server's own log over a window of at most maxLogWindow.
//
// The window, in whole Unix seconds, both ends included: From and To; From and From+MinutePeriod; To-
// MinutePeriod and To; or, with neither From nor To, the last MinutePeriod minutes up to now. From needs To
// or MinutePeriod, To needs From or MinutePeriod, and without both MinutePeriod is required
// (MissingParameter). With From, To and MinutePeriod, To decides (MinutePeriod is still checked). [I] The
// service allows at most 10 minutes, as MinutePeriod (1..10) suggests: a From..To window longer than that,
// or To before From, is InvalidParameter. Lines are oldest first; Count is the number on this page (as the
// SDK model documents it), so a client pages until a page has fewer than PageSize lines. [I] IsCompleted is
// false when the window reaches past now (more lines may come) or into lines dropped for the log's bound.

const maxLogWindow = 10 * time.Minute

type listIpsecServerLogsResponse struct {
	RequestId   string   `json:"RequestId"`
	Count       int      `json:"Count"`
	Data        []string `json:"Data"`
	IsCompleted bool     `json:"IsCompleted"`
	PageNumber  int      `json:"PageNumber"`
	PageSize    int      `json:"PageSize"`
}

func (s *Server) listIpsecServerLogs(c *call) (any, *apiError) {
	p := c.params
	id := p["IpsecServerId"]
	if id == "" {
		return nil, missingParam("IpsecServerId")
	}
	page, size, err := paging(p)
	if err != nil {
		return nil, err
	}
	now := s.now()
	from, to, err := logWindow(p, now)
	if err != nil {
		return nil, err
	}
	resp := &listIpsecServerLogsResponse{RequestId: c.requestID, PageNumber: page, PageSize: size, Data: []string{}}
	s.mu.RLock()
	defer s.mu.RUnlock()
	rec, rt := s.servers[id], s.runtime[id]
	if rec != nil {
		c.gateway = rec.VpnGatewayId
	}
	live := rec != nil && rec.RegionId == c.region
	deleting := rec == nil && rt != nil && rt.region == c.region && now.Before(rt.goneAt) // being deleted
	if !live && !deleting {
		return nil, newErr(CodeInvalidIpsecServerNotFound)
	}
	skip := (page - 1) * size
	if rt != nil {
		for _, l := range rt.log {
			sec := l.at.Unix()
			if sec < from || sec > to || l.due.After(now) {
				continue
			}
			if skip > 0 {
				skip--
				continue
			}
			if len(resp.Data) < size {
				resp.Data = append(resp.Data, l.text)
			}
		}
		resp.IsCompleted = to <= now.Unix() && (rt.dropped.IsZero() || rt.dropped.Unix() < from)
	} else {
		resp.IsCompleted = to <= now.Unix()
	}
	resp.Count = len(resp.Data)
	return resp, nil
}

// logWindow reads From, To and MinutePeriod into a window of Unix seconds, both ends included.
func logWindow(p map[string]string, now time.Time) (from, to int64, err *apiError) {
	minutes, err := intParam(p, "MinutePeriod", 0, 1, 10)
	if err != nil {
		return 0, 0, err
	}
	read := func(name string) (int64, bool, *apiError) {
		raw := p[name]
		if raw == "" {
			return 0, false, nil
		}
		n, e := strconv.ParseInt(raw, 10, 64)
		if e != nil || n < 0 || n > 1<<40 {
			return 0, false, invalidParam(name, "it must be a Unix time in seconds")
		}
		return n, true, nil
	}
	from, hasFrom, err := read("From")
	if err != nil {
		return 0, 0, err
	}
	to, hasTo, err := read("To")
	if err != nil {
		return 0, 0, err
	}
	period := int64(minutes) * 60
	switch {
	case hasFrom && hasTo:
	case hasFrom && minutes > 0:
		to = from + period
	case hasTo && minutes > 0:
		from = to - period
	case hasFrom:
		return 0, 0, missingParam("To or MinutePeriod")
	case hasTo:
		return 0, 0, missingParam("From or MinutePeriod")
	case minutes > 0:
		to = now.Unix()
		from = to - period
	default:
		return 0, 0, missingParam("MinutePeriod")
	}
	if to < from {
		return 0, 0, invalidParam("To", "it is before From")
	}
	if to-from > int64(maxLogWindow/time.Second) {
		return 0, 0, invalidParam("To", "the window From..To may span at most 600 seconds (10 minutes)")
	}
	return from, to, nil
}
