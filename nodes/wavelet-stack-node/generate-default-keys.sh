#!/bin/sh
# Writes default-keys.csv: COUNT well-known Ed25519 key pairs, made once with OpenSSL and
# committed. They are PUBLIC and INSECURE (anyone can read them here): the node agent uses
# them only when a stack's WAVELET_KEYS is empty, for test networks.
# Every key passes S/Kademlia's static puzzle, which the Wavelet node checks at start (a key
# that fails stops it): blake2b-256(blake2b-256(raw 32-byte public key)) must have at least one
# leading zero bit, i.e. its first byte is below 0x80. About half of all keys fail; those are
# drawn again. Needs openssl, b2sum (coreutils) and xxd.
set -eu
count=${1:-256}
out=$(dirname "$0")/default-keys.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# First byte (two hex digits) of blake2b-256(blake2b-256(raw bytes of the hex argument)).
puzzle_byte() {
  printf '%s' "$1" | xxd -r -p | b2sum -l 256 | cut -c1-64 | xxd -r -p | b2sum -l 256 | cut -c1-2
}

{
  echo "# Well-known default Wavelet keys: PUBLIC and INSECURE, for test networks only."
  echo "# Used by the node agent only when WAVELET_KEYS is empty; line i (not counting"
  echo "# comments) is node i's key. Format per line: <128 hex private key> <64 hex public key>"
  echo "# (private = 32-byte Ed25519 seed followed by the 32-byte public key)."
  echo "# Every key passes S/Kademlia's static puzzle (blake2b-256 twice over the public key"
  echo "# starts with a zero bit), without which the Wavelet node refuses to start."
  echo "# Made by generate-default-keys.sh with OpenSSL; never use these keys for real funds."
  i=0
  while [ "$i" -lt "$count" ]; do
    openssl genpkey -algorithm ed25519 -out "$tmp/key.pem"
    # The DER encodings end with the raw 32-byte seed and public key.
    seed=$(openssl pkey -in "$tmp/key.pem" -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')
    public=$(openssl pkey -in "$tmp/key.pem" -pubout -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')
    case $(puzzle_byte "$public") in
      [0-7]?) ;;        # first byte below 0x80: passes
      *) continue ;;    # fails the puzzle: draw another key
    esac
    echo "$seed$public $public"
    i=$((i + 1))
  done
} >"$out"
