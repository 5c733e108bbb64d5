package client

// AllowedValues lists the values the API accepts for each IkeConfig and
// IpsecConfig key (vpc-api.md's table; sm3/sm4 only exist on
// NationalStandard gateways and are left out).
var allowedValues = map[string][]string{
	"IkeVersion":   {"ikev1", "ikev2"},
	"IkeMode":      {"main", "aggressive"},
	"IkeEncAlg":    {"aes", "aes192", "aes256", "des", "3des"},
	"IkeAuthAlg":   {"md5", "sha1", "sha256", "sha384", "sha512"},
	"IkePfs":       {"group1", "group2", "group5", "group14"},
	"IpsecEncAlg":  {"aes", "aes192", "aes256", "des", "3des"},
	"IpsecAuthAlg": {"md5", "sha1", "sha256", "sha384", "sha512"},
	"IpsecPfs":     {"disabled", "group1", "group2", "group5", "group14"},
}

// AllowedValues returns the accepted values of an IkeConfig/IpsecConfig key,
// or nil for a key that takes free values.
func AllowedValues(key string) []string {
	return append([]string(nil), allowedValues[key]...)
}
