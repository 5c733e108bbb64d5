package client

import (
	"fmt"
	"regexp"
	"strings"
)

// Reading an IPsec server's log the way an admin diagnoses a client that
// cannot connect: the lines that decide a failed negotiation (charon's, as
// Alibaba's VPN gateways write them) are recognised and said in plain
// words, with what to check. Pure: no I/O, no clock.

// Kinds of log findings.
const (
	LogAuthFailed       = "auth-failed"       // the client's pre-shared key is not the server's
	LogNoProposal       = "no-proposal"       // no common IKE or ESP proposal, or another IKE version or mode
	LogIdentityMismatch = "identity-mismatch" // LocalId / RemoteId do not match what the client uses
	LogPoolExhausted    = "pool-exhausted"    // no address left in the client IP pool
	LogConnectionLimit  = "connection-limit"  // the gateway's connections are all in use
	LogCutOff           = "cut-off"           // a change of the server ended a client's session
)

// LogFinding is what one log line means, for a person.
type LogFinding struct {
	Kind        string `json:"kind"`
	Title       string `json:"title"`       // a short name, e.g. "wrong pre-shared key (AUTH_FAILED)"
	Explanation string `json:"explanation"` // what happened, naming the client when the log does
	Remedy      string `json:"remedy"`      // what to check or do
	Peer        string `json:"peer,omitempty"`
}

// FailureCount is one kind of failure seen in a log, for the summary.
type FailureCount struct {
	Kind   string   `json:"kind"`
	Title  string   `json:"title"`
	Count  int      `json:"count"`
	Peers  []string `json:"peers,omitempty"` // the clients it happened to, first seen first
	Remedy string   `json:"remedy"`
}

// LogExplainer recognises failures in a server's log lines, given in time
// order. It remembers what each negotiation (an IKE_SA, "<server|N>") said
// before its decisive line: the client's address and identity, the proposals
// on both sides. Not safe for concurrent use.
type LogExplainer struct {
	show   string
	sas    map[string]*saNotes
	counts []*FailureCount
}

// saNotes is what one negotiation's lines said so far.
type saNotes struct {
	ip, identity         string
	received, configured string
	reported             map[string]bool
}

// NewLogExplainer makes an explainer whose remedies name showCommand as the
// way to read the server's settings ("ipsecwiz show iss-... --region ...");
// "" names it generically.
func NewLogExplainer(showCommand string) *LogExplainer {
	if showCommand == "" {
		showCommand = "ipsecwiz show SERVER_ID"
	}
	return &LogExplainer{show: showCommand, sas: map[string]*saNotes{}}
}

var (
	saTag          = regexp.MustCompile(`<([^|<>\s]+)\|(\d+)>\s*`)
	charonPrefix   = regexp.MustCompile(`\b\d{2}\[[A-Z]{2,4}\]\s+`)
	fromPacket     = regexp.MustCompile(`^received packet: from ([0-9A-Fa-f.:]+)\[`)
	peerConfigs    = regexp.MustCompile(`^looking for peer configs matching .*\.\.\.([0-9A-Fa-f.:]+)\[([^\]]*)\]`)
	receivedProps  = regexp.MustCompile(`^received proposals: (.+)$`)
	configuredProp = regexp.MustCompile(`^configured proposals: (.+)$`)
	versionOffer   = regexp.MustCompile(`the peer offers (.+?), the server is configured for (.+?)(?:, sending|$)`)
	quotedPeer     = regexp.MustCompile(`(?:peer '|requested by '|refusing '|for '[^']*' - ')([^']+)'`)
	poolDetail     = regexp.MustCompile(`address pool (\S+) exhausted(?: \((\d+) of (\d+))?`)
	connDetail     = regexp.MustCompile(`(\d+) of (\d+) in use`)
	identityDetail = regexp.MustCompile(`\(identity mismatch: (.+)\)\s*$`)
	changedDetail  = regexp.MustCompile(`configuration changed: (.+)$`)
)

