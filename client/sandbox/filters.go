package sandbox

import (
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Filters the Describe/List actions document. A documented filter always filters (no match: an empty page
// with TotalCount 0); a value outside a filter's documented values is refused with InvalidParameter [I],
// since it can never match and is usually a typo.

// tagFilter reads Tag.N.Key / Tag.N.Value (N from 1 to 20, as the SDKs send them), in N order.
func tagFilter(p map[string]string) ([]tag, *apiError) {
	byN := map[int]*tag{}
	for k, v := range p {
		rest, ok := strings.CutPrefix(k, "Tag.")
		if !ok {
			continue
		}
		nStr, field, ok := strings.Cut(rest, ".")
		n, err := strconv.Atoi(nStr)
		if !ok || err != nil || n < 1 || n > 20 || strconv.Itoa(n) != nStr || (field != "Key" && field != "Value") {
			return nil, invalidParam(sanitize(k), "tags are given as Tag.N.Key and Tag.N.Value with N from 1 to 20")
		}
		t := byN[n]
		if t == nil {
			t = &tag{}
			byN[n] = t
		}
		if field == "Key" {
			t.Key = v
		} else {
			t.Value = v
		}
	}
	ns := make([]int, 0, len(byN))
	for n := range byN {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]tag, 0, len(ns))
	for _, n := range ns {
		if byN[n].Key == "" {
			return nil, invalidParam("Tag."+strconv.Itoa(n)+".Key", "a tag filter needs a key")
		}
		out = append(out, *byN[n])
	}
	return out, nil
}

// hasTags: the resource carries every wanted tag [I]; a wanted tag without a value matches any value of its
// key.
func hasTags(have, want []tag) bool {
	for _, w := range want {
		if !slices.ContainsFunc(have, func(h tag) bool { return h.Key == w.Key && (w.Value == "" || h.Value == w.Value) }) {
			return false
		}
	}
	return true
}

// enumParam reads an optional parameter that takes one of the documented values.
func enumParam(p map[string]string, name string, allowed ...string) (string, *apiError) {
	v := p[name]
	if v == "" || slices.Contains(allowed, v) {
		return v, nil
	}
	return "", invalidParam(name, "it must be one of %s", strings.Join(allowed, ", "))
}

// is reports whether a string filter is unset or equal to the value.
func is(filter, value string) bool { return filter == "" || filter == value }

func tagsJSON(tags []tag) []tagJSON {
	out := make([]tagJSON, 0, len(tags))
	for _, t := range tags {
		out = append(out, tagJSON(t))
	}
	return out
}
