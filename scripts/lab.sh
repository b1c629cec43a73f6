#!/usr/bin/env bash
# stack test lab: a multi-node Docker Swarm on one machine.
#
# Every node is a dockerd in its own network namespace, wired to a Linux
# bridge in the root namespace; a plain docker-registry process on the bridge
# serves the test images. See docs/lab.md.
#
#   scripts/lab.sh up [NODES] [MANAGERS]   (default 3 nodes, 1 manager)
#   scripts/lab.sh down
#   scripts/lab.sh env                     (prints `export DOCKER_HOST=...`)
#   scripts/lab.sh status
#   scripts/lab.sh node-stop N | node-start N     (fault tests: stop/start node N's dockerd)
#   scripts/lab.sh registry-block | registry-unblock  (fault tests: this lab loses the registry)
#
# STACK_LAB_ID=1..9 selects an extra, independent lab (own bridge
# 10.213.ID.0/24, netns, dockerds, /run/stack-lab-ID) so that test files can
# run side by side and fault tests can break a lab of their own. Extra labs
# pull from lab 0's registry, so lab 0 must be up first.
set -euo pipefail

readonly LAB_ID=${STACK_LAB_ID:-0}
[[ $LAB_ID =~ ^[0-9]$ ]] || { echo "lab: error: STACK_LAB_ID must be 0..9" >&2; exit 2; }
if ((LAB_ID == 0)); then SUFFIX=; else SUFFIX=-$LAB_ID; fi
readonly SUFFIX
readonly LAB=stack-lab$SUFFIX
readonly RUN_DIR=/run/stack-lab$SUFFIX          # sockets, exec-roots, env file
readonly STATE_DIR=/var/lib/stack-lab$SUFFIX    # data-roots (wiped), registry + image cache (kept)
readonly LOG_DIR=/var/log/stack-lab$SUFFIX
readonly BRIDGE=stacklab$LAB_ID
readonly NET_PREFIX=10.213.$LAB_ID
readonly BRIDGE_IP=$NET_PREFIX.1
# One registry for every lab, run by lab 0: nodes of other labs reach it
# through their gateway (the root namespace owns 10.213.0.1).
readonly REGISTRY_IP=10.213.0.1
readonly REGISTRY=$REGISTRY_IP:5000
readonly REGISTRY_DIR=/var/lib/stack-lab/registry
readonly IMAGE_REPO=$REGISTRY/stack-test
readonly MAX_NODES=20
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly SCRIPT_DIR
readonly IMAGES_SRC=$SCRIPT_DIR/lab-images
readonly PACKAGES=(docker.io busybox-static docker-registry iproute2 iptables procps)

# The modern client when present; Debian's docker.io client otherwise.
if [[ -x /usr/local/bin/docker ]]; then DOCKER_CLI=/usr/local/bin/docker; else DOCKER_CLI=docker; fi

# plural N WORD: "1 manager", "2 managers".
plural() { if [[ $1 == 1 ]]; then echo "$1 $2"; else echo "$1 ${2}s"; fi; }

say() { printf 'lab: %s\n' "$*"; }
die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

node_ns()   { echo "$LAB-node$1"; }
node_ip()   { echo "$NET_PREFIX.$((10 + $1))"; }
node_sock() { echo "$RUN_DIR/node$1.sock"; }
node_host() { echo "unix://$(node_sock "$1")"; }
node_veth() { echo "stlab$SUFFIX-n$1"; }
node_dock() { local n=$1; shift; "$DOCKER_CLI" -H "$(node_host "$n")" "$@"; }

need_root() { [[ $EUID -eq 0 ]] || die "must run as root (namespaces, bridge, iptables)"; }

# Serialize lab.sh runs on one lab on its log directory, so no lock file is
# left behind. Children we start close fd 9 (see start_node) so they never hold it.
take_lock() {
  mkdir -p "$LOG_DIR"
  exec 9<"$LOG_DIR"
  flock -w 300 9 || die "another scripts/lab.sh is still running"
}

# ---------------------------------------------------------------- packages

