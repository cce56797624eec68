#!/usr/bin/env bash
# Install what is missing, build (the server and the web app in
# frontend/dist), and start the server with the embedded SQLite store
# (./data): the web app and Judge0's API on http://127.0.0.1:2358.
# Settings: ./run.sh --port 8080 --workers 4, or Judge0's environment
# variables (AUTHN_TOKEN, MAX_QUEUE_SIZE, ...); `build/pairbox serve --help`.
set -euo pipefail
cd "$(dirname "$0")"
. .ci/deps.sh
pairbox_install_all
pairbox_build release
exec ./build-release/pairbox serve "$@"
