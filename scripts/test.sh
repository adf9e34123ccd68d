#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and runs every Northstar test:
# formatting and lints, unit, integration, doc, wasm and end-to-end (real window under Xvfb).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
t() { local s=$SECONDS; "$@"; echo "[test] $(( SECONDS - s ))s: $*"; }
# A run from a fresh clone gains nothing from incremental caches; they only take disk (several
# GB for this workspace), and CI's disk is shared.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

t scripts/setup.sh
t cargo fmt --all -- --check
# The committed demo caseload must be exactly what its generator writes (and passes its checks).
t python3 fixtures/generate.py
if [ -n "$(git status --porcelain -- fixtures/)" ]; then
  git status --short -- fixtures/
  echo "[test] fixtures/ differs from what fixtures/generate.py writes: regenerate and commit" >&2
  exit 1
fi
t scripts/build-ui.sh
# The engine must build without a desktop: only src-tauri/ may pull in Tauri, GTK or WebKit.
if cargo tree -q -p northstar-engine -e normal,build --prefix none | grep -E '^(tauri|wry|gtk|webkit2gtk|gdk|soup)[ -]'; then
  echo "[test] northstar-engine depends on a desktop crate (above): keep it in src-tauri/" >&2
  exit 1
fi
# schema must stay pure: it has to build for the browser without the Automerge feature.
t cargo build -q -p northstar-schema --no-default-features --target wasm32-unknown-unknown
t cargo clippy -q --workspace --all-targets -- -D warnings
t cargo clippy -q -p northstar-ui --target wasm32-unknown-unknown -- -D warnings
# Yew component tests in headless Chromium (the runner reads ui/webdriver.json; it rejects -q).
mkdir -p test-output
(cd ui && t env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  CHROMEDRIVER=/usr/bin/chromedriver cargo test -p northstar-ui --target wasm32-unknown-unknown) \
  2>&1 | tee test-output/wasm-tests.log
# One feature resolution for every test, so nothing is compiled twice. Building the tests also
# builds the binaries the end-to-end and install tests drive: the app (target/debug/northstar),
# the headless northstar-cli and northstar-relay.
t cargo test -q --workspace --no-run
# The .deb packages, which tests/tests/install.rs installs into clean roots.
t scripts/package.sh
# The relay's Dockerfile (hadolint) and systemd unit (systemd-analyze verify); under a second.
t scripts/check-relay-deploy.sh
t timeout 1800 xvfb-run -a -s "-screen 0 1280x800x24" cargo test -q --workspace \
  2>&1 | tee test-output/tests.log
# One closing line for the whole run: cargo's own last line is often a doc-test crate's "0 passed".
awk '/^test result:/ { passed += $4; failed += $6 }
     END { printf "tests: %d passed, %d failed\n", passed, failed }' \
  test-output/wasm-tests.log test-output/tests.log