ensure_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  say "installing ${missing[*]}"
  # Keep the package scripts from starting a host dockerd or registry: the
  # lab runs its own, and a stock registry would take port 5000.
  local guard=
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    guard=1
  fi
  local rc=0
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  } >"$LOG_DIR/apt.log" 2>&1 || rc=$?
  [[ -n $guard ]] && rm -f /usr/sbin/policy-rc.d
  if ((rc != 0)); then
    tail -n 20 "$LOG_DIR/apt.log" >&2
    die "apt-get install failed (full log: $LOG_DIR/apt.log)"
  fi
}

# ---------------------------------------------------------------- processes

# PIDs of everything the lab started: processes naming a lab dir on their
# command line (dockerd, its containerd, shims, the registry) plus all their
# descendants (containers, docker-proxy). Never this script or its parents.
lab_pids() {
  local self_chain=" $$ " p=$$
  while [[ $p -gt 1 ]]; do
    # The command name in /proc/PID/stat is in parentheses and may hold spaces
    # ("node (vitest 1)"): the parent PID is the second field after its last ")".
    p=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $2}') || break
    [[ $p =~ ^[0-9]+$ ]] || break
    self_chain+="$p "
  done
  # Patterns go in through the environment: on awk's own command line they
  # would make awk match itself.
  ps -e -o pid=,ppid=,args= 2>/dev/null | LAB_A="$RUN_DIR/" LAB_B="$STATE_DIR/" LAB_SKIP="$self_chain" awk '
    BEGIN { run=ENVIRON["LAB_A"]; state=ENVIRON["LAB_B"]; skip=ENVIRON["LAB_SKIP"] }
    { pid=$1; ppid[pid]=$2; $1=""; $2=""; args[pid]=$0 }
    END {
      for (pid in args) if (index(args[pid], run) || index(args[pid], state)) mark[pid]=1
      do { changed=0
           for (pid in ppid) if (!(pid in mark) && (ppid[pid] in mark)) { mark[pid]=1; changed=1 }
      } while (changed)
      for (pid in mark) if (index(skip, " " pid " ") == 0) print pid
    }'
}

# Live (not zombie) dockerd processes of the lab.
lab_dockerd_pids() {
  local p
  for p in $(pgrep -x dockerd || true); do
    grep -qF "$RUN_DIR/" "/proc/$p/cmdline" 2>/dev/null && echo "$p"
  done
  return 0
}

pid_alive() { [[ -n ${1:-} ]] && kill -0 "$1" 2>/dev/null; }

dockerd_pid() {
  local f=$RUN_DIR/node$1/dockerd.pid
  [[ -s $f ]] && cat "$f"
}

# ---------------------------------------------------------------- network

setup_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$BRIDGE_IP/24" dev "$BRIDGE"
  fi
  ip link set "$BRIDGE" up
  # With br_netfilter loaded, bridged frames traverse the root FORWARD chain,
  # whose policy is DROP on hosts running Docker: let node<->node traffic pass.
  iptables -C FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$LAB" -j ACCEPT 2>/dev/null ||
    iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$LAB" -j ACCEPT
}

setup_node_net() {
  local n=$1 ns veth ip
  ns=$(node_ns "$n") veth=$(node_veth "$n") ip=$(node_ip "$n")
  ip netns add "$ns"
  ip link add "$veth" type veth peer name eth0 netns "$ns"
  ip link set "$veth" master "$BRIDGE" up
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" route add default via "$BRIDGE_IP"
}

# ---------------------------------------------------------------- registry

registry_up() { (exec 3<>"/dev/tcp/$REGISTRY_IP/5000") 2>/dev/null; }

start_registry() {
  if ((LAB_ID != 0)); then
    registry_up || die "lab $LAB_ID pulls from lab 0's registry ($REGISTRY), which is not answering; run scripts/lab.sh up (lab 0) first"
    say "using lab 0's registry on $REGISTRY"
    return 0
  fi
  local pidf=$RUN_DIR/registry.pid
  if pid_alive "$(cat "$pidf" 2>/dev/null)" && registry_up; then return 0; fi
  mkdir -p "$REGISTRY_DIR"
  cat >"$STATE_DIR/registry.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $REGISTRY_DIR
  delete:
    enabled: true
http:
  addr: $REGISTRY
EOF
  : >"$LOG_DIR/registry.log"
  setsid /usr/bin/docker-registry serve "$STATE_DIR/registry.yml" \
    </dev/null >>"$LOG_DIR/registry.log" 2>&1 9<&- &
  echo $! >"$pidf"
  local i
  for ((i = 0; i < 100; i++)); do
    registry_up && { say "registry listening on $REGISTRY"; return 0; }
    pid_alive "$(cat "$pidf")" || break
    sleep 0.1
  done
  tail -n 20 "$LOG_DIR/registry.log" >&2
  die "registry did not start (log: $LOG_DIR/registry.log)"
}

