#!/usr/bin/env bash
# A throwaway certificate authority and a server certificate for TLS tests:
#   DIR/ca.crt          the CA that signed the server certificate
#   DIR/server.crt/key  the server's certificate (names only DNS:localhost, no IP address)
#   DIR/other-ca.crt    an unrelated CA, which must not be trusted for the server
set -euo pipefail
dir="${1:?directory}"
mkdir -p "$dir"; cd "$dir"
quiet() { "$@" >/dev/null 2>&1 || { echo "error: $* failed" >&2; exit 1; }; }
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3 -subj "/CN=Strata Test CA"
quiet openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=localhost"
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' > server.ext
quiet openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 3 -extfile server.ext
quiet openssl req -x509 -newkey rsa:2048 -nodes -keyout other-ca.key -out other-ca.crt -days 3 -subj "/CN=Some Other CA"
chmod 644 ca.crt other-ca.crt server.crt; chmod 600 server.key ca.key other-ca.key
