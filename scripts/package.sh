#!/usr/bin/env bash
# Builds Northstar's Debian packages into target/packages/ from binaries already built:
#   northstar_VERSION_amd64.deb      the desktop app (Tauri's bundler; needs WebKitGTK)
#   northstar-cli_VERSION_amd64.deb  the command line and the relay for a server with no
#                                    desktop (dpkg-deb; depends on libc only)
# Usage: scripts/package.sh [--release]   (debug binaries by default, as the tests build them;
# a release build first: scripts/build-ui.sh --release && cargo build --release -p northstar
# -p northstar-engine -p northstar-relay)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PROFILE=debug
DEBUG_FLAG=--debug
if [ "${1:-}" = "--release" ]; then PROFILE=release; DEBUG_FLAG=""; fi
BIN="$ROOT/target/$PROFILE"
OUT="$ROOT/target/packages"
VERSION=$(awk -F'"' '/^\[workspace.package\]/{w=1} w && /^version/{print $2; exit}' Cargo.toml)
for b in northstar northstar-cli northstar-relay; do
  [ -x "$BIN/$b" ] || { echo "[package] $BIN/$b is not built yet" >&2; exit 1; }
done
rm -rf "$OUT"
mkdir -p "$OUT"

# The desktop app: Tauri's bundler packs the binary already built, with its desktop entry,
# icons 32-512 px and dependencies (tauri.conf.json's bundle section).
(cd src-tauri && "$ROOT/target/tauri-cli/node_modules/.bin/tauri" bundle $DEBUG_FLAG --bundles deb >/dev/null)
cp "$BIN/bundle/deb/Northstar_${VERSION}_amd64.deb" "$OUT/northstar_${VERSION}_amd64.deb"

# The headless package, laid out by hand: nothing here needs a desktop.
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PKG="$WORK/northstar-cli"
install -D -m 0755 "$BIN/northstar-cli" "$PKG/usr/bin/northstar"
install -D -m 0755 "$BIN/northstar-relay" "$PKG/usr/bin/northstar-relay"
# The unit as documented for a hand install names /usr/local/bin; the package's is /usr/bin.
mkdir -p "$PKG/lib/systemd/system"
sed 's#/usr/local/bin/northstar-relay#/usr/bin/northstar-relay#' relay/deploy/northstar-relay.service \
  > "$PKG/lib/systemd/system/northstar-relay.service"
# The commented configuration, where the unit reads it; the operator's edits survive upgrades.
install -D -m 0644 relay/deploy/northstar-relay.toml "$PKG/etc/northstar-relay/northstar-relay.toml"
install -D -m 0644 packaging/copyright "$PKG/usr/share/doc/northstar-cli/copyright"
install -m 0644 engine/fonts/DejaVu-LICENSE.txt engine/fonts/Noto-LICENSE.md "$PKG/usr/share/doc/northstar-cli/"
install -m 0644 assets/symbols/LICENSE.md "$PKG/usr/share/doc/northstar-cli/symbols-LICENSE.md"
# Shared-library dependencies as Debian computes them (dpkg-shlibdeps wants a debian/control).
mkdir -p "$WORK/debian"
printf 'Source: northstar\n\nPackage: northstar-cli\nArchitecture: any\n' > "$WORK/debian/control"
DEPENDS=$(cd "$WORK" && dpkg-shlibdeps -O -e"$PKG/usr/bin/northstar" -e"$PKG/usr/bin/northstar-relay" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
SIZE=$(du -sk "$PKG" | cut -f1)
mkdir -p "$PKG/DEBIAN"
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: northstar-cli
Version: $VERSION
Architecture: amd64
Maintainer: Northstar <northstar@example.org>
Section: education
Priority: optional
Installed-Size: $SIZE
Depends: $DEPENDS
Conflicts: northstar
Replaces: northstar
Description: EHCP annual reviews, for servers: the northstar command line and relay
 The headless half of Northstar, for a council server with no desktop: the northstar
 command (SEN2 returns, reports, sync, backups, PDF exports) and northstar-relay, the
 blind sync relay, with a systemd unit. It needs no GTK or WebKit. The desktop package
 "northstar" has the same command line as well as the window.
CONTROL
echo /etc/northstar-relay/northstar-relay.toml > "$PKG/DEBIAN/conffiles"
(cd "$PKG" && find usr lib -type f -exec md5sum {} + > DEBIAN/md5sums)
dpkg-deb --root-owner-group -Zxz -z1 --build "$PKG" "$OUT/northstar-cli_${VERSION}_amd64.deb" >/dev/null
ls -l "$OUT"