# ---------------------------------------------------------------- dockerd

# overlay2 needs a filesystem that accepts overlay upper dirs; try a real
# overlay mount once and fall back to the slow but universal vfs driver.
pick_storage_driver() {
  local t=$STATE_DIR/.overlay-probe driver=vfs
  rm -rf "$t" && mkdir -p "$t"/{l,u,w,m}
  if mount -t overlay overlay -o "lowerdir=$t/l,upperdir=$t/u,workdir=$t/w" "$t/m" 2>/dev/null; then
    umount "$t/m"
    driver=overlay2
  fi
  rm -rf "$t"
  echo "$driver"
}

start_node() {
  local n=$1 driver=$2 data exec cfg
  data=$STATE_DIR/node$n exec=$RUN_DIR/node$n cfg=$RUN_DIR/node$n.json
  mkdir -p "$data" "$exec"
  # A config file of our own keeps /etc/docker/daemon.json out of the lab;
  # the trust key (engine ID) must differ per node and has no plain flag.
  printf '{"deprecated-key-path": "%s/key.json"}\n' "$data" >"$cfg"
  : >"$LOG_DIR/node$n.log"
  # nsenter (not `ip netns exec`, which remounts /sys and hides cgroups)
  # puts dockerd in the node's netns; unshare --uts gives it its own
  # hostname, which becomes the swarm node name.
  # shellcheck disable=SC2016 # "$0"/"$@" are for the inner sh
  setsid nsenter --net="/run/netns/$(node_ns "$n")" \
    unshare --uts sh -c 'hostname "$0" && exec "$@"' "node$n" \
    dockerd \
    --config-file "$cfg" \
    --data-root "$data" \
    --exec-root "$exec" \
    --pidfile "$exec/dockerd.pid" \
    -H "$(node_host "$n")" \
    --bip "172.30.$n.1/24" \
    --storage-driver "$driver" \
    --insecure-registry "$REGISTRY" \
    --log-level warn \
    --shutdown-timeout 3 \
    </dev/null >>"$LOG_DIR/node$n.log" 2>&1 9<&- &
}

wait_node() {
  local n=$1 i
  for ((i = 0; i < 300; i++)); do
    node_dock "$n" version --format '{{.Server.Version}}' >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "--- tail of $LOG_DIR/node$n.log" >&2
  tail -n 30 "$LOG_DIR/node$n.log" >&2
  die "node$n: dockerd did not answer on $(node_sock "$n") within 30s"
}

# ---------------------------------------------------------------- swarm

swarm_state() { node_dock "$1" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null; }

init_swarm() {
  local nodes=$1 managers=$2 n
  node_dock 1 swarm init --advertise-addr "$(node_ip 1)" >/dev/null
  # Short heartbeat: later fault tests want dead nodes marked Down quickly.
  node_dock 1 swarm update --dispatcher-heartbeat 2s >/dev/null
  say "node1 initialised the swarm (manager, $(node_ip 1))"
  local mtoken wtoken
  mtoken=$(node_dock 1 swarm join-token -q manager)
  wtoken=$(node_dock 1 swarm join-token -q worker)
  # Managers join one at a time (each changes the raft quorum); workers in
  # parallel.
  for ((n = 2; n <= managers; n++)); do
    node_dock "$n" swarm join --token "$mtoken" --advertise-addr "$(node_ip "$n")" "$(node_ip 1):2377" >/dev/null
    say "node$n joined as manager"
  done
  local pids=()
  for ((n = managers + 1; n <= nodes; n++)); do
    { node_dock "$n" swarm join --token "$wtoken" --advertise-addr "$(node_ip "$n")" "$(node_ip 1):2377" >/dev/null &&
        say "node$n joined as worker"; } &
    pids+=($!)
  done
  local p rc=0
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || die "a worker failed to join the swarm (logs: $LOG_DIR/node*.log)"
}

