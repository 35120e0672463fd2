#!/usr/bin/env bash
# make bench-log — the replicated log under closed-loop load, beside etcd 3.4 and ZooKeeper 3.8.
#
# Each system runs as 3 members on 127.0.0.1 with fresh data directories, fsync on, started and
# stopped by this script; one load generator (`thresig-replica bench`) drives 100-byte writes at
# 1, 16 and 64 concurrent closed-loop clients, then `thresig-replica failover` kills the leader
# with SIGKILL under one client and times the next acknowledged write (repeated, median).
#
# Environment: BENCH_SECONDS (10), BENCH_CLIENTS ("1 16 64"), BENCH_FAILOVERS (5),
# BENCH_SYSTEMS ("thresig etcd zookeeper"), BENCH_VALUE_BYTES (100), BENCH_KEEP (keep the logs).
# Installs Debian's etcd-server and zookeeper packages if missing (root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

SECS=${BENCH_SECONDS:-10}
CLIENTS=${BENCH_CLIENTS:-"1 16 64"}
FAILOVERS=${BENCH_FAILOVERS:-5}
SYSTEMS=${BENCH_SYSTEMS:-"thresig etcd zookeeper"}
VALUE=${BENCH_VALUE_BYTES:-100}
BIN=.build/release/thresig-replica
WORK=$(mktemp -d /tmp/thresig-bench-log.XXXXXX)
RESULTS=$WORK/results.txt
PIDS=()
: > "$RESULTS"

