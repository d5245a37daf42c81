#!/usr/bin/env bash
# The REST contract, fuzzed by Schemathesis (property-based tests generated from
# public/openapi.yaml, with bad input too) against the reference backend, in about 3 minutes:
# no 5xx, every answer as the contract says, every bad input refused with a 4xx problem.
# The calls that need a token get one: a pay token for Beijing's 2027 residents' insurance,
# and a record token (the record and the family) for 张伟 in Beijing.
# The seed and the number of examples are fixed, so a run tries the same cases each time;
# SECONDS_PER_RUN only bounds a slow or stuck run (it then fails).
# Usage: tests/fuzz/schemathesis.sh BACKEND_BINARY [EXAMPLES_PER_OPERATION] [SECONDS_PER_RUN]
set -euo pipefail
cd "$(dirname "$0")/../.."
backend_binary=$1
examples=${2:-100}
seconds=${3:-300}
st=.tools/venv/bin/st
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port
reports=target/schemathesis
mkdir -p "$reports"

DATABASE=:memory: PORT=$port SETTLE_MS=0 RECEIPT_CHECKS_PER_MINUTE=100000 "$backend_binary" >"$reports/backend.log" 2>&1 &
backend=$!
trap 'kill $backend 2>/dev/null || true' EXIT
# GET url, or POST url body: the answer's body (Python's, so nothing more need be installed).
http() {
  python3 -c 'import sys, urllib.request as u
post = len(sys.argv) > 2
request = u.Request(sys.argv[1], data=sys.argv[2].encode() if post else None, method="POST" if post else "GET", headers={"content-type": "application/json"})
print(u.urlopen(request, timeout=10).read().decode())' "$@"
}
for _ in $(seq 100); do http "$base/regions" >/dev/null 2>&1 && break; sleep 0.1; done

post() { http "$base$1" "$2"; }
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
person='"name": "张伟", "id_number": "110101198503072115", "mobile": "13800138000"'

session=$(post /verifications "{\"purpose\": \"pay\", \"order\": {\"city\": \"110100\", \"product\": \"resident_medical\", \"year\": 2027}, $person}" | json "['session_id']")
post "/verifications/$session/sms" '' >/dev/null
pay_token=$(post "/verifications/$session/sms/check" '{"code": "123456"}' | json "['token']")

session=$(post /verifications "{\"purpose\": \"record\", \"city\": \"110100\", $person}" | json "['session_id']")
post "/verifications/$session/sms" '' >/dev/null
post "/verifications/$session/sms/check" '{"code": "123456"}' >/dev/null
record_token=$(post "/verifications/$session/ecard/check" '{"password": "135790"}' | json "['token']")

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection
run() {
  local name=$1 token=$2 tags=$3
  echo "Schemathesis: $name (tags $tags), $examples examples an operation, up to $seconds s"
  timeout "$seconds" "$st" run public/openapi.yaml --url "$base" --header "Authorization: Bearer $token" \
    --include-tag-regex "^($tags)\$" --checks "$checks" --mode all --max-examples "$examples" --seed 20261205 \
    --workers 1 --no-color --generation-database none \
    --report junit --report-junit-path "$reports/$name.xml"
}
status=0
run pay "$pay_token" 'catalogue|verification|order|payment|receipt' || status=$?
run record "$record_token" 'record|family' || status=$?
exit $status
