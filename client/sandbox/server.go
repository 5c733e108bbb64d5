package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Credentials and address of the sandbox: public test values, fine to print.
const (
	AccessKeyID             = "sandbox"
	AccessKeySecret         = "sandbox-secret"
	ReadOnlyAccessKeyID     = "sandbox-readonly"
	ReadOnlyAccessKeySecret = "sandbox-readonly-secret"
	// NoLogsAccessKeyID reads everything but the IPsec server logs (a RAM user without
	// vpc:ListIpsecServerLogs): ListIpsecServerLogs and every write answer 403 Forbidden.
	NoLogsAccessKeyID     = "sandbox-nologs"
	NoLogsAccessKeySecret = "sandbox-nologs-secret"
	DefaultAddr           = "127.0.0.1:8642"
	APIVersion            = "2016-04-28"
)

// Documented inputs of the fixture that trigger specific errors, and the sandbox's limits.
const (
	SystemBusyName        = "sandbox-systembusy"   // IpSecServerName answered with SystemBusy
	IDaaSInstanceID       = "idaas-sandbox"        // an IDaaS instance the VPN service may use
	IDaaSInstanceNoPermID = "idaas-sandbox-noperm" // an IDaaS instance it may not use
	ReadyVpcRouteDest     = "192.168.50.0/24"      // custom route of vpn-sandbox-ready's VPC
	ReadySslClientPool    = "192.168.200.0/24"     // client pool of vpn-sandbox-ready's SSL-VPN server
	MaxLocalSubnets       = 10                     // route entry quota: more LocalSubnet entries fail
	BusyFor               = 60 * time.Second       // vpn-sandbox-busy is updating this long after start
	MaxRequestBytes       = 64 << 10               // query and body are each bounded by this
	TimestampWindow       = 15 * time.Minute       // accepted clock skew, and how long nonces are remembered
	DefaultSettle         = 5 * time.Second
	DefaultUpdatingDelay  = 300 * time.Millisecond
	DefaultMaxConnections = 256 // open connections; idle ones are closed to make room for new clients
)

// Connection timeouts: a request must arrive whole within readTimeout; an idle keep-alive connection is
// closed after idleTimeout; an answer may take writeTimeout plus Config.Latency.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 30 * time.Second
)

const (
	statusActive   = "active"
	statusUpdating = "updating"
	businessNormal = "Normal"
	businessLocked = "FinancialLocked"
	sandboxHostID  = "vpc.sandbox.local"
	recommendURL   = "https://api.aliyun.com/troubleshoot?product=Vpc&q="
	dryRunMessage  = "Request validation has been passed with DryRun flag set."
	maxTokens      = 10000 // ClientTokens remembered; the oldest is forgotten first
	creationLayout = "2006-01-02T15:04:05Z"
)

// Config tunes a sandbox; the zero value is a sensible in-memory sandbox.
type Config struct {
	Settle         time.Duration // how long a gateway stays updating after a change; 0 means DefaultSettle
	UpdatingDelay  time.Duration // from an accepted change to updating; 0 means DefaultUpdatingDelay, < 0 immediately
	StateFile      string        // persist state across restarts (atomic writes); "" keeps it in memory
	FaultRate      float64       // 0..1 share of correctly signed calls that fail (see doc.go)
	FaultSeed      int64
	Latency        time.Duration // added after acting and before answering every call
	MaxConnections int           // open connections at most (idle ones make room); 0 means DefaultMaxConnections
	// SimulatedClients plain VPN clients (client-1, client-2, ...) connect to every IPsec server once it is
	// up: the fixture's at the start, a created one when its gateway is active again. Pool and connection
	// limits apply; the rest fail as a real client would.
	SimulatedClients int
	Log              io.Writer        // one line per request and per transition; nil discards
	Now              func() time.Time // nil means time.Now
}

