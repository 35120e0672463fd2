#!/usr/bin/env bash
# A local Thresig cluster on loopback: N `thresigd` processes on one machine, for trying the
# product, demos (`make run`) and benchmarks. Not a production deployment — see
# deploy/README.md and deploy/thresigd@.service for that.
#
#   deploy/local-cluster.sh start  --nodes N --dir DIR [--base-port P] [--threshold-default T] [--timeout S]
#   deploy/local-cluster.sh stop   --dir DIR [--timeout S]
#   deploy/local-cluster.sh status --dir DIR
#
# start: runs `thresig cluster init` when DIR holds no cluster (cluster.json) yet, adds a
#   cluster-wide operator token (DIR/operator-token, accepted by every node), starts one
#   `thresigd --config DIR/node-k/thresigd.yaml` per node in the background (log
#   DIR/node<k>.log, PID in DIR/node<k>.pid), waits until every node's /readyz answers 200
#   (at most --timeout seconds, default 90), then writes DIR/env (mode 0600):
#     THRESIG_API=http://<node 1's API>      THRESIG_API_<k>=http://<node k's API>
#     THRESIG_TOKEN=<operator token>         THRESIG_TOKEN_<k>=<node k's admin token>
#   so that `. DIR/env` points the thresig CLI at the cluster.
# stop: SIGTERM to every node, waits up to --timeout seconds (default 30) for each to exit,
#   reports each node; a node still running then gets SIGKILL and the command exits 1.
# status: per node: PID alive or not, /healthz and /readyz status codes; then
#   `thresig cluster status` through the first ready node.
#
# Binaries: $THRESIGD and $THRESIG, default .build/release/{thresigd,thresig} of this checkout.
# THRESIG_TEST_PRIMES=1 (when the cluster is created): every node takes its ECDSA Paillier primes
#   from the PUBLIC pool deploy/testing/safe-primes-1536.txt (ecdsa.safe_prime_pool_file) instead of
#   generating them — fast, for demos and tests only, never for real keys.
# Exit status: 0 success; 1 a node failed to start, get ready or stop in time; 2 bad usage.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
THRESIGD="${THRESIGD:-$repo/.build/release/thresigd}"
THRESIG="${THRESIG:-$repo/.build/release/thresig}"

usage() {
  sed -n '6,8p' "${BASH_SOURCE[0]}" | sed 's/^# //' >&2
  exit 2
}
die() { echo "local-cluster: $1" >&2; exit "${2:-1}"; }

[ $# -ge 1 ] || usage
command="$1"; shift
case "$command" in start|stop|status) ;; *) echo "local-cluster: unknown command '$command'" >&2; usage ;; esac
nodes="" dir="" base_port=7100 threshold="" timeout=""
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="${2:?}"; shift 2 ;;
    --dir) dir="${2:?}"; shift 2 ;;
    --base-port) base_port="${2:?}"; shift 2 ;;
    --threshold-default) threshold="${2:?}"; shift 2 ;;
    --timeout) timeout="${2:?}"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "local-cluster: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$dir" ] || die "--dir DIR is required" 2
for number in "$nodes" "$base_port" "$threshold" "$timeout"; do
  [[ -z "$number" || "$number" =~ ^[0-9]+$ ]] || die "'$number' is not a number" 2
done

# API addresses of the members, node 1 first, from the cluster definition.
api_addresses() {
  python3 -c 'import json,sys; [print(m["api_address"]) for m in json.load(open(sys.argv[1]))["members"]]' "$dir/cluster.json"
}

# True when DIR/node<k>.pid names a live thresigd (not a recycled PID).
node_pid() {
  local pidfile="$dir/node$1.pid" pid
  [ -f "$pidfile" ] || return 1
  pid="$(cat "$pidfile")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q thresigd || return 1
  echo "$pid"
}

http_code() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$1$2" 2>/dev/null || true; }