// Explain reads the next line. It answers a finding for the line that
// decides a failure (once per negotiation and kind: charon writes several
// lines for one failure), and false for every other line.
func (e *LogExplainer) Explain(line string) (LogFinding, bool) {
	msg, sa := e.message(line)
	if m := fromPacket.FindStringSubmatch(msg); m != nil && sa.ip == "" {
		sa.ip = m[1]
	}
	if m := peerConfigs.FindStringSubmatch(msg); m != nil {
		sa.ip, sa.identity = m[1], m[2]
	}
	if m := receivedProps.FindStringSubmatch(msg); m != nil {
		sa.received = m[1]
		return LogFinding{}, false
	}
	if m := configuredProp.FindStringSubmatch(msg); m != nil {
		sa.configured = m[1]
		return LogFinding{}, false
	}
	if m := quotedPeer.FindStringSubmatch(msg); m != nil {
		sa.identity = m[1]
	}
	if strings.HasPrefix(msg, "generating ") || strings.HasPrefix(msg, "parsed ") || strings.HasPrefix(msg, "sending packet") {
		return LogFinding{}, false // the message exchange itself: its notify repeats the decisive line
	}
	kind := classify(msg)
	if kind == "" || sa.reported[kind] {
		return LogFinding{}, false
	}
	sa.reported[kind] = true
	f := e.finding(kind, msg, sa)
	e.count(f)
	return f, true
}

// classify names the failure a line decides, "" for none.
func classify(msg string) string {
	switch {
	case strings.Contains(msg, "configuration changed:"):
		return LogCutOff
	case strings.Contains(msg, "no matching peer config"):
		return LogIdentityMismatch
	case strings.Contains(msg, "NO_PROPOSAL_CHOSEN"), strings.Contains(msg, "no acceptable proposal"),
		strings.Contains(msg, "proposals unacceptable"), strings.Contains(msg, "no IKE config found"):
		return LogNoProposal
	case strings.Contains(msg, "MAC mismatched"), strings.Contains(msg, "AUTH_FAILED"),
		strings.Contains(msg, "AUTHENTICATION_FAILED"), strings.Contains(msg, "authentication failed"):
		return LogAuthFailed
	case strings.Contains(msg, "no virtual IP found"), poolDetail.MatchString(msg), strings.Contains(msg, "INTERNAL_ADDRESS_FAILURE"):
		return LogPoolExhausted
	case strings.Contains(msg, "maximum number of connections"), strings.Contains(msg, "too many connections"):
		return LogConnectionLimit
	}
	return ""
}

// message is line without its time, server id and charon's thread prefix,
// and the notes of the negotiation it belongs to (a throwaway for lines of
// none).
func (e *LogExplainer) message(line string) (string, *saNotes) {
	msg := line
	var key string
	if loc := saTag.FindStringSubmatchIndex(line); loc != nil {
		key = line[loc[2]:loc[3]] + "|" + line[loc[4]:loc[5]]
		msg = line[loc[1]:]
	} else if loc := charonPrefix.FindStringIndex(line); loc != nil {
		msg = line[loc[1]:]
	}
	msg = strings.TrimSpace(msg)
	if key == "" {
		return msg, &saNotes{reported: map[string]bool{}}
	}
	sa := e.sas[key]
	if sa == nil {
		sa = &saNotes{reported: map[string]bool{}}
		e.sas[key] = sa
		// A long follow meets thousands of negotiations: keep the recent ones.
		if len(e.sas) > 4096 {
			for k := range e.sas {
				if k != key {
					delete(e.sas, k)
					break
				}
			}
		}
	}
	return msg, sa
}

