package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
)

// echoProxy is a hostileProxy that answers CreateIpsecServer as the real
// service and the things before it do when they quote the request. With
// mode "signature", per run: a proxy's 503 page echoing the signed URL and
// form (retried), then the real SignatureDoesNotMatch quoting the string
// the service signed (every parameter, the PSK twice encoded). With mode
// "waf": a firewall's 403 page echoing the request, Psk, Signature and all.
// It keeps each Signature it saw: they are secrets too.
type echoProxy struct {
	*hostileProxy
	mu         sync.Mutex
	signatures []string
}

func newEchoProxy(t *testing.T, sb *testSandbox, mode string) *echoProxy {
	t.Helper()
	e := &echoProxy{}
	calls := 0
	e.hostileProxy = newHostileProxy(t, sb, func(action string, params url.Values) (int, []byte) {
		if action != "CreateIpsecServer" {
			return 0, nil
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		e.signatures = append(e.signatures, params.Get("Signature"))
		calls++
		echo := fmt.Sprintf("POST /?Psk=%s&Signature=%s&%s", url.QueryEscape(params.Get("Psk")), url.QueryEscape(params.Get("Signature")), params.Encode())
		switch {
		case mode == "waf":
			return 403, []byte("<html><h1>403 Forbidden</h1><p>blocked by policy: " + echo + "</p></html>")
		case calls%2 == 1:
			return 503, []byte("<html><h1>503 Service Unavailable</h1><p>upstream timed out: " + echo + "</p></html>")
		}
		body, _ := json.Marshal(map[string]string{
			"RequestId": "4C4F6C5E-1C5A-4E0B-8E7B-6F5D2A9C3B1E", "HostId": "vpc.aliyuncs.com", "Code": "SignatureDoesNotMatch",
			"Message":   "Specified signature is not matched with our calculation. server string to sign is:" + stringToSign("POST", params),
			"Recommend": "https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=Vpc&Signature=" + url.QueryEscape(params.Get("Signature")),
		})
		return 400, body
	}, func(string, map[string]any) {})
	return e
}

func (e *echoProxy) seen() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, s := range e.signatures {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// stringToSign is what the real service signs, and quotes on
// SignatureDoesNotMatch: METHOD&%2F&the sorted, encoded parameters, all
// encoded once more.
func stringToSign(method string, params url.Values) string {
	enc := func(s string) string {
		return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(url.QueryEscape(s))
	}
	var keys []string
	for k := range params {
		if k != "Signature" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var pairs []string
	for _, k := range keys {
		pairs = append(pairs, enc(k)+"="+enc(params.Get(k)))
	}
	return method + "&" + enc("/") + "&" + enc(strings.Join(pairs, "&"))
}
