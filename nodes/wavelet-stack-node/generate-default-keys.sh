#!/bin/sh
# Writes default-keys.csv: COUNT well-known Ed25519 key pairs, made once with OpenSSL and
# committed. They are PUBLIC and INSECURE (anyone can read them here): the node agent uses
# them only when a stack's WAVELET_KEYS is empty, for test networks.
set -eu
count=${1:-64}
out=$(dirname "$0")/default-keys.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
{
  echo "# Well-known default Wavelet keys: PUBLIC and INSECURE, for test networks only."
  echo "# Used by the node agent only when WAVELET_KEYS is empty; line i (not counting"
  echo "# comments) is node i's key. Format per line: <128 hex private key> <64 hex public key>"
  echo "# (private = 32-byte Ed25519 seed followed by the 32-byte public key)."
  echo "# Made by generate-default-keys.sh with OpenSSL; never use these keys for real funds."
  i=0
  while [ "$i" -lt "$count" ]; do
    openssl genpkey -algorithm ed25519 -out "$tmp/key.pem"
    # The DER encodings end with the raw 32-byte seed and public key.
    seed=$(openssl pkey -in "$tmp/key.pem" -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')
    public=$(openssl pkey -in "$tmp/key.pem" -pubout -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n')
    echo "$seed$public $public"
    i=$((i + 1))
  done
} >"$out"
