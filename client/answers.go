package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"github.com/ipsecwiz/ipsecwiz/client/ipsec"
)

// AnswersError is a problem in an answers file, with the line it is on.
type AnswersError struct {
	File string
	Line int    // 0 when unknown
	Key  string // the offending key, "" when the problem is not one key
	Msg  string
}

func (e *AnswersError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// MaxAnswersSize bounds an answers file: a real one is a few hundred bytes,
// and the YAML parser's cost grows with its input (a 40 KB nested list
// takes it over 600 MB).
const MaxAnswersSize = 64 << 10

// MaxAnswersDepth bounds how deep an answers file nests: a real one nests
// two levels (IkeConfig's keys, a LocalSubnet list).
const MaxAnswersDepth = 32

// answersKeys is the schema of an answers file: ServerSpec's JSON names (plus
// Psk), and the keys of the two nested proposals.
var answersKeys = map[string]map[string]bool{
	"": setOf("RegionId", "VpnGatewayId", "LocalSubnet", "ClientIpPool", "IpSecServerName",
		"EffectImmediately", "IkeConfig", "IpsecConfig", "PskEnabled", "Psk", "ClientToken", "DryRun"),
	"IkeConfig": setOf("IkeVersion", "IkeMode", "IkeEncAlg", "IkeAuthAlg", "IkePfs", "IkeLifetime",
		"LocalId", "RemoteId"),
	"IpsecConfig": setOf("IpsecEncAlg", "IpsecAuthAlg", "IpsecPfs", "IpsecLifetime"),
}

func setOf(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// ParseAnswers reads an answers file (JSON or YAML: JSON is read as YAML) in
// the schema SaveAnswers writes. Unknown keys are errors naming the key and
// its line, so a typo never silently falls back to a default. Fields absent
// from the file keep their value in base.
func ParseAnswers(name string, data []byte, base ipsec.ServerSpec) (ipsec.ServerSpec, error) {
	if len(data) > MaxAnswersSize {
		return base, &AnswersError{File: name, Msg: fmt.Sprintf("the file is %d bytes, over the limit of %d for an answers file (a few hundred bytes is usual)", len(data), MaxAnswersSize)}
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return base, &AnswersError{File: name, Msg: "the file is empty: expected a JSON or YAML object such as {\"VpnGatewayId\": \"vpn-...\"}"}
	}
	if err := checkShape(name, data); err != nil {
		return base, err
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		msg := yaml.FormatError(err, false, false)
		return base, &AnswersError{File: name, Line: yamlErrorLine(msg), Msg: "not valid JSON or YAML: " + firstLine(msg)}
	}
	if len(file.Docs) != 1 || file.Docs[0].Body == nil {
		return base, &AnswersError{File: name, Msg: "expected exactly one object"}
	}
	if err := checkKeys(name, "", file.Docs[0].Body); err != nil {
		return base, err
	}
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return base, &AnswersError{File: name, Msg: err.Error()}
	}
	spec := base.Clone()
	// A proposal the file gives in part is completed as the flags complete
	// one: members absent from the file keep the base's value, or, when the
	// base sends none, the recommended one (so an absent lifetime is the
	// default, never 0). An explicit null still means "send none".
	if spec.IkeConfig == nil {
		ike := ipsec.RecommendedIke()
		spec.IkeConfig = &ike
	}
	if spec.IpsecConfig == nil {
		p2 := ipsec.RecommendedIpsec()
		spec.IpsecConfig = &p2
	}
	if err := json.Unmarshal(js, &spec); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return base, &AnswersError{File: name, Key: te.Field, Line: keyLine(file.Docs[0].Body, te.Field),
				Msg: fmt.Sprintf("%s: want a %s, got a %s", te.Field, te.Type, te.Value)}
		}
		return base, &AnswersError{File: name, Msg: err.Error()}
	}
	var given struct{ IkeConfig, IpsecConfig json.RawMessage }
	_ = json.Unmarshal(js, &given) // it parsed just above
	if given.IkeConfig == nil {
		spec.IkeConfig = base.Clone().IkeConfig // not in the file: as the base has it
	}
	if given.IpsecConfig == nil {
		spec.IpsecConfig = base.Clone().IpsecConfig
	}
	return spec, nil
}

