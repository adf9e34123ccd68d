#!/usr/bin/env bash
# Builds the Yew UI into ui/dist, which the Tauri crate embeds at compile time.
# Usage: scripts/build-ui.sh [--release]
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROFILE=debug
FLAGS=()
if [ "${1:-}" = "--release" ]; then PROFILE=release; FLAGS=(--release); fi
cd "$ROOT"
cargo build -q -p northstar-ui --target wasm32-unknown-unknown "${FLAGS[@]}"
rm -rf ui/dist.new && mkdir -p ui/dist.new
wasm-bindgen --target web --no-typescript --out-dir ui/dist.new \
  "target/wasm32-unknown-unknown/$PROFILE/northstar_ui.wasm"
cp ui/index.html ui/styles.css ui/dist.new/
# The picture symbols (OpenMoji, CC BY-SA 4.0) and their licence, as symbols/<id>.svg.
mkdir -p ui/dist.new/symbols
cp assets/symbols/svg/*.svg assets/symbols/LICENSE.md ui/dist.new/symbols/
# Fonts for scripts the system may lack (Noto Naskh Arabic for Urdu, OFL), with the licence.
mkdir -p ui/dist.new/fonts
cp ui/fonts/*.ttf ui/fonts/LICENSE.md ui/dist.new/fonts/
# Swap in whole so tauri-build never embeds a half-written folder.
rm -rf ui/dist && mv ui/dist.new ui/dist
