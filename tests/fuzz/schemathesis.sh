#!/usr/bin/env bash
# The REST contract, fuzzed by Schemathesis (property-based tests generated from
# public/openapi.yaml, with bad input too) against the reference backend, in about 3 minutes:
# no 5xx, every answer as the contract says, every bad input refused with a 4xx problem.
# The calls that need a token get one: a pay token for Beijing's 2027 residents' insurance,
# and a record token (the record and the family) for 张伟 in Beijing.
# Generated data never names what exists (a city, a quote, a session, a family member), so before
# each run a set-up (tests/fuzz/setup.py) creates through the API what every operation's success
# path needs, and tests/fuzz/schemathesis.toml gives those values to the positive test cases.
# After each run the cases that got a 2xx are counted per operation: the run fails if an operation
# that has a 2xx in the contract got none, or if Schemathesis warns (an operation only refused).
# Each run has a backend of its own (what one run creates does not slow the other down).
# The seed and the number of examples are fixed, so a run tries the same cases each time;
# SECONDS_PER_RUN only bounds a slow or stuck run (it then fails).
# Usage: tests/fuzz/schemathesis.sh BACKEND_BINARY [EXAMPLES_PER_OPERATION] [SECONDS_PER_RUN]
set -euo pipefail
cd "$(dirname "$0")/../.."
backend_binary=$1
examples=${2:-100}
seconds=${3:-300}
st=.tools/venv/bin/st
reports=target/schemathesis
config=tests/fuzz/schemathesis.toml
mkdir -p "$reports"
backend=
trap 'if [ -n "$backend" ]; then kill $backend 2>/dev/null || true; fi' EXIT

# A backend with an in-memory database on a free port, and the set-up's values and tokens in it:
# the files the config's dictionaries read (it names that directory), PAY_TOKEN, RECORD_TOKEN
# and FAMILY_PAY_TOKEN (which the config reads).
start() {
  local name=$1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base=http://127.0.0.1:$port
  DATABASE=:memory: PORT=$port SETTLE_MS=0 RECEIPT_CHECKS_PER_MINUTE=100000 "$backend_binary" >"$reports/backend-$name.log" 2>&1 &
  backend=$!
  for _ in $(seq 100); do python3 -c 'import sys, urllib.request as u; u.urlopen(sys.argv[1], timeout=1)' "$base/regions" 2>/dev/null && break; sleep 0.1; done
  rm -rf "$reports/values"
  eval "$(python3 tests/fuzz/setup.py "$base" "$config" "$reports/values")"
  export FAMILY_PAY_TOKEN
}

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection
run() {
  local name=$1 token_name=$2 tags=$3 status=0
  start "$name"
  echo "Schemathesis: $name (tags $tags), $examples examples an operation, up to $seconds s"
  timeout "$seconds" "$st" --config-file "$config" run public/openapi.yaml --url "$base" --header "Authorization: Bearer ${!token_name}" \
    --include-tag-regex "^($tags)\$" --checks "$checks" --mode all --max-examples "$examples" --seed 20261205 \
    --workers 1 --no-color --generation-database none \
    --report junit,ndjson,json --report-junit-path "$reports/$name.xml" \
    --report-ndjson-path "$reports/$name.ndjson" --report-json-path "$reports/$name.json" || status=$?
  kill $backend
  wait $backend 2>/dev/null || true
  backend=
  echo "Cases that got a 2xx, by operation ($name):"
  .tools/venv/bin/python tests/fuzz/report.py public/openapi.yaml "$tags" "$reports/$name.ndjson" "$reports/$name.json" || status=1
  return $status
}
status=0
run pay PAY_TOKEN 'catalogue|verification|order|payment|receipt' || status=$?
run record RECORD_TOKEN 'record|family' || status=$?
exit $status