// Server is a running sandbox. Create it with New; it is an http.Handler and can listen by itself.
type Server struct {
	cfg    Config
	codes  map[string]errorSpec
	action map[string]actionSpec
	counts map[string]*atomic.Int64 // per known action; the map itself is read-only
	log    *logger
	nonces *nonceCache
	// started is the sandbox clock at New: fixture times given relative to the start (SSL-VPN clients online
	// since, the IPsec server's log history) count from it.
	started time.Time
	// statePath is Config.StateFile with symlinks followed: writes replace the file a link names, never the
	// link itself.
	statePath string
	faults    *faults

	mu       sync.RWMutex // guards everything below up to lnMu
	regions  []region
	gateways map[string]*gatewayState // key: region + "/" + id
	gwOrder  []*gatewayState
	vpcs     map[string]*vpc // key: region + "/" + id
	vpcOrder []*vpc
	conns    []vpnConnection
	idaas    map[string]idaasInstance
	servers  map[string]*IpsecServerRecord // key: IpsecServerId
	runtime  map[string]*ipsecRuntime      // key: IpsecServerId; clients and log, also of a server being deleted
	tokens   map[string]*tokenRecord       // key: action + "\x00" + ClientToken
	tokenSeq []string                      // token keys, oldest first

	lnMu        sync.Mutex
	hs          *http.Server
	addr        string
	limiter     atomic.Pointer[connLimiter]
	idleTimeout time.Duration // idleTimeout unless a test shortens it
	closed      atomic.Bool
}

type actionSpec struct {
	write  bool // refused to the read-only keys
	logs   bool // refused to NoLogsAccessKeyID
	global bool // takes no RegionId (DescribeRegions); every other action needs a known one
	run    func(*call) (any, *apiError)
}

// call is one request as the actions see it.
type call struct {
	params    map[string]string
	action    string
	keyID     string
	region    string
	gateway   string // for the log; actions set it when they know it
	requestID string
	host      string
}