# Prints how many nodes the manager sees as Ready.
ready_count() {
  node_dock 1 node ls --format '{{.Status}}' 2>/dev/null | grep -c '^Ready$' || true
}

wait_ready() {
  local nodes=$1 i
  for ((i = 0; i < 600; i++)); do
    [[ $(ready_count) -eq $nodes ]] && return 0
    sleep 0.1
  done
  node_dock 1 node ls >&2 || true
  die "only $(ready_count) of $nodes nodes became Ready within 60s"
}

# ---------------------------------------------------------------- images

# Content hash of everything the images are built from; a change rebuilds.
images_stamp() {
  {
    declare -f build_rootfs build_images
    cat "$IMAGES_SRC"/*
    sha256sum "$(command -v busybox)"
  } | sha256sum | cut -d' ' -f1
}

images_in_registry() {
  local ref name tag
  for ref in web:1 web:2 unhealthy:1 crash:1 busybox:1; do
    name=${ref%:*} tag=${ref#*:}
    [[ -f $REGISTRY_DIR/docker/registry/v2/repositories/stack-test/$name/_manifests/tags/$tag/current/link ]] || return 1
  done
}

# A busybox-static root filesystem: no image can come from the internet.
build_rootfs() {
  local root=$1 a
  rm -rf "$root"
  mkdir -p "$root"/{bin,etc,tmp,root,www}
  chmod 1777 "$root/tmp"
  cp "$(command -v busybox)" "$root/bin/busybox"
  for a in $("$root/bin/busybox" --list); do
    [[ $a == busybox ]] || ln -s busybox "$root/bin/$a"
  done
  install -m 0755 "$IMAGES_SRC/web-start" "$IMAGES_SRC/idle" "$root/bin/"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
}

# import_image REF CMD_JSON [FILE=CONTENT ...]: the shared rootfs (hard-link
# copy, so it is cheap) plus a few per-image files, imported on node1 (whose
# dockerd then pushes it).
import_image() {
  local ref=$1 cmd=$2 dir=$STATE_DIR/images/img-${1//[:\/]/-} kv
  shift 2
  rm -rf "$dir"
  cp -al "$STATE_DIR/images/rootfs" "$dir"
  for kv in "$@"; do printf '%s\n' "${kv#*=}" >"$dir/${kv%%=*}"; done
  tar -C "$dir" -c . |
    node_dock 1 import -c "CMD $cmd" -c 'ENV PATH=/bin' -c "LABEL stack-lab.image=$ref" - "$IMAGE_REPO/$ref" >/dev/null
  rm -rf "$dir"
}

build_images() {
  build_rootfs "$STATE_DIR/images/rootfs"
  local web='["/bin/web-start"]'
  import_image web:1 "$web" www/index.html='<h1>web v1</h1>' www/version=v1 www/health=ok
  import_image web:2 "$web" www/index.html='<h1>web v2</h1>' www/version=v2 www/health=ok
  # Same server without /www/health, so `test -f /www/health` checks fail.
  import_image unhealthy:1 "$web" www/index.html='<h1>unhealthy v1</h1>' www/version=unhealthy-v1
  import_image crash:1 '["/bin/sh","-c","echo crash: exiting with code 3; exit 3"]'
  import_image busybox:1 '["/bin/idle"]'
}

ensure_images() {
  if ((LAB_ID != 0)); then
    images_in_registry || die "test images are missing from lab 0's registry; run scripts/lab.sh up (lab 0) first"
    return 0
  fi
  local stamp
  stamp=$(images_stamp)
  if [[ $(cat "$STATE_DIR/images/stamp" 2>/dev/null) == "$stamp" ]] && images_in_registry; then
    say "test images already in the registry"
    return 0
  fi
  mkdir -p "$STATE_DIR/images"
  rm -f "$STATE_DIR/images/stamp"
  build_images
  local ref pids=() p rc=0
  for ref in web:1 web:2 unhealthy:1 crash:1 busybox:1; do
    node_dock 1 push -q "$IMAGE_REPO/$ref" >/dev/null &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || rc=1; done
  ((rc == 0)) || die "pushing test images to $REGISTRY failed"
  echo "$stamp" >"$STATE_DIR/images/stamp"
  say "test images pushed to $IMAGE_REPO (web:1 web:2 unhealthy:1 crash:1 busybox:1)"
}

# ---------------------------------------------------------------- state

write_env() {
  local nodes=$1 managers=$2 n mlist=() all=()
  for ((n = 1; n <= nodes; n++)); do
    all+=("$(node_host "$n")")
    ((n <= managers)) && mlist+=("$(node_host "$n")")
  done
  local IFS=,
  cat >"$RUN_DIR/env.tmp" <<EOF
DOCKER_HOST=$(node_host 1)
STACK_LAB_REGISTRY=$REGISTRY
STACK_LAB_MANAGERS=${mlist[*]}
STACK_LAB_HOSTS=${all[*]}
STACK_LAB_NODES=$nodes
STACK_LAB_MANAGER_COUNT=$managers
STACK_LAB_ID=$LAB_ID
EOF
  mv "$RUN_DIR/env.tmp" "$RUN_DIR/env"
}

env_get() { sed -n "s/^$1=//p" "$RUN_DIR/env" 2>/dev/null; }

# Quiet health check of a running lab: returns 0 only when every recorded
# node answers, is in the swarm, is Ready, and the registry holds the images.
lab_healthy() {
  local nodes n
  nodes=$(env_get STACK_LAB_NODES)
  [[ -n $nodes ]] || return 1
  for ((n = 1; n <= nodes; n++)); do
    [[ $(swarm_state "$n") == active ]] || { say "node$n is not an active swarm member"; return 1; }
  done
  [[ $(ready_count) -eq $nodes ]] || { say "not all $nodes nodes are Ready"; return 1; }
  registry_up || { say "registry is not answering"; return 1; }
  images_in_registry || { say "test images are missing"; return 1; }
}

# ---------------------------------------------------------------- commands

cmd_up() {
  local nodes=${1:-3} managers=${2:-1} explicit=$#
  [[ $nodes =~ ^[0-9]+$ && $managers =~ ^[0-9]+$ ]] || die "usage: lab.sh up [NODES] [MANAGERS]"
  ((nodes >= 1 && nodes <= MAX_NODES)) || die "NODES must be 1..$MAX_NODES"
  ((managers >= 1 && managers <= nodes)) || die "MANAGERS must be 1..NODES"
  need_root
  mkdir -p "$LOG_DIR"
  take_lock
  local t0=$SECONDS
  trap 'rc=$?; ((rc == 0)) || say "up failed; logs in $LOG_DIR; clean up with: scripts/lab.sh down" >&2' EXIT

  if [[ -f $RUN_DIR/env ]]; then
    local have_n have_m
    have_n=$(env_get STACK_LAB_NODES) have_m=$(env_get STACK_LAB_MANAGER_COUNT)
    if lab_healthy; then
      if ((explicit == 0)) || [[ $have_n == "$nodes" && $have_m == "$managers" ]]; then
        say "already up ($(plural "$have_n" node), $(plural "$have_m" manager))"
        print_env_hint
        return 0
      fi
      say "running lab has $have_n nodes/$have_m managers; recreating with $nodes/$managers"
    else
      say "found an incomplete lab; recreating it"
    fi
    teardown
  elif [[ -d $RUN_DIR ]] || ip link show "$BRIDGE" >/dev/null 2>&1 || [[ -n $(lab_pids) ]]; then
    say "cleaning up leftovers of a half-done lab"
    teardown
  fi

  ensure_packages
  local cmd
  for cmd in dockerd nsenter unshare ip iptables busybox /usr/bin/docker-registry; do
    command -v "$cmd" >/dev/null || die "$cmd not found after installing packages"
  done
  # No ip_forward/NAT in the root namespace: nodes share one L2 segment and
  # the registry listens on the bridge address itself.
  mkdir -p "$RUN_DIR" "$STATE_DIR"
  # dockerd 20.10 silently uses a system containerd when this socket exists
  # instead of starting a private one per node.
  [[ -e /run/containerd/containerd.sock ]] &&
    say "warning: /run/containerd/containerd.sock exists; all lab nodes will share that containerd (stop it for an isolated lab)"

  setup_bridge
  local n driver
  for ((n = 1; n <= nodes; n++)); do setup_node_net "$n"; done
  say "network: bridge $BRIDGE $BRIDGE_IP/24, nodes $(node_ip 1)..$(node_ip "$nodes")"
  start_registry
  driver=$(pick_storage_driver)
  for ((n = 1; n <= nodes; n++)); do start_node "$n" "$driver"; done
  for ((n = 1; n <= nodes; n++)); do wait_node "$n"; done
  say "$nodes dockerd nodes answering (storage driver $driver)"

  # Images are built on node1 while the other nodes join.
  init_swarm "$nodes" "$managers" &
  local swarm_pid=$!
  ensure_images
  wait "$swarm_pid" || die "swarm setup failed"
  wait_ready "$nodes"
  write_env "$nodes" "$managers"
  say "up: $(plural "$nodes" node) ($(plural "$managers" manager)) Ready in $((SECONDS - t0))s"
  print_env_hint
}

print_env_hint() {
  say "DOCKER_HOST=$(env_get DOCKER_HOST)"
  say "env file: $RUN_DIR/env (eval \"\$(${SUFFIX:+STACK_LAB_ID=$LAB_ID }scripts/lab.sh env)\")"
}

# Tears down everything, tolerating any half-built state.
teardown() {
  local n pids p i

  # 1. Ask every dockerd to stop (it stops containers and its containerd).
  local f
  for f in "$RUN_DIR"/node*/dockerd.pid; do
    if [[ -s $f ]]; then kill -TERM "$(<"$f")" 2>/dev/null || true; fi
  done
  kill -TERM "$(cat "$RUN_DIR/registry.pid" 2>/dev/null)" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    pids=$(lab_dockerd_pids)
    [[ -z $pids ]] && break
    sleep 0.1
  done

  # 2. Kill whatever is left: dockerd that hung, shims, container processes.
  for ((i = 0; i < 3; i++)); do
    pids=$(lab_pids)
    [[ -z $pids ]] && break
    # shellcheck disable=SC2086
    kill -KILL $pids 2>/dev/null || true
    sleep 0.3
  done

  # 3. Mounts dockerd left behind (overlay layers, netns binds, data-root).
  local m
  for ((i = 0; i < 5; i++)); do
    m=$(awk -v a="$RUN_DIR" -v b="$STATE_DIR" '
          $2 == a || $2 == b || index($2, a "/") == 1 || index($2, b "/") == 1 { print $2 }' /proc/mounts | sort -r)
    [[ -z $m ]] && break
    while read -r p; do umount "$p" 2>/dev/null || umount -l "$p" 2>/dev/null || true; done <<<"$m"
  done

  # 4. Network: namespaces (take their veth ends along), stray veths, bridge.
  for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep "^$LAB-node" || true); do
    ip netns del "$ns" 2>/dev/null || true
  done
  for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^stlab$SUFFIX-n" || true); do
    ip link del "$l" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  while iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$LAB" -j ACCEPT 2>/dev/null; do :; done
  unblock_registry
  # `ip netns add` bind-mounts /run/netns onto itself; undo that when we
  # were the only users.
  if [[ -d /run/netns && -z $(ls -A /run/netns 2>/dev/null) ]]; then
    umount /run/netns 2>/dev/null || true
    rmdir /run/netns 2>/dev/null || true
  fi

  # 5. Files: sockets/exec-roots and the data-roots (for determinism); the
  # registry storage and image cache stay to speed up the next `up`.
  rm -rf "$RUN_DIR"
  for d in "$STATE_DIR"/node*; do [[ -e $d ]] && rm -rf "$d"; done
  return 0
}

cmd_down() {
  need_root
  take_lock
  local t0=$SECONDS
  teardown
  local left
  left=$(lab_pids)
  [[ -z $left ]] || say "warning: processes still alive: $left"
  say "down in $((SECONDS - t0))s"
}

cmd_env() {
  [[ -f $RUN_DIR/env ]] || die "the lab is not up (no $RUN_DIR/env); run: sudo${SUFFIX:+ STACK_LAB_ID=$LAB_ID} scripts/lab.sh up"
  sed -e '/^$/d' -e 's/^/export /' "$RUN_DIR/env"
}

cmd_status() {
  if [[ ! -f $RUN_DIR/env ]]; then
    say "down"
    [[ -n $(lab_pids) ]] && say "warning: leftover lab processes: $(lab_pids | tr '\n' ' ')"
    return 3
  fi
  local nodes managers n rc=0
  nodes=$(env_get STACK_LAB_NODES) managers=$(env_get STACK_LAB_MANAGER_COUNT)
  say "up: $(plural "$nodes" node), $(plural "$managers" manager); registry $REGISTRY ($(registry_up && echo answering || echo NOT answering))"
  for ((n = 1; n <= nodes; n++)); do
    local pid state
    pid=$(dockerd_pid "$n" || true) state=$(swarm_state "$n" || true)
    printf 'lab:   node%-2s %-15s netns %-18s pid %-7s swarm %s\n' "$n" "$(node_ip "$n")" "$(node_ns "$n")" \
      "${pid:-?}" "${state:-unreachable}"
    [[ $state == active ]] || rc=1
  done
  node_dock 1 node ls 2>/dev/null | sed 's/^/lab:   /' || rc=1
  if images_in_registry; then
    say "images: $IMAGE_REPO/{web:1,web:2,unhealthy:1,crash:1,busybox:1}"
  else
    say "images: missing"
    rc=1
  fi
  return "$rc"
}

# ---------------------------------------------------------------- faults

lab_nodes_count() {
  local nodes
  nodes=$(env_get STACK_LAB_NODES)
  [[ -n $nodes ]] || die "the lab is not up (no $RUN_DIR/env)"
  echo "$nodes"
}

check_node_arg() {
  local n=${1:-} nodes
  nodes=$(lab_nodes_count)
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= nodes)) || die "usage: lab.sh node-stop|node-start N (N in 1..$nodes)"
}

