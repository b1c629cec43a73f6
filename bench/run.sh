#!/usr/bin/env bash
# Benchmark `stack` against `docker stack deploy --detach=false` on a lab swarm and print a markdown table.
#
#   bash bench/run.sh            full run (about an hour on a 2-core machine)
#   bash bench/run.sh --quick    smoke run (2 services, 1 run, 20-service diff/config; about 1.5 minutes)
#   bash bench/run.sh --startup  start-up side by side (node -e 0, stack --version/--help, stack config against
#                                docker stack config, and with STACK_LAB_ID set stack diff of 200 unchanged
#                                services): bench/startup.mjs, about a minute
#
# Needs root (it brings up a lab with scripts/lab.sh; lab 0 must be up for its registry) and a build
# (`npm run build`). Environment knobs are documented at the top of bench/run.mjs.
set -euo pipefail
if [[ ${1:-} == --startup ]]; then exec node "$(dirname "$0")/startup.mjs"; fi
exec node "$(dirname "$0")/run.mjs" "$@"
