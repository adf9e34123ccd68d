#!/usr/bin/env bash
# Checks the relay's deployment files without Docker or a running systemd (neither is on CI):
# hadolint on relay/deploy/Dockerfile, and `systemd-analyze verify` on the systemd unit, with
# its ExecStart pointed at the binary the tests built (verify insists the program exists).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPLOY="$ROOT/relay/deploy"

"$ROOT/target/hadolint/bin/hadolint" "$DEPLOY/Dockerfile"

BIN="$ROOT/target/debug/northstar-relay"
[ -x "$BIN" ] || cargo build -q -p northstar-relay
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed "s#^ExecStart=/usr/local/bin/northstar-relay #ExecStart=$BIN #" \
  "$DEPLOY/northstar-relay.service" > "$dir/northstar-relay.service"
grep -q "^ExecStart=$BIN " "$dir/northstar-relay.service"
# verify only warns (exit 0) about an unknown or misspelt setting, so any output fails.
out=$(systemd-analyze verify "$dir/northstar-relay.service" 2>&1) || { echo "$out" >&2; exit 1; }
if [ -n "$out" ]; then
  echo "$out" >&2
  exit 1
fi
echo "relay/deploy: Dockerfile and systemd unit check out"