// New builds a sandbox from the StateFile if it exists, else from the fixture.
func New(cfg Config) (*Server, error) {
	if cfg.Settle <= 0 {
		cfg.Settle = DefaultSettle
	}
	if cfg.UpdatingDelay == 0 {
		cfg.UpdatingDelay = DefaultUpdatingDelay
	}
	if cfg.UpdatingDelay < 0 {
		cfg.UpdatingDelay = 0
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.FaultRate < 0 || cfg.FaultRate > 1 {
		return nil, fmt.Errorf("sandbox: fault rate %v is outside 0..1", cfg.FaultRate)
	}
	if cfg.SimulatedClients < 0 {
		return nil, fmt.Errorf("sandbox: %d simulated clients", cfg.SimulatedClients)
	}
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	s := &Server{
		idleTimeout: idleTimeout,
		cfg:         cfg,
		codes:       map[string]errorSpec{},
		counts:      map[string]*atomic.Int64{},
		log:         newLogger(cfg.Log),
		nonces:      newNonceCache(),
		faults:      newFaults(cfg.FaultRate, cfg.FaultSeed),
	}
	for _, e := range catalogue() {
		s.codes[e.code] = e.errorSpec
	}
	s.action = map[string]actionSpec{
		"DescribeRegions":        {global: true, run: s.describeRegions},
		"DescribeVpnGateways":    {run: s.describeVpnGateways},
		"DescribeVpnGateway":     {run: s.describeVpnGateway},
		"DescribeVpcs":           {run: s.describeVpcs},
		"DescribeVpcAttribute":   {run: s.describeVpcAttribute},
		"DescribeVpnConnections": {run: s.describeVpnConnections},
		"ListIpsecServers":       {run: s.listIpsecServers},
		"DescribeSslVpnServers":  {run: s.describeSslVpnServers},
		"DescribeSslVpnClients":  {run: s.describeSslVpnClients},
		"DescribeRouteTableList": {run: s.describeRouteTableList},
		"DescribeRouteEntryList": {run: s.describeRouteEntryList},
		"ListIpsecServerLogs":    {run: s.listIpsecServerLogs, logs: true},
		"CreateIpsecServer":      {write: true, run: s.createIpsecServer},
		"UpdateIpsecServer":      {write: true, run: s.updateIpsecServer},
		"DeleteIpsecServer":      {write: true, run: s.deleteIpsecServer},
	}
	for name := range s.action {
		s.counts[name] = new(atomic.Int64)
	}
	s.loadFixture(newFixture())
	now := s.now()
	s.started = now
	s.fixtureRuntime()
	found := false
	if cfg.StateFile != "" {
		path, err := resolveStatePath(cfg.StateFile)
		if err != nil {
			return nil, err
		}
		s.statePath = path
		st, ok, err := s.readStateFile(path)
		if err != nil {
			return nil, err
		}
		if found = ok; found {
			s.applyState(st)
		}
	}
	s.mu.Lock()
	if gs := s.gateways[RegionHangzhou+"/"+GatewayBusy]; gs != nil {
		gs.busyUntil = now.Add(BusyFor)
	}
	for _, gs := range s.gwOrder {
		s.armTimers(gs, now)
	}
	s.mu.Unlock()
	if cfg.StateFile != "" {
		// Fail early on an unwritable path. A file that loaded is left as it is (there is nothing new to
		// write, and a full disk must not stop a restart); a new one is written now.
		var err error
		if found {
			err = probeWritable(s.statePath)
		} else {
			s.mu.Lock()
			err = s.writeState(s.snapshot())
			s.mu.Unlock()
		}
		if err != nil {
			s.stopTimers()
			return nil, err
		}
	}
	return s, nil
}

func (s *Server) now() time.Time { return s.cfg.Now() }

func (s *Server) loadFixture(f fixture) {
	s.regions = f.regions
	s.gateways = map[string]*gatewayState{}
	for _, g := range f.gateways {
		b, _ := json.Marshal(g.Features) // a struct of strings: cannot fail
		g.FeaturesJSON = string(b)
		gs := &gatewayState{g: g}
		s.gateways[g.RegionID+"/"+g.ID] = gs
		s.gwOrder = append(s.gwOrder, gs)
	}
	s.vpcs = map[string]*vpc{}
	for _, v := range f.vpcs {
		s.vpcs[v.RegionID+"/"+v.ID] = v
		s.vpcOrder = append(s.vpcOrder, v)
	}
	s.conns = f.conns
	for _, gs := range s.gwOrder {
		gs.capable, gs.pool = gs.g.supportsIpsecServer(), s.computePoolFacts(gs)
	}
	s.idaas = map[string]idaasInstance{}
	for _, i := range f.idaas {
		s.idaas[i.ID] = i
	}
	s.servers = map[string]*IpsecServerRecord{}
	s.runtime = map[string]*ipsecRuntime{}
	for i := range f.servers {
		rec := f.servers[i]
		s.servers[rec.IpsecServerId] = &rec
	}
	s.tokens = map[string]*tokenRecord{}
}

// Listen binds addr (e.g. "127.0.0.1:0") and serves in the background until Close.
func (s *Server) Listen(addr string) error {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	if s.closed.Load() {
		return errors.New("sandbox: closed")
	}
	if s.hs != nil {
		return errors.New("sandbox: already listening on " + s.addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("sandbox: listen: %w", err)
	}
	lim := newConnLimiter(ln, s.cfg.MaxConnections)
	s.limiter.Store(lim)
	s.hs = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout + s.cfg.Latency, // Latency must still reach the client
		IdleTimeout:       s.idleTimeout,
		MaxHeaderBytes:    2 * MaxRequestBytes, // so an oversized query reaches us and gets a JSON answer
		ConnState:         lim.connState,
		ConnContext:       lim.connContext,
	}
	s.addr = ln.Addr().String()
	s.log.event(s.now(), "start addr="+s.addr)
	go func() { _ = s.hs.Serve(lim) }()
	return nil
}

// Addr is the "127.0.0.1:PORT" actually bound, usable as SDK Domain / endpoint; "" before Listen.
func (s *Server) Addr() string {
	s.lnMu.Lock()
	defer s.lnMu.Unlock()
	return s.addr
}

// Close stops serving and stops the timers. Every change was saved when it was made, so there is nothing to
// flush. It is safe to call twice.
func (s *Server) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	s.lnMu.Lock()
	hs := s.hs
	s.lnMu.Unlock()
	if hs != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		if err := hs.Shutdown(ctx); err != nil {
			_ = hs.Close()
		}
		cancel()
	}
	s.stopTimers()
	s.log.event(s.now(), "stop")
	return nil
}

func (s *Server) stopTimers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, gs := range s.gwOrder {
		for _, p := range gs.timers {
			p.timer.Stop()
		}
		gs.timers = nil
	}
}

// GatewayStatus is the status DescribeVpnGateway would show now.
func (s *Server) GatewayStatus(regionID, gatewayID string) (status string, ok bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	gs := s.gateways[regionID+"/"+gatewayID]
	if gs == nil {
		return "", false
	}
	return gs.status(s.now()), true
}

