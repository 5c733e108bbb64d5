package client

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzCLIConfig: whatever ~/.aliyun/config.json holds, parsing it never
// panics, and an error never quotes a secret the file holds.
func FuzzCLIConfig(f *testing.F) {
	f.Add([]byte(`{"current":"a","profiles":[{"name":"a","mode":"AK","access_key_id":"id","access_key_secret":"SECRETVALUE"}]}`))
	f.Add([]byte(`{"profiles":[{"name":"r","mode":"RamRoleArn","access_key_secret":"SECRETVALUE","expired_seconds":"1"}]}`))
	f.Add([]byte(`{"profiles":[{"access_key_secret":"SECRETVALUE" x}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"current":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		conf, err := parseCLIConfig("config.json", data)
		if err == nil {
			if conf == nil {
				t.Fatal("no config and no error")
			}
			return
		}
		for _, s := range secretStrings(data) {
			if strings.Contains(err.Error(), s) {
				t.Fatalf("the error quotes the secret %q: %v", s, err)
			}
		}
	})
}

// secretStrings are the values of the key fields of data, as far as a
// tokenizer can read them (the file may be broken further on).
func secretStrings(data []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []string
	var names []string
	prevKey := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		s, ok := tok.(string)
		if !ok {
			prevKey = ""
			continue
		}
		switch prevKey {
		case "access_key_secret", "sts_token":
			if len(s) >= 6 {
				out = append(out, s)
			}
			prevKey = ""
		case "name":
			names = append(names, s)
			prevKey = ""
		default:
			prevKey = s
		}
	}
	// A name that is also a secret is shown as the name it is.
	var kept []string
	for _, s := range out {
		named := false
		for _, n := range names {
			named = named || strings.Contains(n, s)
		}
		if !named && s != "config.json" {
			kept = append(kept, s)
		}
	}
	return kept
}
