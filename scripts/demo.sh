#!/usr/bin/env bash
# Sets up everything on a fresh Debian machine (as root) and deploys the demo stack to a local 3-node swarm:
# Node dependencies, the build, the lab swarm with its registry (scripts/lab.sh), then `stack deploy`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

[[ -x node_modules/.bin/esbuild ]] || npm ci --no-audit --no-fund
npm run build --silent
bash scripts/lab.sh up
# shellcheck disable=SC1091
set -a; source /run/stack-lab/env; set +a

node bin/run.js deploy -c examples/demo/docker-compose.yml demo
echo
echo "demo deployed. Try:"
echo "  export DOCKER_HOST=$DOCKER_HOST"
echo "  node bin/run.js diff -c examples/demo/docker-compose.yml demo"
echo "  /usr/local/bin/docker service ls"
