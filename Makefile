# 社保/医保缴费 — every command installs what a fresh Debian machine lacks, and skips what is there.
#   make serve   run the app at http://127.0.0.1:8080 on the embedded demo backend
#   make test    native tests, browser (wasm-bindgen-test) tests, Playwright end-to-end suite
#   make bench   release build, then what the browser fetches and how long the first screen takes

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

CARGO_BIN := $(HOME)/.cargo/bin
TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node_modules/.bin:$(CARGO_BIN):$(PATH)
TRUNK_VERSION := 0.21.14
BINARYEN_VERSION := 132
ESBUILD_VERSION := 0.25.12
WASM_SPLIT_VERSION := 0.2.4
SCHEMATHESIS_VERSION := 4.32.5
# Schemathesis's examples per operation: about 3 minutes on 2 cores.
FUZZ_EXAMPLES := 400
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3; exit}' Cargo.lock)
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
E2E := tests/e2e

.PHONY: serve test bench backend screenshots build tools browser e2e-deps lint-contract test-native test-wasm test-e2e clean

serve: tools
	trunk serve

build: tools
	trunk build --release

# --- installs -----------------------------------------------------------------------------------

tools:
	rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	if ! trunk --version 2>/dev/null | grep -q "$(TRUNK_VERSION)"; then
	  echo "Installing trunk $(TRUNK_VERSION) (about 15 minutes on 2 cores)…"
	  cargo install --locked trunk@$(TRUNK_VERSION)
	fi
	# Must equal the wasm-bindgen in Cargo.lock; --locked fails against the registry mirror.
	if ! wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)"; then
	  cargo install wasm-bindgen-cli@$(WASM_BINDGEN_VERSION)
	fi
	# Cuts the wasm into on-demand chunks (tools/split.py, a Trunk hook).
	if ! wasm-split-cli --help >/dev/null 2>&1; then
	  cargo install --locked wasm_split_cli_support@$(WASM_SPLIT_VERSION) --features build-binary
	fi
	# Debian's binaryen 108 corrupts these modules; binaryen 132 comes from npm.
	if ! wasm-opt --version 2>/dev/null | grep -q "version $(BINARYEN_VERSION)"; then
	  command -v npm >/dev/null || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; }
	  mkdir -p $(TOOLS)
	  [ -f $(TOOLS)/package.json ] || echo '{"private":true}' > $(TOOLS)/package.json
	  cd $(TOOLS) && npm install --no-audit --no-fund binaryen@$(BINARYEN_VERSION)
	fi
	# Minifies the JS glue and the chunk loader in release builds (tools/split.py).
	if ! esbuild --version 2>/dev/null | grep -qx "$(ESBUILD_VERSION)"; then
	  mkdir -p $(TOOLS)
	  [ -f $(TOOLS)/package.json ] || echo '{"private":true}' > $(TOOLS)/package.json
	  cd $(TOOLS) && npm install --no-audit --no-fund esbuild@$(ESBUILD_VERSION)
	fi

browser:
	missing=""
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"
	[ -x $(CHROMEDRIVER) ] || missing="$$missing chromium-driver"
	fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"
	if [ -n "$$missing" ]; then
	  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing
	fi

e2e-deps:
	if [ ! -d $(E2E)/node_modules/@playwright/test ] || [ $(E2E)/package-lock.json -nt $(E2E)/node_modules/.package-lock.json ]; then
	  cd $(E2E) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	fi

# --- tests --------------------------------------------------------------------------------------

# Each part's time is printed at the end (CI keeps the tail): test-e2e's includes the release build.
test: tools browser e2e-deps
	took=""
	for part in lint-contract test-native test-wasm test-e2e; do
	  start=$$(date +%s)
	  $(MAKE) --no-print-directory $$part || { echo "make test: $$part failed after$$took $$part $$(( $$(date +%s) - start )) s"; exit 1; }
	  took="$$took $$part $$(( $$(date +%s) - start )) s,"
	done
	echo "make test took:$${took%,}"

# The published REST contract must lint clean (recommended-strict: warnings fail too).
lint-contract:
	cd $(E2E) && REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	  npx redocly lint ../../public/openapi.yaml --config ../../redocly.yaml

test-native:
	cargo test --lib --test contract --test money
	# --nocapture: the authorization table and the concurrency counts are printed.
	cargo test -p insurance-pay-backend -- --nocapture
	# The contract fuzzed by Schemathesis (in .tools/venv) against the reference backend.
	[ -x $(TOOLS)/venv/bin/st ] || { python3 -m venv $(TOOLS)/venv && $(TOOLS)/venv/bin/pip install --quiet schemathesis==$(SCHEMATHESIS_VERSION); }
	tests/fuzz/schemathesis.sh target/debug/insurance-pay-backend $(FUZZ_EXAMPLES)

test-wasm:
	CHROMEDRIVER=$(CHROMEDRIVER) WASM_BINDGEN_TEST_TIMEOUT=120 \
	  cargo test --target wasm32-unknown-unknown --test web

test-e2e: build
	cargo build -p insurance-pay-backend
	cd $(E2E) && npx playwright test

# Every gallery entry (/preview) in both modes and languages at 375×667, with a contact sheet.
screenshots: build browser e2e-deps
	cd $(E2E) && npx playwright test --config screenshots.config.ts
	@echo "Contact sheet: artifacts/screenshots/index.html"

# --- benchmark ----------------------------------------------------------------------------------

# The reference backend for the REST contract, at http://127.0.0.1:8081 (see README); its
# SQLite database is target/backend.sqlite3 unless DATABASE says otherwise.
backend:
	DATABASE=$${DATABASE:-target/backend.sqlite3} cargo run -p insurance-pay-backend

# Bytes fetched before the first screen works and its time at Slow 4G, on the production path
# (config.json names the reference backend) and the demo path; each on-demand download.
bench: build browser e2e-deps
	cargo build -p insurance-pay-backend
	node tests/bench/bench.mjs dist

clean:
	cargo clean
	rm -rf dist $(E2E)/test-results artifacts
