#!/usr/bin/env bash
# Benchmark: `stack deploy` of a 30-service stack (1 idle busybox replica each): cold deploy until converged, a
# redeploy without changes (CLI start-up included; it writes nothing), and a one-service change until converged.
# Needs the lab swarm (docs/lab.md) and a build (`npm run build`). Usage: bench/deploy-30.sh [SERVICES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${1:-30}
RUNS=${2:-3}
STACK=${BENCH_STACK:-benchdeploy}
[ -f /run/stack-lab/env ] && { set -a; . /run/stack-lab/env; set +a; }
REGISTRY=${STACK_LAB_REGISTRY:-10.213.0.1:5000}
DOCKER=$(command -v /usr/local/bin/docker || command -v docker)
DIR=$(mktemp -d)
cleanup() {
  "$DOCKER" stack rm "$STACK" >/dev/null 2>&1 || true
  for id in $("$DOCKER" config ls -q --filter "label=io.stack.history=$STACK"); do "$DOCKER" config rm "$id" >/dev/null; done
  rm -rf "$DIR"
}
trap cleanup EXIT
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
write() {
  {
    echo 'services:'
    for i in $(seq 1 "$SERVICES"); do
      printf '  svc%s:\n    image: %s/stack-test/busybox:1\n    environment:\n      INDEX: "%s"\n      MODE: "%s"\n' "$i" "$REGISTRY" "$i" "$([ "$i" = 1 ] && echo "$1" || echo one)"
    done
  } > "$DIR/docker-compose.yml"
}
write one
cd "$DIR"
start=$EPOCHREALTIME
node "$OLDPWD/bin/run.js" deploy -q -c docker-compose.yml "$STACK" >/dev/null
echo "cold deploy of $SERVICES services, until converged: $(since "$start") s"
for run in $(seq 1 "$RUNS"); do
  start=$EPOCHREALTIME
  node "$OLDPWD/bin/run.js" deploy -q --debug -c docker-compose.yml "$STACK" 2>"$DIR/err" >/dev/null
  echo "no-change redeploy $run: $(since "$start") s ($(grep -o 'Engine API calls.*' "$DIR/err"))"
done
write two
start=$EPOCHREALTIME
node "$OLDPWD/bin/run.js" deploy -q -c docker-compose.yml "$STACK" >/dev/null
echo "one-service change, until converged: $(since "$start") s"
