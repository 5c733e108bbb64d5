// Package swantest runs real strongSwan for tests: two charon daemons, each
// in its own network namespace, joined by a veth pair. One plays the server
// (responder), the other a VPN client (initiator); both are configured with
// swanctl.conf files exactly as a user would load them. The kernels these
// tests run on have no ESP, so charon's kernel-libipsec plugin carries the
// traffic (userspace ESP over a TUN device, UDP-encapsulated), and addresses
// on the server namespace's loopback stand in for hosts behind the server.
//
// Everything lives in t.TempDir() (each charon's strongswan.conf, swanctl
// files with mode 0600, vici socket, pid file via a private /run, log) and
// is torn down by t.Cleanup even when the test fails: the daemons' process
// groups are killed and the namespaces deleted. Keys reach charon through
// those files only, never a command line.
package swantest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Packages is what a machine needs, as apt-get installs it on Debian.
const Packages = "strongswan-charon strongswan-swanctl libstrongswan-standard-plugins libcharon-extra-plugins iputils-ping"

// plugins are the charon plugins the tests load (nothing that touches the
// host: no resolve, no updown). openssl brings every algorithm the API
// offers, DES and MD5 included (through OpenSSL 3's legacy provider).
var plugins = []string{"random", "nonce", "openssl", "kdf", "pem", "pkcs1", "x509", "pubkey",
	"socket-default", "kernel-libipsec", "kernel-netlink", "vici"}

// Tools are the programs a Lab runs.
type Tools struct {
	Charon, Swanctl, IP, Ping string
}

// Require finds strongSwan and the tools, or ends the test: it skips, loudly,
// when not root (namespaces, veth and TUN need it); when root but something
// is missing it fails under CI (CI set in the environment) and otherwise
// skips with the apt-get command.
func Require(t testing.TB) Tools {
	t.Helper()
	loud := func(msg string) {
		fmt.Fprintln(os.Stderr, "\n*** "+msg+" ***")
		t.Skip(msg)
	}
	if os.Geteuid() != 0 {
		loud("SKIPPED: the strongSwan interop test needs root (network namespaces, veth pairs, TUN); run it as root, as CI does")
	}
	var tools Tools
	var missing []string
	tools.Charon = findCharon()
	if tools.Charon == "" {
		missing = append(missing, "charon")
	}
	for _, p := range []struct {
		dst  *string
		name string
	}{{&tools.Swanctl, "swanctl"}, {&tools.IP, "ip"}, {&tools.Ping, "ping"}} {
		path, err := exec.LookPath(p.name)
		if err != nil {
			missing = append(missing, p.name)
		}
		*p.dst = path
	}
	if tools.Charon != "" {
		dir := filepath.Join(filepath.Dir(tools.Charon), "plugins")
		for _, p := range plugins {
			if _, err := os.Stat(filepath.Join(dir, "libstrongswan-"+p+".so")); err != nil {
				missing = append(missing, "plugin "+p)
			}
		}
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		missing = append(missing, "/dev/net/tun")
	}
	if len(missing) > 0 {
		msg := fmt.Sprintf("strongSwan is not installed (missing %s): apt-get install -y %s", strings.Join(missing, ", "), Packages)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		loud("SKIPPED: " + msg)
	}
	return tools
}

// findCharon: charon is not on PATH; Debian puts it in /usr/lib/ipsec.
func findCharon() string {
	if _, err := os.Stat("/usr/lib/ipsec/charon"); err == nil {
		return "/usr/lib/ipsec/charon"
	}
	out, err := exec.Command("dpkg", "-L", "strongswan-charon").Output()
	if err != nil {
		return ""
	}
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasSuffix(l, "/ipsec/charon") {
			return l
		}
	}
	return ""
}

// The lab's addresses: TEST-NET-1 on the veth pair, reachable only inside
// the two namespaces.
const (
	ServerAddr = "192.0.2.1"
	ClientAddr = "192.0.2.2"
)

// Lab is one server and one client, each a charon in its own namespace.
type Lab struct {
	t              testing.TB
	tools          Tools
	Server, Client *Charon
}