# A 32-byte random token as hex, written 0600 without ever being in a command line.
new_token() {
  (umask 077; od -An -vtx1 -N32 /dev/urandom | tr -d ' \n' > "$1"; echo >> "$1")
}

# Adds the operator token to every node's token list (docs/operations.md, api.tokens):
# one THRESIG_TOKEN that any node accepts, so the CLI can switch nodes after a failover.
add_operator_token() {
  new_token "$dir/operator-token"
  local config
  for config in "$dir"/node-*/thresigd.yaml; do
    python3 - "$config" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
anchor = "  tokens:\n"
assert anchor in text, f"{path}: no api.tokens list"
entry = '    - token_file: ../operator-token\n      keys: ["*"]\n'
open(path, "w").write(text.replace(anchor, anchor + entry, 1))
PY
  done
}

start() {
  [ -x "$THRESIGD" ] || die "no thresigd at $THRESIGD (build: swift build -c release --product thresigd, or set THRESIGD)"
  if [ ! -f "$dir/cluster.json" ]; then
    [ -n "$nodes" ] || die "--nodes N is required to create a cluster in $dir" 2
    [ -x "$THRESIG" ] || die "no thresig at $THRESIG (or set THRESIG)"
    # Default threshold: n − ⌊(n−1)/3⌋ (3 of 4, 5 of 7): a majority that tolerates ⌊(n−1)/3⌋ down.
    local t="${threshold:-$(( nodes - (nodes - 1) / 3 ))}"
    echo "local-cluster: creating a $nodes-node cluster in $dir (thresig cluster init, threshold default $t)"
    "$THRESIG" cluster init --nodes "$nodes" --threshold-default "$t" --dir "$dir" --base-port "$base_port" >/dev/null
    add_operator_token
    if [ "${THRESIG_TEST_PRIMES:-0}" = 1 ]; then
      echo "local-cluster: ECDSA Paillier primes from the PUBLIC test pool (demo only)"
      for config in "$dir"/node-*/thresigd.yaml; do
        printf 'ecdsa:\n  # PUBLIC primes: tests and demos only.\n  safe_prime_pool_file: %s\n' "$repo/deploy/testing/safe-primes-1536.txt" >> "$config"
      done
    fi
  fi
  mapfile -t apis < <(api_addresses)
  local count="${#apis[@]}"
  [ -z "$nodes" ] || [ "$nodes" = "$count" ] || die "$dir holds a $count-node cluster, not $nodes" 2

  local k pid
  for k in $(seq 1 "$count"); do
    if pid="$(node_pid "$k")"; then
      echo "local-cluster: node $k already running (PID $pid)"
      continue
    fi
    # setsid: the daemons outlive this script and a ^C in its terminal; `stop` ends them.
    setsid "$THRESIGD" --config "$dir/node-$k/thresigd.yaml" >>"$dir/node$k.log" 2>&1 </dev/null &
    echo $! > "$dir/node$k.pid"
    echo "local-cluster: started node $k (PID $!, API ${apis[$((k - 1))]}, log $dir/node$k.log)"
  done

  # Ready = joined the log and caught up (/readyz 200). Poll every 0.2 s, bounded.
  local bound="${timeout:-90}" waited=0 ready
  while :; do
    ready=0
    for k in $(seq 1 "$count"); do
      if ! node_pid "$k" >/dev/null; then
        echo "local-cluster: node $k exited during start; the end of $dir/node$k.log:" >&2
        tail -n 20 "$dir/node$k.log" >&2 || true
        exit 1
      fi
      [ "$(http_code "${apis[$((k - 1))]}" /readyz)" = 200 ] && ready=$((ready + 1))
    done
    [ "$ready" = "$count" ] && break
    if [ "$waited" -ge $((bound * 5)) ]; then
      die "only $ready of $count nodes ready after ${bound}s (logs: $dir/node<k>.log; stop with: $0 stop --dir $dir)"
    fi
    sleep 0.2; waited=$((waited + 1))
  done

  local env_file="$dir/env"
  (
    umask 077
    {
      echo "# Written by deploy/local-cluster.sh start; use with: . $env_file"
      echo "THRESIG_API=http://${apis[0]}"
      for k in $(seq 1 "$count"); do echo "THRESIG_API_$k=http://${apis[$((k - 1))]}"; done
      if [ -f "$dir/operator-token" ]; then
        echo "THRESIG_TOKEN=$(tr -d '\n' < "$dir/operator-token")"
      else
        echo "THRESIG_TOKEN=$(tr -d '\n' < "$dir/node-1/node/admin-token")"
      fi
      for k in $(seq 1 "$count"); do echo "THRESIG_TOKEN_$k=$(tr -d '\n' < "$dir/node-$k/node/admin-token")"; done
      # THRESIG_API_<k> too: `thresig cluster status` falls back to them when THRESIG_API is down.
      echo "export THRESIG_API THRESIG_TOKEN$(for k in $(seq 1 "$count"); do printf ' THRESIG_API_%s' "$k"; done)"
    } > "$env_file.tmp"
    mv "$env_file.tmp" "$env_file"
  )
  echo "local-cluster: $count nodes ready in $(( waited / 5 )).$(( waited % 5 * 2 ))s; environment in $env_file (. $env_file)"
}

