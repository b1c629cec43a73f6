#!/usr/bin/env bash
# Benchmark `stack` against `docker stack deploy --detach=false` on a lab swarm and print a markdown table.
#
#   bash bench/run.sh            full run (about an hour on a 2-core machine)
#   bash bench/run.sh --quick    smoke run (2 services, 1 run, 20-service diff/config; about 1.5 minutes)
#
# Needs root (it brings up a lab with scripts/lab.sh; lab 0 must be up for its registry) and a build
# (`npm run build`). Environment knobs are documented at the top of bench/run.mjs.
set -euo pipefail
exec node "$(dirname "$0")/run.mjs" "$@"