func (e *LogExplainer) finding(kind, msg string, sa *saNotes) LogFinding {
	peer := sa.identity
	if peer == "" {
		peer = sa.ip
	}
	who := "A client"
	if peer != "" {
		who = "Client " + peer
	}
	show, with := e.cmd(""), e.cmd
	f := LogFinding{Kind: kind, Peer: peer}
	switch kind {
	case LogAuthFailed:
		f.Title = "wrong pre-shared key (AUTH_FAILED)"
		f.Explanation = who + " authenticated with a pre-shared key that is not the server's, so the server refused it."
		f.Remedy = e.kindRemedy(kind)
	case LogNoProposal:
		f.Title = "no common proposal (NO_PROPOSAL_CHOSEN)"
		phase, what := "phase 1 (IKE)", "IKE proposals"
		if strings.Contains(msg, "CHILD_SA") || strings.HasPrefix(sa.received, "ESP:") || strings.HasPrefix(sa.configured, "ESP:") {
			phase, what = "phase 2 (IPsec)", "ESP proposals"
		}
		switch m := versionOffer.FindStringSubmatch(msg); {
		case m != nil:
			f.Explanation = fmt.Sprintf("%s speaks %s, but the server is configured for %s.", who, m[1], m[2])
			f.Remedy = "Set the client's IKE version (and, for IKEv1, the mode) to the server's: compare with " + show + "."
		case sa.received != "" && sa.configured != "":
			f.Explanation = fmt.Sprintf("%s offered %s %s, none of which the server accepts: it is configured for %s.",
				who, phase, Proposals(sa.received), Proposals(sa.configured))
			f.Remedy = "Set the client's " + phase + " proposal to exactly the server's (compare with " + show +
				"), or have " + with("--export strongswan") + " (or apple) write a matching configuration."
		default:
			f.Explanation = fmt.Sprintf("%s offered %s that the server does not accept.", who, what)
			f.Remedy = e.kindRemedy(kind)
		}
	case LogIdentityMismatch:
		f.Title = "identity mismatch (no matching peer config)"
		detail := "the identity the client expects of the server, or the one it presents, is not the server's"
		if m := identityDetail.FindStringSubmatch(msg); m != nil {
			detail = m[1]
		}
		f.Explanation = who + " was refused because the identities do not match: " + detail + "."
		f.Remedy = e.kindRemedy(kind)
	case LogPoolExhausted:
		f.Title = "client IP pool exhausted"
		f.Explanation = who + " got no address: the client IP pool is full (each client takes a /30)."
		if m := poolDetail.FindStringSubmatch(msg); m != nil && m[2] != "" {
			f.Explanation = fmt.Sprintf("%s got no address: the client IP pool %s is full (%s of %s clients; each takes a /30).", who, m[1], m[2], m[3])
		}
		f.Remedy = e.kindRemedy(kind)
	case LogConnectionLimit:
		f.Title = "connection limit reached"
		f.Explanation = who + " was refused: every connection of the gateway is in use (the IPsec server shares " +
			"SslMaxConnections with the SSL-VPN clients)."
		if m := connDetail.FindStringSubmatch(msg); m != nil {
			f.Explanation = fmt.Sprintf("%s was refused: %s of %s connections are in use (the IPsec server shares the "+
				"gateway's SslMaxConnections with the SSL-VPN clients).", who, m[1], m[2])
		}
		f.Remedy = e.kindRemedy(kind)
	case LogCutOff:
		f.Title = "cut off by a change of the server"
		detail := "its settings no longer match the server's"
		if m := changedDetail.FindStringSubmatch(msg); m != nil {
			detail = m[1]
		}
		f.Explanation = "A change of the server ended the session of " + strings.ToLower(who[:1]) + who[1:] + ": " + detail + "."
		f.Remedy = e.kindRemedy(kind)
	}
	return f
}

// cmd is the show command with flags, quoted as a command to run.
func (e *LogExplainer) cmd(flags string) string {
	if flags == "" {
		return "`" + e.show + "`"
	}
	return "`" + e.show + " " + flags + "`"
}