stop() {
  [ -d "$dir" ] || die "no directory $dir" 2
  local bound="${timeout:-30}" k pid pids=() names=() failed=0
  for pidfile in "$dir"/node*.pid; do
    [ -e "$pidfile" ] || continue
    k="${pidfile##*/node}"; k="${k%.pid}"
    if pid="$(node_pid "$k")"; then
      kill -TERM "$pid" && pids+=("$pid") && names+=("$k")
    else
      echo "local-cluster: node $k was not running"
      rm -f "$pidfile"
    fi
  done
  # One clock for all nodes: they were all signalled at once and stop in parallel.
  local i waited=0
  for i in "${!pids[@]}"; do
    pid="${pids[$i]}"; k="${names[$i]}"
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((bound * 5)) ]; do sleep 0.2; waited=$((waited + 1)); done
    if kill -0 "$pid" 2>/dev/null; then
      echo "local-cluster: node $k (PID $pid) still running ${bound}s after SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      failed=1
    else
      echo "local-cluster: node $k stopped (PID $pid, within $(( waited / 5 )).$(( waited % 5 * 2 ))s of SIGTERM)"
    fi
    rm -f "$dir/node$k.pid"
  done
  [ "${#pids[@]}" -gt 0 ] || echo "local-cluster: nothing to stop in $dir"
  return "$failed"
}

status() {
  [ -f "$dir/cluster.json" ] || die "no cluster in $dir" 2
  mapfile -t apis < <(api_addresses)
  local k pid all_ready=1
  for k in $(seq 1 "${#apis[@]}"); do
    local api="${apis[$((k - 1))]}"
    if pid="$(node_pid "$k")"; then
      printf 'node %-3s PID %-8s API %-21s healthz %s  readyz %s\n' "$k" "$pid" "$api" \
        "$(http_code "$api" /healthz)" "$(http_code "$api" /readyz)"
    else
      printf 'node %-3s not running   API %s\n' "$k" "$api"
      all_ready=0
    fi
  done
  if [ -f "$dir/env" ] && [ -x "$THRESIG" ]; then
    # Ask the first ready node (node 1 may be the one that is down).
    local asked=0
    for k in $(seq 1 "${#apis[@]}"); do
      [ "$(http_code "${apis[$((k - 1))]}" /readyz)" = 200 ] || continue
      # shellcheck disable=SC1091
      (. "$dir/env"; "$THRESIG" cluster status --api "http://${apis[$((k - 1))]}") || all_ready=0
      asked=1; break
    done
    [ "$asked" = 1 ] || { echo "no node is ready"; all_ready=0; }
  fi
  [ "$all_ready" = 1 ]
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) usage ;;
esac
