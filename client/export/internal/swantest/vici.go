package swantest

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"time"
)

// A minimal client of charon's vici protocol (strongSwan's "Versatile IKE
// Control Interface", documented in its src/libcharon/plugins/vici/README):
// enough to list SAs and ask for a rekey. Writing it here costs a hundred
// lines and spares the module a dependency that only tests would use.

// Packet types.
const (
	cmdRequest      = 0
	cmdResponse     = 1
	cmdUnknown      = 2
	eventRegister   = 3
	eventUnregister = 4
	eventConfirm    = 5
	eventUnknown    = 6
	event           = 7
)

// Message element types.
const (
	sectionStart = 1
	sectionEnd   = 2
	keyValue     = 3
	listStart    = 4
	listItem     = 5
	listEnd      = 6
)

// Msg is a decoded vici message: values are string, []string or Msg.
type Msg map[string]any

// Str is the string value of key, "" when absent.
func (m Msg) Str(key string) string { s, _ := m[key].(string); return s }

// List is the list value of key.
func (m Msg) List(key string) []string { l, _ := m[key].([]string); return l }

// Section is the section value of key, nil when absent.
func (m Msg) Section(key string) Msg { s, _ := m[key].(Msg); return s }

type viciConn struct {
	c net.Conn
	r *bufio.Reader
}

func dialVici(socket string, deadline time.Time) (*viciConn, error) {
	c, err := net.DialTimeout("unix", socket, time.Until(deadline))
	if err != nil {
		return nil, err
	}
	_ = c.SetDeadline(deadline)
	return &viciConn{c: c, r: bufio.NewReader(c)}, nil
}

func (v *viciConn) Close() error { return v.c.Close() }

// send writes one packet: type, name (for named types) and message.
func (v *viciConn) send(typ byte, name string, msg []byte) error {
	payload := []byte{typ}
	if name != "" {
		payload = append(payload, byte(len(name)))
		payload = append(payload, name...)
	}
	payload = append(payload, msg...)
	frame := binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
	_, err := v.c.Write(append(frame, payload...))
	return err
}

// recv reads one packet.
func (v *viciConn) recv() (typ byte, name string, msg Msg, err error) {
	var hdr [4]byte
	if _, err = io.ReadFull(v.r, hdr[:]); err != nil {
		return
	}
	buf := make([]byte, binary.BigEndian.Uint32(hdr[:]))
	if _, err = io.ReadFull(v.r, buf); err != nil {
		return
	}
	if len(buf) == 0 {
		return 0, "", nil, errors.New("vici: empty packet")
	}
	typ, buf = buf[0], buf[1:]
	if typ == event {
		if len(buf) < 1 || len(buf) < 1+int(buf[0]) {
			return 0, "", nil, errors.New("vici: short event name")
		}
		name, buf = string(buf[1:1+buf[0]]), buf[1+buf[0]:]
	}
	if typ == cmdResponse || typ == event {
		msg, err = decode(buf)
	}
	return
}

// encode writes a flat message of key/value pairs.
func encode(kv ...string) []byte {
	var b []byte
	for i := 0; i+1 < len(kv); i += 2 {
		b = append(b, keyValue, byte(len(kv[i])))
		b = append(b, kv[i]...)
		b = binary.BigEndian.AppendUint16(b, uint16(len(kv[i+1])))
		b = append(b, kv[i+1]...)
	}
	return b
}

func decode(b []byte) (Msg, error) {
	root := Msg{}
	stack := []Msg{root}
	var list []string
	var listName string
	inList := false
	name := func() (string, error) {
		if len(b) < 1 || len(b) < 1+int(b[0]) {
			return "", errors.New("vici: short name")
		}
		n := string(b[1 : 1+b[0]])
		b = b[1+b[0]:]
		return n, nil
	}
	value := func() (string, error) {
		if len(b) < 2 || len(b) < 2+int(binary.BigEndian.Uint16(b)) {
			return "", errors.New("vici: short value")
		}
		l := int(binary.BigEndian.Uint16(b))
		v := string(b[2 : 2+l])
		b = b[2+l:]
		return v, nil
	}
	for len(b) > 0 {
		typ := b[0]
		b = b[1:]
		cur := stack[len(stack)-1]
		switch typ {
		case sectionStart:
			n, err := name()
			if err != nil {
				return nil, err
			}
			s := Msg{}
			cur[n] = s
			stack = append(stack, s)
		case sectionEnd:
			if len(stack) == 1 {
				return nil, errors.New("vici: unbalanced section end")
			}
			stack = stack[:len(stack)-1]
		case keyValue:
			n, err := name()
			if err != nil {
				return nil, err
			}
			v, err := value()
			if err != nil {
				return nil, err
			}
			cur[n] = v
		case listStart:
			n, err := name()
			if err != nil {
				return nil, err
			}
			listName, list, inList = n, []string{}, true
		case listItem:
			v, err := value()
			if err != nil {
				return nil, err
			}
			if !inList {
				return nil, errors.New("vici: list item outside a list")
			}
			list = append(list, v)
		case listEnd:
			cur[listName] = list
			inList = false
		default:
			return nil, fmt.Errorf("vici: unknown element %d", typ)
		}
	}
	return root, nil
}

// request sends a command and returns its response; events of streamed
// (the name of the event the command streams, "" for none) go to each.
func (v *viciConn) request(cmd string, streamed string, each func(Msg), kv ...string) (Msg, error) {
	if streamed != "" {
		if err := v.send(eventRegister, streamed, nil); err != nil {
			return nil, err
		}
		if typ, _, _, err := v.recv(); err != nil || typ != eventConfirm {
			return nil, fmt.Errorf("vici: registering for %s: type %d, %v", streamed, typ, err)
		}
	}
	if err := v.send(cmdRequest, cmd, encode(kv...)); err != nil {
		return nil, err
	}
	for {
		typ, name, msg, err := v.recv()
		if err != nil {
			return nil, err
		}
		switch typ {
		case event:
			if name == streamed && each != nil {
				each(msg)
			}
		case cmdResponse:
			if streamed != "" {
				if err := v.send(eventUnregister, streamed, nil); err != nil {
					return nil, err
				}
				if typ, _, _, err := v.recv(); err != nil || typ != eventConfirm {
					return nil, fmt.Errorf("vici: unregistering %s: type %d, %v", streamed, typ, err)
				}
			}
			return msg, nil
		case cmdUnknown:
			return nil, fmt.Errorf("vici: unknown command %s", cmd)
		default:
			return nil, fmt.Errorf("vici: unexpected packet type %d", typ)
		}
	}
}