cleanup() {
    for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
    if [ -n "${BENCH_KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

[ -x "$BIN" ] || { echo "build first: $BIN missing" >&2; exit 1; }

need_packages() {
    local missing=()
    [[ " $SYSTEMS " == *" etcd "* ]] && ! command -v etcd >/dev/null && missing+=(etcd-server)
    [[ " $SYSTEMS " == *" zookeeper "* ]] && [ ! -e /usr/share/java/zookeeper.jar ] && missing+=(zookeeper)
    if [ ${#missing[@]} -gt 0 ]; then
        local sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
        echo "installing ${missing[*]} (Debian packages)…"
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# poll CMD… until it succeeds, at most $1 seconds (a bound, not a fixed wait).
poll() {
    local limit=$1; shift
    local end=$(( $(date +%s) + limit ))
    until "$@" >/dev/null 2>&1; do
        [ "$(date +%s)" -lt "$end" ] || { echo "timed out: $*" >&2; return 1; }
        sleep 0.05
    done
}

alive() { for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
stop_all() { # SIGTERM, wait (bounded) for the processes to exit, then SIGKILL what is left
    kill -TERM "$@" 2>/dev/null || true
    local end=$(( $(date +%s) + 15 ))
    while alive "$@" && [ "$(date +%s)" -lt "$end" ]; do sleep 0.05; done
    kill -9 "$@" 2>/dev/null || true
}

free_base() { # a base port with 9 free ports from it
    while :; do
        local b=$(( 20000 + RANDOM % 30000 )) ok=1
        for o in 0 1 2 3 4 5 6 7 8; do
            if (exec 3<>/dev/tcp/127.0.0.1/$((b + o))) 2>/dev/null; then ok=0; break; fi
        done
        [ $ok = 1 ] && { echo $b; return; }
    done
}

run_load() { # system endpoints
    for c in $CLIENTS; do
        line=$("$BIN" bench --system "$1" --endpoints "$2" --clients "$c" --seconds "$SECS" --value-bytes "$VALUE")
        echo "  $line"
        echo "$line" >> "$RESULTS"
    done
}

run_failovers() { # system endpoints restart-function pids-function
    local times=()
    for r in $(seq 1 "$FAILOVERS"); do
        local out
        out=$("$BIN" failover --system "$1" --endpoints "$2" --pids "$($4)" --value-bytes "$VALUE") || { echo "  failover $r failed"; continue; }
        echo "  $out"
        times+=("$(echo "$out" | sed -n 's/.*recovery_ms=\([0-9.]*\).*/\1/p')")
        $3 "$(echo "$out" | sed -n 's/.*killed=\([0-9]*\).*/\1/p')"
    done
    if [ ${#times[@]} -gt 0 ]; then
        local median
        median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')
        echo "system=$1 failover_median_ms=$median runs=${#times[@]}" | tee -a "$RESULTS" | sed 's/^/  /'
    fi
}

# ---------------------------------------------------------------- thresig
THRESIG_PIDS=(0 0 0)
thresig_start() { # index
    "$BIN" run --dir "$WORK/thresig" --index "$1" --fsync on --log-level warning 2>>"$WORK/thresig/replica-$1.log" &
    THRESIG_PIDS[$1]=$!
    disown $!  # no job-control notices when the failover kills it
    PIDS+=($!)
}
thresig_restart() { # index
    thresig_start "$1"
    poll 20 sh -c "'$BIN' status --dir '$WORK/thresig' --index $1 | grep -q 'status=normal'"
}
thresig_has_primary() { # some replica is the normal primary of its view
    "$BIN" status --dir "$WORK/thresig" | grep -Eq 'replica=([0-9]+) view=[0-9]+ status=normal primary=\1 '
}
thresig_pids() { echo "${THRESIG_PIDS[0]},${THRESIG_PIDS[1]},${THRESIG_PIDS[2]}"; }
bench_thresig() {
    local base; base=$(free_base)
    "$BIN" init --replicas 3 --dir "$WORK/thresig" --base-port "$base" >/dev/null
    for i in 0 1 2; do thresig_start $i; done
    local ep="127.0.0.1:$((base+1)),127.0.0.1:$((base+3)),127.0.0.1:$((base+5))"
    poll 30 thresig_has_primary
    echo "thresig (3 replicas, VSR over mutual TLS 1.3, fsync on)"
    run_load thresig "$ep"
    run_failovers thresig "$ep" thresig_restart thresig_pids
    stop_all "${THRESIG_PIDS[@]}"
}

# ---------------------------------------------------------------- etcd
ETCD_PIDS=(0 0 0)
etcd_start() { # index
    local i=$1
    etcd --name "m$i" --data-dir "$WORK/etcd/m$i" \
        --listen-client-urls "http://127.0.0.1:$((ETCD_BASE + 2*i))" --advertise-client-urls "http://127.0.0.1:$((ETCD_BASE + 2*i))" \
        --listen-peer-urls "http://127.0.0.1:$((ETCD_BASE + 2*i + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((ETCD_BASE + 2*i + 1))" \
        --initial-cluster "$ETCD_CLUSTER" --initial-cluster-token bench --initial-cluster-state new \
        --logger zap --log-level error >>"$WORK/etcd-m$i.log" 2>&1 &
    ETCD_PIDS[$i]=$!
    disown $!  # no job-control notices when the failover kills it
    PIDS+=($!)
}
etcd_restart() {
    etcd_start "$1"
    poll 30 sh -c "curl -sf http://127.0.0.1:$((ETCD_BASE + 2*$1))/health | grep -q true"
}
etcd_pids() { echo "${ETCD_PIDS[0]},${ETCD_PIDS[1]},${ETCD_PIDS[2]}"; }
bench_etcd() {
    ETCD_BASE=$(free_base)
    ETCD_CLUSTER="m0=http://127.0.0.1:$((ETCD_BASE+1)),m1=http://127.0.0.1:$((ETCD_BASE+3)),m2=http://127.0.0.1:$((ETCD_BASE+5))"
    mkdir -p "$WORK/etcd"
    for i in 0 1 2; do etcd_start $i; done
    for i in 0 1 2; do poll 30 sh -c "curl -sf http://127.0.0.1:$((ETCD_BASE + 2*i))/health | grep -q true"; done
    local ep="127.0.0.1:$ETCD_BASE,127.0.0.1:$((ETCD_BASE+2)),127.0.0.1:$((ETCD_BASE+4))"
    echo "etcd $(etcd --version | head -1 | awk '{print $3}') (3 members, v3 HTTP/JSON gateway, keep-alive)"
    run_load etcd "$ep"
    run_failovers etcd "$ep" etcd_restart etcd_pids
    stop_all "${ETCD_PIDS[@]}"
}

# ---------------------------------------------------------------- ZooKeeper
ZK_PIDS=(0 0 0)
ZK_CP=""
zk_start() { # index
    local i=$1
    java -Xmx512m -cp "$ZK_CP" -Dzookeeper.log.dir="$WORK/zk" -Dzookeeper.root.logger=ERROR,CONSOLE \
        org.apache.zookeeper.server.quorum.QuorumPeerMain "$WORK/zk/m$i/zoo.cfg" >>"$WORK/zk-m$i.log" 2>&1 &
    ZK_PIDS[$i]=$!
    disown $!  # no job-control notices when the failover kills it
    PIDS+=($!)
}
zk_ready() { # index: serving (leader or follower)
    exec 3<>"/dev/tcp/127.0.0.1/$((ZK_BASE + 3*$1))" && printf srvr >&3 && grep -q "Mode: " <&3
}
zk_restart() { zk_start "$1"; poll 60 zk_ready "$1"; }
zk_pids() { echo "${ZK_PIDS[0]},${ZK_PIDS[1]},${ZK_PIDS[2]}"; }
bench_zookeeper() {
    ZK_BASE=$(free_base)
    ZK_CP="/etc/zookeeper/conf:/usr/share/java/zookeeper.jar" # As Debian's zkEnv.sh.
    for i in 0 1 2; do
        mkdir -p "$WORK/zk/m$i/data"
        echo $((i + 1)) > "$WORK/zk/m$i/data/myid"
        cat > "$WORK/zk/m$i/zoo.cfg" <<CFG
tickTime=2000
initLimit=10
syncLimit=5
dataDir=$WORK/zk/m$i/data
clientPort=$((ZK_BASE + 3*i))
admin.enableServer=false
4lw.commands.whitelist=srvr
server.1=127.0.0.1:$((ZK_BASE + 1)):$((ZK_BASE + 2))
server.2=127.0.0.1:$((ZK_BASE + 4)):$((ZK_BASE + 5))
server.3=127.0.0.1:$((ZK_BASE + 7)):$((ZK_BASE + 8))
CFG
    done
    for i in 0 1 2; do zk_start $i; done
    for i in 0 1 2; do poll 60 zk_ready $i; done
    local ep="127.0.0.1:$ZK_BASE,127.0.0.1:$((ZK_BASE+3)),127.0.0.1:$((ZK_BASE+6))"
    echo "ZooKeeper 3.8 (3-member ensemble, jute client, fsync on)"
    run_load zookeeper "$ep"
    run_failovers zookeeper "$ep" zk_restart zk_pids
    stop_all "${ZK_PIDS[@]}"
}

need_packages
echo "== make bench-log: ${SECS}s per run, clients: $CLIENTS, ${VALUE}-byte writes, $FAILOVERS leader kills each =="
for s in $SYSTEMS; do "bench_$s"; echo; done

# ---------------------------------------------------------------- summary
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
echo "== summary (thresig / anchor ratios: throughput higher is better, latency lower is better) =="
printf '%-9s %-9s %10s %9s %9s %9s\n' clients system ops/s p50_ms p99_ms max_ms
for c in $CLIENTS; do
    for s in $SYSTEMS; do
        l=$(grep "^system=$s clients=$c " "$RESULTS" || true)
        [ -n "$l" ] && printf '%-9s %-9s %10s %9s %9s %9s\n' "$c" "$s" "$(echo "$l" | field ops_per_s)" \
            "$(echo "$l" | field p50_ms)" "$(echo "$l" | field p99_ms)" "$(echo "$l" | field max_ms)"
    done
    t=$(grep "^system=thresig clients=$c " "$RESULTS" || true)
    for a in etcd zookeeper; do
        l=$(grep "^system=$a clients=$c " "$RESULTS" || true)
        if [ -n "$t" ] && [ -n "$l" ]; then
            awk -v c="$c" -v a="$a" -v t1="$(echo "$t" | field ops_per_s)" -v a1="$(echo "$l" | field ops_per_s)" \
                -v t2="$(echo "$t" | field p99_ms)" -v a2="$(echo "$l" | field p99_ms)" \
                -v t3="$(echo "$t" | field max_ms)" -v a3="$(echo "$l" | field max_ms)" \
                'BEGIN { printf "          thresig/%s at %s clients: throughput %.2fx, p99 %.2fx, max %.2fx\n", a, c, t1/a1, t2/a2, t3/a3 }'
        fi
    done
done
for s in $SYSTEMS; do
    l=$(grep "^system=$s failover_median_ms" "$RESULTS" || true)
    [ -n "$l" ] && echo "kill -9 of the leader → next committed write, $s: median $(echo "$l" | field failover_median_ms) ms ($(echo "$l" | field runs) runs)"
done
