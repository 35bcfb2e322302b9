#!/usr/bin/env bash
# Copies the pinned front-end packages (web/package.json, web/package-lock.json)
# into internal/web/static/vendor/, where go:embed picks them up. The copied
# files are committed, so `go build` never needs npm or the network.
#
#   scripts/vendor.sh          install from the lockfile and (re)write the vendored files
#   scripts/vendor.sh --check  install, then fail if the committed files differ
#
# Updating Leaflet: change the exact version in web/package.json, run
# `cd web && npm install --ignore-scripts --save-exact`, then this script, then
# update the script/link URLs in the templates (the directory name carries the
# version). See docs/frontend.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: scripts/vendor.sh [--check]" >&2; exit 2 ;;
esac

(cd web && npm ci --ignore-scripts --no-audit --no-fund)

pkgver() { node -p "require('$root/web/node_modules/$1/package.json').version"; }
leaflet_ver=$(pkgver leaflet)
axe_ver=$(pkgver axe-core)

static=internal/web/static/vendor
dest="$static/leaflet@$leaflet_ver"
src=web/node_modules/leaflet

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/images"
cp "$src/dist/leaflet.js" "$src/dist/leaflet.css" "$src/LICENSE" "$stage/"
cp "$src"/dist/images/* "$stage/images/"

# axe-core is vendored for the browser tests in internal/e2e/testdata (embedded
# by e2e_test.go); it stays there. Here we only check that it matches the pin.
axe_dir=internal/e2e/testdata/axe-core-$axe_ver
if ! cmp -s web/node_modules/axe-core/axe.min.js "$axe_dir/axe.min.js"; then
  echo "vendor.sh: $axe_dir/axe.min.js is missing or differs from axe-core@$axe_ver in web/package-lock.json" >&2
  exit 1
fi

if $check; then
  if ! diff -r "$stage" "$dest"; then
    echo "vendor.sh --check: $dest differs from leaflet@$leaflet_ver; run scripts/vendor.sh" >&2
    exit 1
  fi
  # No other Leaflet version may linger in the embedded files.
  others=$(find "$static" -maxdepth 1 -name 'leaflet@*' ! -name "leaflet@$leaflet_ver")
  if [ -n "$others" ]; then echo "vendor.sh --check: stale $others" >&2; exit 1; fi
  echo "vendor.sh: $dest matches leaflet@$leaflet_ver; axe-core@$axe_ver matches $axe_dir"
  exit 0
fi

mkdir -p "$static"
find "$static" -maxdepth 1 -name 'leaflet@*' -exec rm -rf {} +
mkdir -p "$dest"
cp -R "$stage"/. "$dest"/
chmod -R u=rwX,go=rX "$dest"
echo "vendor.sh: wrote $dest (leaflet@$leaflet_ver); axe-core@$axe_ver matches $axe_dir"