// NewLab makes the namespaces (unique names for this run), the veth pair,
// the hosts (IPv4 addresses on the server's loopback) and starts both
// daemons. t.Cleanup undoes all of it.
func NewLab(t testing.TB, tools Tools, hosts []string) *Lab {
	t.Helper()
	id := make([]byte, 4)
	_, _ = rand.Read(id)
	prefix := "ipw" + hex.EncodeToString(id)
	l := &Lab{t: t, tools: tools}
	dir := t.TempDir()
	l.Server = &Charon{lab: l, NS: prefix + "s", Dir: filepath.Join(dir, "s"), server: true}
	l.Client = &Charon{lab: l, NS: prefix + "c", Dir: filepath.Join(dir, "c")}
	for _, c := range []*Charon{l.Server, l.Client} {
		l.run(tools.IP, "netns", "add", c.NS)
		ns := c.NS
		t.Cleanup(func() { _ = exec.Command(tools.IP, "netns", "del", ns).Run() })
		l.run(tools.IP, "-n", c.NS, "link", "set", "lo", "up")
	}
	l.run(tools.IP, "link", "add", "vs", "netns", l.Server.NS, "type", "veth", "peer", "name", "vc", "netns", l.Client.NS)
	l.run(tools.IP, "-n", l.Server.NS, "addr", "add", ServerAddr+"/24", "dev", "vs")
	l.run(tools.IP, "-n", l.Client.NS, "addr", "add", ClientAddr+"/24", "dev", "vc")
	l.run(tools.IP, "-n", l.Server.NS, "link", "set", "vs", "up")
	l.run(tools.IP, "-n", l.Client.NS, "link", "set", "vc", "up")
	for _, h := range hosts {
		l.run(tools.IP, "-n", l.Server.NS, "addr", "add", h+"/32", "dev", "lo")
	}
	l.Server.start()
	l.Client.start()
	return l
}