// IpsecServers is a copy of the IPsec servers the gateway holds now, oldest first.
func (s *Server) IpsecServers(regionID, gatewayID string) []IpsecServerRecord {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []IpsecServerRecord
	for _, rec := range s.sortedServers() {
		if rec.RegionId == regionID && rec.VpnGatewayId == gatewayID {
			out = append(out, *rec)
		}
	}
	return out
}

// RequestCount is how many requests named the action (any outcome). Unknown actions count 0.
func (s *Server) RequestCount(action string) int {
	if c, ok := s.counts[action]; ok {
		return int(c.Load())
	}
	return 0
}

// SetFaultRate changes the fault rate at run time (clamped to 0..1).
func (s *Server) SetFaultRate(rate float64) { s.faults.setRate(rate) }

// newRequestID is an uppercase UUID-like id.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := strings.ToUpper(hex.EncodeToString(b[:]))
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// ServeHTTP answers one API call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if evicted(r) {
		return // its connection was closed to make room before the request arrived: nobody waits for it
	}
	start := time.Now()
	c := &call{requestID: newRequestID(), host: r.Host}
	var fault faultKind
	code, status := "OK", http.StatusOK
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel identity is what net/http uses
				s.logRequest(c, "dropped", 0, fault, start)
				panic(v)
			}
			code, status = s.writeError(w, c, newErr(CodeInternalError))
		}
		s.logRequest(c, code, status, fault, start)
	}()

	result, apiErr := s.handle(r, c, &fault)
	switch fault {
	case faultDropBefore:
		code = "-"
		s.drop(w)
		return
	case faultDropAfter:
		if apiErr != nil {
			code = apiErr.code
		}
		s.drop(w)
		return
	}
	if s.cfg.Latency > 0 {
		t := time.NewTimer(s.cfg.Latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	if apiErr != nil {
		code, status = s.writeError(w, c, apiErr)
		return
	}
	s.writeJSON(w, http.StatusOK, result)
}

// handle runs every check and the action; fault reports an injected fault decided on the way.
func (s *Server) handle(r *http.Request, c *call, fault *faultKind) (any, *apiError) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, newErr(CodeUnsupportedHTTPMethod, sanitize(r.Method))
	}
	req, apiErr := readRequest(r)
	if apiErr != nil {
		return nil, apiErr
	}
	c.params = req.params
	c.action = req.action()
	c.gateway = c.params["VpnGatewayId"]
	c.region = c.params["RegionId"]
	if n, ok := s.counts[c.action]; ok {
		n.Add(1)
	}
	keyID, apiErr := s.verify(req)
	if apiErr != nil {
		return nil, apiErr
	}
	c.keyID = keyID

	switch *fault = s.faults.pick(); *fault {
	case faultServiceUnavailable:
		return nil, newErr(CodeServiceUnavailable)
	case faultThrottling:
		return nil, newErr(CodeThrottling)
	case faultSystemBusy:
		return nil, newErr(CodeSystemBusy)
	case faultDropBefore:
		return nil, nil
	}

	spec, ok := s.action[c.action]
	if !ok {
		return nil, newErr(CodeInvalidActionNotFound)
	}
	if req.version() != APIVersion {
		return nil, newErr(CodeInvalidVersion)
	}
	if (spec.write && keyID != AccessKeyID) || (spec.logs && keyID == NoLogsAccessKeyID) {
		return nil, newErr(CodeForbidden)
	}
	if !spec.global {
		switch {
		case c.region == "":
			return nil, newErr(CodeMissingRegionID)
		case !s.knownRegion(c.region):
			// [I] the service's answer for a region it does not have: an
			// empty list would read as "no servers there".
			return nil, newErr(CodeInvalidRegionNotFound)
		}
	}
	return spec.run(c)
}

// drop closes the connection without an answer, like a network failure.
func (s *Server) drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil { // cannot happen with the sandbox's own types
		body = []byte(`{}`)
	}
	h := w.Header()
	h["Content-Type"] = []string{"application/json;charset=utf-8"}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

func (s *Server) writeError(w http.ResponseWriter, c *call, e *apiError) (string, int) {
	status, body := s.resolve(e, c.requestID)
	s.writeJSON(w, status, body)
	return body.Code, status
}

func (s *Server) logRequest(c *call, code string, status int, fault faultKind, start time.Time) {
	if !s.log.on {
		return
	}
	s.log.request(s.now(), c.action, c.gateway, code, time.Since(start), status, c.region, fault)
}
