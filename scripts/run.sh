#!/usr/bin/env bash
# Sets everything up on a fresh Debian 12 machine and opens Northstar on the demo caseload.
# Extra arguments go to the app (e.g. --data-dir DIR).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build-ui.sh" --release
cd "$ROOT"
cargo build -q --release -p northstar
# No display (e.g. over SSH)? Give the window a virtual one.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" target/release/northstar "$@"
fi
exec target/release/northstar "$@"
