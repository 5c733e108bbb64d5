package export

// Windows' built-in VPN client cannot connect to an IPsec server, so there is
// no Windows format: Add-VpnConnection (the VpnClient module) takes a
// pre-shared key only as -L2tpPsk, "the PSK to be used for L2TP
// authentication", and offers IKEv2 connections the authentication methods
// Eap, MachineCertificate, MSChapv2, Chap and Pap; the IPsec server
// authenticates clients by the key alone, over IKEv1 or IKEv2 without L2TP.
// (Set-VpnConnectionIPsecConfiguration could express most proposals, but not
// IKE integrity sha512, DH group 5, or ESP integrity sha384/sha512, and
// never the key.) Rather than a script that creates a connection which
// cannot authenticate, the name "windows" answers with this explanation
// (Lookup), and Formats does not offer it.
var windowsUnsupported = &UnsupportedError{
	Format:  "windows",
	Setting: "pre-shared key authentication",
	Reason: "Windows' built-in VPN client takes a pre-shared key only for L2TP/IPsec (Add-VpnConnection -L2tpPsk); " +
		"its IKEv2 connections authenticate with EAP or certificates, and the IPsec server authenticates clients by the key alone",
	Remedy: "on Windows use a third-party IKEv2 client that takes a pre-shared key and set the server's proposals " +
		"(the strongswan export lists them)",
}

// refused names formats that ipsecwiz explains instead of writing.
var refused = map[string]*UnsupportedError{"windows": windowsUnsupported}