func (l *Lab) run(name string, args ...string) {
	l.t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		l.t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// Ping sends one ping from the client to addr, trying again until deadline:
// the first packet may race the TUN route's installation.
func (l *Lab) Ping(addr string, deadline time.Time) error {
	var last error
	for {
		out, err := exec.Command(l.tools.IP, "netns", "exec", l.Client.NS, l.tools.Ping, "-n", "-c", "1", "-W", "1", addr).CombinedOutput()
		if err == nil {
			return nil
		}
		last = fmt.Errorf("ping %s: %v: %s", addr, err, bytes.TrimSpace(out))
		if time.Now().After(deadline) {
			return last
		}
	}
}

// Charon is one daemon.
type Charon struct {
	lab    *Lab
	NS     string // its network namespace
	Dir    string // its files
	server bool
	cmd    *exec.Cmd
	exited chan struct{}
}

// Socket is the daemon's vici socket.
func (c *Charon) Socket() string { return filepath.Join(c.Dir, "vici") }

// LogPath is the daemon's log file.
func (c *Charon) LogPath() string { return filepath.Join(c.Dir, "charon.log") }

func (c *Charon) conf() string { return filepath.Join(c.Dir, "strongswan.conf") }

// start writes the daemon's strongswan.conf and runs it in its namespace
// with a private /run (charon's pid file is compiled in as
// /var/run/charon.pid, and /var/run is /run): `ip netns exec` gives the
// process its own mount namespace, in which /run is bound to Dir/run.
func (c *Charon) start() {
	t := c.lab.t
	t.Helper()
	if len(c.Socket()) > 100 {
		t.Fatalf("vici socket path too long for a unix socket: %s", c.Socket())
	}
	run := filepath.Join(c.Dir, "run")
	if err := os.MkdirAll(run, 0o700); err != nil {
		t.Fatal(err)
	}
	aggressive := ""
	if c.server {
		// The server's side of aggressive mode with a PSK; clients need no opt-in.
		aggressive = "    i_dont_care_about_security_and_use_aggressive_mode_psk = yes\n"
	}
	conf := fmt.Sprintf(`charon {
    load_modular = no
    load = %s
%s    plugins {
        vici {
            socket = unix://%s
        }
    }
    filelog {
        test {
            path = %s
            flush_line = yes
            time_format = %%T
            default = 1
            ike = 2
            cfg = 2
        }
    }
}
swanctl {
    load = random openssl pem
}
`, strings.Join(plugins, " "), aggressive, c.Socket(), c.LogPath())
	if err := os.WriteFile(c.conf(), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(c.Dir, "charon.out"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(c.lab.tools.IP, "netns", "exec", c.NS, "/bin/sh", "-c", `mount --bind "$0" /run && exec "$1"`, run, c.lab.tools.Charon)
	cmd.Env = append(os.Environ(), "STRONGSWAN_CONF="+c.conf())
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c.cmd = cmd
	c.exited = make(chan struct{})
	go func() { _ = cmd.Wait(); _ = out.Close(); close(c.exited) }()
	t.Cleanup(c.stop)
	deadline := time.Now().Add(15 * time.Second)
	for {
		v, err := dialVici(c.Socket(), time.Now().Add(time.Second))
		if err == nil {
			_ = v.Close()
			return
		}
		select {
		case <-c.exited:
			b, _ := os.ReadFile(filepath.Join(c.Dir, "charon.out"))
			t.Fatalf("charon in %s exited at start:\n%s\n%s", c.NS, b, c.Log())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("charon in %s did not open its vici socket within 15s:\n%s", c.NS, c.Log())
		}
	}
}

// stop ends the daemon's process group: SIGTERM, then SIGKILL.
func (c *Charon) stop() {
	pgid := c.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(5 * time.Second):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-c.exited
	}
}

// Log is the daemon's log so far.
func (c *Charon) Log() string {
	b, _ := os.ReadFile(c.LogPath())
	return string(b)
}

// Load writes conf as the daemon's swanctl.conf (mode 0600: it holds a key)
// and loads it with `swanctl --load-all`, as a user would.
func (c *Charon) Load(conf []byte) error {
	dir := filepath.Join(c.Dir, "swanctl")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	file := filepath.Join(dir, "swanctl.conf")
	if err := os.WriteFile(file, conf, 0o600); err != nil {
		return err
	}
	cmd := exec.Command(c.lab.tools.Swanctl, "--load-all", "--noprompt", "--file", file, "--uri", "unix://"+c.Socket())
	cmd.Env = append(os.Environ(), "STRONGSWAN_CONF="+c.conf())
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("swanctl --load-all: %v\n%s", err, out)
	}
	// swanctl reports a refused section on its output and still exits 0
	// when other sections loaded.
	if bytes.Contains(out, []byte("failed")) && !onlyMissingCredDirs(out) {
		return fmt.Errorf("swanctl --load-all:\n%s", out)
	}
	return nil
}

// onlyMissingCredDirs: the only failures swanctl reports are the credential
// directories next to the file, which these tests do not use.
func onlyMissingCredDirs(out []byte) bool {
	for _, l := range strings.Split(string(out), "\n") {
		if strings.Contains(l, "failed") && !strings.HasPrefix(l, "opening directory") {
			return false
		}
	}
	return true
}

func (c *Charon) vici() (*viciConn, error) {
	return dialVici(c.Socket(), time.Now().Add(10*time.Second))
}

// SAs lists the daemon's IKE SAs (list-sas), each with its name under "name".
func (c *Charon) SAs() ([]Msg, error) {
	v, err := c.vici()
	if err != nil {
		return nil, err
	}
	defer v.Close()
	var sas []Msg
	_, err = v.request("list-sas", "list-sa", func(m Msg) {
		for name, sa := range m {
			if s, ok := sa.(Msg); ok {
				s["name"] = name
				sas = append(sas, s)
			}
		}
	})
	return sas, err
}

// Rekey asks the daemon to rekey the CHILD_SA named child (its config name).
func (c *Charon) Rekey(child string) error {
	v, err := c.vici()
	if err != nil {
		return err
	}
	defer v.Close()
	m, err := v.request("rekey", "", nil, "child", child)
	if err != nil {
		return err
	}
	if m.Str("success") != "yes" {
		return fmt.Errorf("rekey %s: %s", child, m.Str("errmsg"))
	}
	return nil
}

// Children are an IKE SA's CHILD_SAs in state INSTALLED, by config name,
// the newest (highest uniqueid) of each.
func Children(sa Msg) map[string]Msg {
	out := map[string]Msg{}
	for _, v := range sa.Section("child-sas") {
		ch, ok := v.(Msg)
		if !ok || ch.Str("state") != "INSTALLED" {
			continue
		}
		name := ch.Str("name")
		if old, ok := out[name]; !ok || atoi(ch.Str("uniqueid")) > atoi(old.Str("uniqueid")) {
			out[name] = ch
		}
	}
	return out
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return -1
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// Wait polls cond until it holds or deadline passes; the error says what
// was last seen.
func Wait(deadline time.Time, what string, cond func() (bool, error)) error {
	var last error
	for {
		ok, err := cond()
		if ok {
			return nil
		}
		if err != nil {
			last = err
		}
		if time.Now().After(deadline) {
			if last == nil {
				last = errors.New("condition never held")
			}
			return fmt.Errorf("waiting for %s: %w", what, last)
		}
		time.Sleep(100 * time.Millisecond) // the poll interval, not a synchronisation
	}
}