// kindRemedy is what to check for a kind of failure, whoever it happened to.
func (e *LogExplainer) kindRemedy(kind string) string {
	show := e.cmd("")
	switch kind {
	case LogAuthFailed:
		return "Give the client the server's current key (" + e.cmd("--reveal-psk") + " shows it; " +
			e.cmd("--export strongswan") + " writes a ready configuration); after a change of the key every client needs the new one."
	case LogNoProposal:
		return "Set the client's IKE version, and its phase 1 and phase 2 proposals (encryption, integrity, DH group), to " +
			"exactly the server's: compare with " + show + ", or have " + e.cmd("--export strongswan") + " (or apple) write a matching configuration."
	case LogIdentityMismatch:
		return "Set the client's remote ID to the server's LocalId (the gateway's public IP unless set) and, when the " +
			"server sets RemoteId, the client's own ID to that: compare with " + show + "."
	case LogPoolExhausted:
		return "Give the server a larger ClientIpPool (a /24 serves 64 clients) with ipsecwiz update, or disconnect " +
			"clients that are idle; " + show + " shows the pool and the clients online."
	case LogConnectionLimit:
		return "Disconnect idle clients, or raise the gateway's SSL-VPN connection count (its specification) in the " +
			"VPN Gateway console; " + show + " shows the clients online and the maximum."
	case LogCutOff:
		return "Give the client the server's new settings (" + e.cmd("--export strongswan") + " writes them) and connect again."
	}
	return "Compare the client's settings with " + show + "."
}

func (e *LogExplainer) count(f LogFinding) {
	var c *FailureCount
	for _, x := range e.counts {
		if x.Kind == f.Kind {
			c = x
		}
	}
	if c == nil {
		c = &FailureCount{Kind: f.Kind, Title: f.Title, Remedy: e.kindRemedy(f.Kind)}
		e.counts = append(e.counts, c)
	}
	c.Count++
	if f.Peer != "" && !containsString(c.Peers, f.Peer) {
		c.Peers = append(c.Peers, f.Peer)
	}
}

// Failures lists each kind of failure seen so far, in the order first seen.
func (e *LogExplainer) Failures() []FailureCount {
	out := make([]FailureCount, len(e.counts))
	for i, c := range e.counts {
		out[i] = *c
		out[i].Peers = append([]string(nil), c.Peers...)
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The API's value names for charon's transform names.
var (
	charonEnc = map[string]string{"AES_CBC_128": "aes", "AES_CBC_192": "aes192", "AES_CBC_256": "aes256", "DES_CBC": "des",
		"3DES_CBC": "3des", "SM4_CBC": "sm4"}
	charonInteg = map[string]string{"HMAC_MD5_96": "md5", "HMAC_SHA1_96": "sha1", "HMAC_SHA2_256_128": "sha256",
		"HMAC_SHA2_384_192": "sha384", "HMAC_SHA2_512_256": "sha512", "HMAC_SM3": "sm3"}
	charonDH = map[string]string{"MODP_768": "group1", "MODP_1024": "group2", "MODP_1536": "group5", "MODP_2048": "group14",
		"MODP_2048_256": "group24"}
)

// Proposals renders charon's proposal list ("IKE:AES_CBC_256/HMAC_SHA2_256_128/
// PRF_HMAC_SHA2_256/MODP_2048, ...") in the API's terms, as ipsecwiz shows
// the server's: "aes256-sha256-group14"; an ESP proposal without a DH group
// is "aes256-sha256 (PFS disabled)". A transform it does not know keeps
// charon's name, lower-cased.
func Proposals(list string) string {
	var out []string
	for _, p := range strings.Split(list, ",") {
		p = strings.TrimSpace(p)
		proto, body, ok := strings.Cut(p, ":")
		if !ok {
			body, proto = proto, ""
		}
		var enc, integ, dh []string
		for _, t := range strings.Split(body, "/") {
			switch {
			case t == "" || t == "NO_EXT_SEQ" || t == "EXT_SEQ" || strings.HasPrefix(t, "PRF_"):
			case charonEnc[t] != "":
				enc = append(enc, charonEnc[t])
			case charonInteg[t] != "":
				integ = append(integ, charonInteg[t])
			case charonDH[t] != "":
				dh = append(dh, charonDH[t])
			default:
				enc = append(enc, strings.ToLower(t))
			}
		}
		s := strings.Join(append(append(enc, integ...), dh...), "-")
		if proto == "ESP" && len(dh) == 0 {
			s += " (PFS disabled)"
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}
