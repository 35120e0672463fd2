#!/usr/bin/env bash
# make bench-cluster: signing throughput over HTTP on a fresh 4-node local cluster (all on this
# machine), for a 3-of-4 BLS key and, in the same run, a 1-of-1 key as the baseline (no partial
# round-trips, one share), with `thresig bench cluster` at 32 closed-loop clients against the
# primary's API. Prints both, the threshold/baseline throughput ratio and whether the issue 6
# goals are met (>= 300 signatures/s at 32 clients, p99 <= 20 ms for the 3-of-4 key).
#
# Environment: DURATION (measured seconds, default 10), WARMUP (default 3), CLIENTS (default 32),
# BASE_PORT (default 7700: node k's log on BASE_PORT+k, its API on BASE_PORT+100+k),
# KEEP=1 leaves the cluster running. Exit status: 0 measured (goals met or not); 1 a step failed.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
bin="$repo/.build/release"
duration="${DURATION:-10}" warmup="${WARMUP:-3}" clients="${CLIENTS:-32}" base_port="${BASE_PORT:-7700}"
for f in thresig thresigd; do
  [ -x "$bin/$f" ] || { echo "bench-cluster: $bin/$f is missing (swift build -c release)" >&2; exit 1; }
done

dir="$(mktemp -d "${TMPDIR:-/tmp}/thresig-bench.XXXXXX")"
finish() {
  local status=$?
  if [ "${KEEP:-0}" = 1 ]; then
    echo "KEEP=1: the cluster keeps running in $dir (stop: deploy/local-cluster.sh stop --dir $dir)"
    return
  fi
  deploy/local-cluster.sh stop --dir "$dir" >/dev/null || status=1
  if [ "$status" = 0 ]; then rm -rf "$dir"; else echo "bench-cluster FAILED; node logs kept in $dir" >&2; exit "$status"; fi
}
trap finish EXIT

echo "== a fresh 4-node cluster in $dir =="
deploy/local-cluster.sh start --nodes 4 --dir "$dir" --base-port "$base_port"
# shellcheck disable=SC1091
. "$dir/env"
primary="$("$bin/thresig" cluster status --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["primary"])')"
api_var="THRESIG_API_$primary"
api="${!api_var}"
echo "primary: node $primary ($api); every client talks to it (no forwarding hop)"

key_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["key_id"])' "$1"; }
echo "== keys =="
(cd "$dir" && "$bin/thresig" dkg --scheme bls --threshold 3 --committee-size 4 --label bench-3of4 | grep -E '^(key id|scheme):')
(cd "$dir" && "$bin/thresig" dkg --scheme bls --threshold 1 --committee-size 1 --label bench-1of1 | grep -E '^(key id|scheme):')
threshold_key="$(key_of "$dir/bench-3of4.lock.json")"
baseline_key="$(key_of "$dir/bench-1of1.lock.json")"

run() {
  echo "== $1: $clients clients, ${warmup}s warm-up, ${duration}s measured ==" >&2
  "$bin/thresig" bench cluster --api "$api" --key "$2" --concurrency "$clients" --duration "$duration" \
    --warmup "$warmup" --json
}
threshold_json="$(run "3-of-4 BLS" "$threshold_key")"
baseline_json="$(run "1-of-1 BLS (baseline)" "$baseline_key")"

python3 - "$threshold_json" "$baseline_json" "$clients" <<'PY'
import json, sys
t, b, clients = json.loads(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
def show(name, r):
    l = r["latency_ms"]
    f = lambda v: "n/a" if v is None else f"{v:.2f}"
    errors = ", ".join(f"{k}: {v}" for k, v in r["errors"].items()) or "0"
    print(f"{name:<22} {r['signatures_per_second']:8.1f} sig/s  ({r['signatures']} in {r['duration_s']:.1f} s)  "
          f"p50 {f(l['p50'])} ms  p99 {f(l['p99'])} ms  p999 {f(l['p999'])} ms  max {f(l['max'])} ms  errors {errors}  "
          f"finished after the window {r['late']}")
print()
show("3-of-4 BLS", t)
show("1-of-1 BLS (baseline)", b)
ratio = t["signatures_per_second"] / b["signatures_per_second"] if b["signatures_per_second"] else float("nan")
print(f"threshold/baseline throughput ratio: {ratio:.2f}")
tput, p99 = t["signatures_per_second"], t["latency_ms"]["p99"]
print(f"goal >= 300 signatures/s at {clients} clients: {'MET' if tput >= 300 else 'NOT MET'} ({tput:.1f})")
print(f"goal p99 <= 20 ms: {'MET' if p99 is not None and p99 <= 20 else 'NOT MET'} ({'n/a' if p99 is None else f'{p99:.2f} ms'})")
PY