# Stops node N's dockerd the way a host shutdown would (TERM: containers get
# 3 s, then dockerd and its containerd exit) and waits until it is gone.
cmd_node_stop() {
  need_root
  check_node_arg "${1:-}"
  take_lock
  local n=$1 pid i
  pid=$(dockerd_pid "$n" || true)
  if ! pid_alive "$pid"; then say "node$n is already stopped"; return 0; fi
  kill -TERM "$pid"
  for ((i = 0; i < 200; i++)); do
    pid_alive "$pid" || { say "node$n stopped"; return 0; }
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  say "node$n did not stop within 20s; killed"
}

# Starts node N's dockerd again with the same arguments and data-root: it
# rejoins the swarm by itself. Waits until its Engine answers.
cmd_node_start() {
  need_root
  check_node_arg "${1:-}"
  take_lock
  local n=$1
  if pid_alive "$(dockerd_pid "$n" || true)"; then say "node$n is already running"; return 0; fi
  start_node "$n" "$(pick_storage_driver)"
  wait_node "$n"
  say "node$n started"
}

registry_rule() { echo INPUT -i "$BRIDGE" -p tcp --dport 5000 -m comment --comment "$LAB-registry-block" -j REJECT --reject-with tcp-reset; }

# The registry (lab 0's, in the root namespace) refuses connections from this
# lab's nodes only; other labs keep pulling.
cmd_registry_block() {
  need_root
  [[ -f $RUN_DIR/env ]] || die "the lab is not up (no $RUN_DIR/env)"
  # shellcheck disable=SC2046
  iptables -C $(registry_rule) 2>/dev/null || iptables -I $(registry_rule)
  say "registry $REGISTRY blocked for lab $LAB_ID"
}

unblock_registry() {
  # shellcheck disable=SC2046
  while iptables -D $(registry_rule) 2>/dev/null; do :; done
}

cmd_registry_unblock() {
  need_root
  unblock_registry
  say "registry $REGISTRY reachable again for lab $LAB_ID"
}

main() {
  local cmd=${1:-}
  shift || true
  case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    env) cmd_env ;;
    status) cmd_status ;;
    node-stop) cmd_node_stop "$@" ;;
    node-start) cmd_node_start "$@" ;;
    registry-block) cmd_registry_block ;;
    registry-unblock) cmd_registry_unblock ;;
    *) echo "usage: $0 up [NODES] [MANAGERS] | down | env | status | node-stop N | node-start N | registry-block | registry-unblock" >&2; exit 2 ;;
  esac
}

main "$@"
