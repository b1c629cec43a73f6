#!/usr/bin/env bash
# Benchmark: `stack diff` of an unchanged 200-service stack, CLI start-up included (target: under 1.5 s).
# Needs the lab swarm (docs/lab.md) and a build (`npm run build`). Usage: bench/diff-200.sh [SERVICES] [RUNS]
# The services have 0 replicas and are split over two networks, so the lab's default /24 overlays hold their VIPs.
set -euo pipefail
cd "$(dirname "$0")/.."
SERVICES=${1:-200}
RUNS=${2:-5}
STACK=${BENCH_STACK:-bench200}
[ -f /run/stack-lab/env ] && { set -a; . /run/stack-lab/env; set +a; }
REGISTRY=${STACK_LAB_REGISTRY:-10.213.0.1:5000}
DOCKER=$(command -v /usr/local/bin/docker || command -v docker)
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
# Seconds since a $EPOCHREALTIME value, to the millisecond.
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }

{
  echo 'version: "3.8"'
  echo 'services:'
  for i in $(seq 1 "$SERVICES"); do
    cat <<YAML
  svc$i:
    image: $REGISTRY/stack-test/busybox:1
    environment:
      INDEX: "$i"
    networks: [net$((i % 2))]
    deploy:
      replicas: 0
      labels:
        bench: "yes"
YAML
  done
  echo 'networks:'
  echo '  net0: {}'
  echo '  net1: {}'
} > "$DIR/docker-compose.yml"

echo "deploying $SERVICES services as stack $STACK ..."
start=$EPOCHREALTIME
node bin/run.js deploy -q -c "$DIR/docker-compose.yml" "$STACK"
echo "deploy: $(since "$start") s"

times=()
for run in $(seq 1 "$RUNS"); do
  start=$EPOCHREALTIME
  set +e
  node bin/run.js diff --exit-code -c "$DIR/docker-compose.yml" "$STACK" > "$DIR/out.txt"
  code=$?
  set -e
  elapsed=$(since "$start")
  times+=("$elapsed")
  echo "run $run: ${elapsed} s (exit code $code: $(tail -1 "$DIR/out.txt"))"
  [ "$code" = 0 ] || { cat "$DIR/out.txt"; echo "unexpected changes"; exit 1; }
done
printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "min %.3f s, median %.3f s, max %.3f s over %d runs\n", a[1], a[int((NR + 1) / 2)], a[NR], NR }'

if [ "${BENCH_KEEP:-0}" != 1 ]; then
  "$DOCKER" stack rm "$STACK" > /dev/null
  echo "removed stack $STACK"
fi
