#!/bin/sh
# run.sh - the browser tests as ctest runs them: Playwright (frontend's
# node_modules) driving Debian's Chromium against a real `pairbox serve`,
# all inside a network namespace of their own with only lo up, so nothing
# leaves the machine and nothing needs cleaning up.
# usage: run.sh PAIRBOX OUTDIR [playwright test args...]; exits 77 (ctest's
# skip) when Chromium, node >= 20 or the built app is missing, saying which,
# or when every test chosen skipped itself.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
PAIRBOX_BIN=$1
mkdir -p "$2"
PAIRBOX_BROWSER_OUT=$(cd "$2" && pwd)
shift 2
export PAIRBOX_BIN PAIRBOX_BROWSER_OUT
chromium=${PAIRBOX_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "browser tests skipped: no Chromium at $chromium (apt-get install --no-install-recommends chromium)"
  exit 77
fi
major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$major" -lt 20 ]; then
  echo "browser tests skipped: Playwright needs node >= 20 (found ${major})"
  exit 77
fi
if [ ! -f "${PAIRBOX_FRONTEND_DIR:-$root/frontend/dist}/index.html" ]; then
  echo "browser tests skipped: the web app is not built (frontend/dist; cmake --build builds it with node and npm)"
  exit 77
fi
pw=$root/frontend/node_modules/@playwright/test/cli.js
if [ ! -f "$pw" ]; then
  echo "browser tests: $pw is missing (npm ci in frontend/; cmake --build does it)" >&2
  exit 1
fi
# The specs import @playwright/test from frontend/node_modules.
export NODE_PATH="$root/frontend/node_modules"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
rm -f "$PAIRBOX_BROWSER_OUT/skipped-only"
status=0
unshare --net sh -c 'ip link set lo up && cfg=$1 && shift && exec node "$0" test --config "$cfg" "$@"' \
  "$pw" "$here/playwright.config.ts" "$@" || status=$?
# Every test skipped itself (saying why): a skip for ctest, not a pass.
[ "$status" -ne 0 ] || [ ! -f "$PAIRBOX_BROWSER_OUT/skipped-only" ] || exit 77
exit "$status"