// checkShape refuses, before the parser sees them, the files that would
// cost it (or the decoding) far more than their size: anchors and aliases,
// whose expansion grows exponentially (a 600-byte "billion laughs"), and
// nesting deeper than MaxAnswersDepth, in flow ([ {) or block (indentation,
// chained "- ") style. The lexer is linear, and sees what the parser will.
func checkShape(name string, data []byte) error {
	var (
		flow    int   // open [ and {
		indents []int // columns of the enclosing block lines
		line    = -1
		entries int // "- " and "? " on this line
	)
	for _, tk := range lexer.Tokenize(string(data)) {
		if tk.Position == nil || tk.Type == token.CommentType {
			continue
		}
		at := tk.Position.Line
		switch tk.Type {
		case token.AnchorType, token.AliasType:
			return &AnswersError{File: name, Line: at,
				Msg: "anchors and aliases (&name, *name) are not allowed in an answers file: write each value out, e.g. IkeVersion: ikev2"}
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			flow = max(flow-1, 0)
		}
		if at != line {
			line, entries = at, 0
			for len(indents) > 0 && indents[len(indents)-1] >= tk.Position.Column {
				indents = indents[:len(indents)-1]
			}
			indents = append(indents, tk.Position.Column)
		}
		if tk.Type == token.SequenceEntryType || tk.Type == token.MappingKeyType {
			entries++
		}
		if depth := flow + len(indents) + entries; depth > MaxAnswersDepth {
			return &AnswersError{File: name, Line: at,
				Msg: fmt.Sprintf("nested more than %d levels deep, over the limit for an answers file (which nests two, e.g. IkeConfig: {IkeVersion: ikev2})", MaxAnswersDepth)}
		}
	}
	return nil
}

func checkKeys(name, section string, node ast.Node) error {
	m, ok := mappingOf(node)
	if !ok {
		where := "the file"
		if section != "" {
			where = section
		}
		return &AnswersError{File: name, Line: node.GetToken().Position.Line, Key: section,
			Msg: where + " must be an object of keys and values"}
	}
	allowed := answersKeys[section]
	for _, kv := range m {
		key := keyName(kv)
		if !allowed[key] {
			return &AnswersError{File: name, Line: kv.Key.GetToken().Position.Line, Key: key,
				Msg: fmt.Sprintf("unknown key %q%s; known keys: %s", key, inSection(section), knownKeys(allowed))}
		}
		if _, nested := answersKeys[key]; nested && section == "" {
			if _, isNull := kv.Value.(*ast.NullNode); isNull {
				continue
			}
			if err := checkKeys(name, key, kv.Value); err != nil {
				return err
			}
		}
	}
	return nil
}

func mappingOf(node ast.Node) ([]*ast.MappingValueNode, bool) {
	switch n := node.(type) {
	case *ast.MappingNode:
		return n.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{n}, true
	case *ast.TagNode:
		return mappingOf(n.Value)
	}
	return nil, false
}

func keyLine(node ast.Node, dotted string) int {
	parts := strings.Split(dotted, ".")
	for i, p := range parts {
		m, ok := mappingOf(node)
		if !ok {
			return 0
		}
		found := false
		for _, kv := range m {
			if keyName(kv) == p {
				if i == len(parts)-1 {
					return kv.Key.GetToken().Position.Line
				}
				node, found = kv.Value, true
				break
			}
		}
		if !found {
			return 0
		}
	}
	return 0
}

// keyName is a mapping key without the quotes JSON (or YAML) put around it.
func keyName(kv *ast.MappingValueNode) string { return strings.Trim(kv.Key.String(), `"'`) }

func inSection(section string) string {
	if section == "" {
		return ""
	}
	return " in " + section
}

func knownKeys(allowed map[string]bool) string {
	return strings.Join(slices.Sorted(maps.Keys(allowed)), ", ")
}

// yamlErrorLine reads the line back from a formatted goccy syntax error,
// "[line:col] message".
func yamlErrorLine(msg string) int {
	var line, col int
	if _, scanErr := fmt.Sscanf(msg, "[%d:%d]", &line, &col); scanErr == nil {
		return line
	}
	return 0
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// SaveAnswers renders spec as an answers file (indented JSON, which is also
// valid YAML). The PSK is left out unless includePsk; the ClientToken is left
// out because a token belongs to one request, and replaying it would return
// that request's result instead of creating anything.
func SaveAnswers(spec ipsec.ServerSpec, includePsk bool) ([]byte, error) {
	spec.ClientToken = ""
	spec.DryRun = false
	if !includePsk {
		return ipsec.SpecJSON(spec)
	}
	b, err := spec.MarshalJSONWithPsk()
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
