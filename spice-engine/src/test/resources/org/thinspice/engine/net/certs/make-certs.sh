#!/bin/sh
# Regenerates the certificate fixtures of the net package's TLS tests (EC P-256; server certificates valid
# 2025..2125 except expired.pem, all with the one test-only key server-key.pem). Needs OpenSSL 3. Run in
# this directory; it leaves only *.pem behind.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() {
    key "$work/$1-key.pem"
    openssl req -x509 -key "$work/$1-key.pem" -out "$1.pem" -days 36500 -subj "$2" \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
}
ca ca "/C=XX/O=thinspice/CN=fixture CA"
ca other-ca "/C=XX/O=elsewhere/CN=unrelated CA"
key server-key.pem
mkdir "$work/db"; : > "$work/db/index.txt"
printf '[ca]\ndefault_ca=t\n[t]\ndatabase=%s/db/index.txt\nnew_certs_dir=%s/db\nserial=%s/db/serial\ndefault_md=sha256\npolicy=any\nunique_subject=no\n[any]\n' \
    "$work" "$work" "$work" > "$work/ca.cnf"
# issue NAME SUBJECT SAN|- START END
issue() {
    printf '[e]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > "$work/ext.cnf"
    [ "$3" = - ] || echo "subjectAltName=$3" >> "$work/ext.cnf"
    openssl req -new -key server-key.pem -out "$work/req.csr" -subj "$2" -multivalue-rdn
    openssl rand -hex 8 > "$work/db/serial"
    openssl ca -batch -config "$work/ca.cnf" -cert ca.pem -keyfile "$work/ca-key.pem" -in "$work/req.csr" \
        -out "$1.pem" -startdate "$4" -enddate "$5" -extfile "$work/ext.cnf" -extensions e -notext -preserveDN 2>/dev/null
}
now=20250101000000Z
later=21250101000000Z
issue san-ip "/C=XX/O=thinspice/CN=127.0.0.1" "IP:127.0.0.1,DNS:localhost" $now $later
issue nosan-desk "/O=Thin Corp/CN=desk.example" - $now $later
issue nosan-ip "/O=Thin Corp/CN=127.0.0.1" - $now $later
issue san-dns "/O=Thin Corp/CN=127.0.0.1" "DNS:desk.example" $now $later
issue san-email "/O=Thin Corp/CN=127.0.0.1" "email:admin@example.com" $now $later
issue wildcard "/CN=*.example.com" "DNS:*.example.com,DNS:f*o.example.org,IP:::1" $now $later
issue multi-rdn "/O=Thin Corp/CN=desk.example+OU=ops" - $now $later
issue expired "/O=Thin Corp/CN=desk.example" "IP:127.0.0.1" 20200101000000Z 20210101000000Z
