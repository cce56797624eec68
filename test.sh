#!/usr/bin/env bash
# Install what is missing (Chromium too, for the browser tests), build (the
# web app with it), run every test (ctest). The unit and CLI
# tests run a second time against an ASan+UBSan build of pairbox itself.
# guest.cgroup2 runs the hostile suite again in a cgroup v2 guest.
set -euo pipefail
cd "$(dirname "$0")"
. .ci/deps.sh
pairbox_install_all
pairbox_install_browser
pairbox_install_postgres
pairbox_build dev
pairbox_build asan
status=0
ctest --test-dir build -j2 --output-on-failure --timeout 300 || status=1
# guest.cgroup2 (docs/testing.md) skips where its guest cannot run: say why.
[ ! -f build/tests/guest/skipped.txt ] || echo "pairbox: $(cat build/tests/guest/skipped.txt)"
ctest --test-dir build-asan -j2 --output-on-failure --timeout 300 -L 'unit|cli|library|api' || status=1
exit $status
