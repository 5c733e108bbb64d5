package ipsec

import (
	"crypto/rand"
	"fmt"
	"math/big"
)

// pskAlphabet leaves out characters that are easy to misread or that need
// quoting in shells and configuration files (0/O, 1/l/I, quotes, $, \).
const pskAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// GeneratedPskLength is the length of keys GeneratePsk makes.
const GeneratedPskLength = 24

// GeneratePsk returns a strong pre-shared key: 24 characters drawn uniformly
// with crypto/rand from an unambiguous alphabet (about 140 bits).
func GeneratePsk() (Secret, error) {
	b := make([]byte, GeneratedPskLength)
	n := big.NewInt(int64(len(pskAlphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", fmt.Errorf("generating a pre-shared key: %w", err)
		}
		b[i] = pskAlphabet[k.Int64()]
	}
	return Secret(b), nil
}
