#!/usr/bin/env bash
# Install what is missing, build, and run the main job: for now, a sample
# program judged through `pairbox run` (the server arrives in a later issue).
set -euo pipefail
cd "$(dirname "$0")"
. .ci/deps.sh
pairbox_install_all
pairbox_build dev
exec ./build/pairbox run --stdin docs/examples/sum.in --expected docs/examples/sum.ans docs/examples/sum.c
