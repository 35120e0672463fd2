#!/usr/bin/env bash
# The second half of `make run` (the Makefile has already installed the dependencies and made
# the release build): a 4-node local cluster, a 3-of-4 BLS key made by a GJKR ceremony through
# `thresig dkg`, a signature through the HTTP API checked by an independent implementation
# (pyblst), an idempotent replay, a signature after kill -9 of the primary, the conformance vectors, and the cluster stopped at the end
# (kept running with KEEP=1). Arguments: extra vector directories for `thresig vectors verify`.
#
# Environment: KEEP=1 leaves the cluster running; BASE_PORT (default 7400) places the ports:
# node k's log on BASE_PORT+k, its API on BASE_PORT+100+k.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
bin="$repo/.build/release"
py="$repo/.venv/bin/python"
base_port="${BASE_PORT:-7400}"
step=3
section() { echo; echo "== $step/9 $* =="; step=$((step + 1)); }

[ -x "$bin/thresigd" ] || { echo "make run: $bin/thresigd is missing (did the build include the thresigd product?)" >&2; exit 1; }
dir="$(mktemp -d "${TMPDIR:-/tmp}/thresig-run.XXXXXX")"
finish() {
  local status=$?
  if [ "${KEEP:-0}" = 1 ]; then
    echo
    echo "KEEP=1: the cluster keeps running in $dir. Try:"
    echo "  deploy/local-cluster.sh start --dir $dir     # brings back the node killed in step 8"
    echo "  . $dir/env && $bin/thresig cluster status"
    echo "  deploy/local-cluster.sh stop --dir $dir"
    return
  fi
  echo
  echo "== stopping the cluster =="
  deploy/local-cluster.sh stop --dir "$dir" || status=1
  if [ "$status" = 0 ]; then
    rm -rf "$dir"
  else
    echo "make run FAILED (status $status); node logs kept in $dir/node<k>.log" >&2
    exit "$status"
  fi
}
trap finish EXIT

section "A 4-node cluster on loopback (deploy/local-cluster.sh start)"
echo "thresig cluster init writes each node's identity, TLS certificate, config and tokens;"
echo "then four thresigd processes join the session log (Viewstamped Replication over mutual TLS)."
deploy/local-cluster.sh start --nodes 4 --dir "$dir" --base-port "$base_port"
# shellcheck disable=SC1091
. "$dir/env"
"$bin/thresig" cluster status

section "A 3-of-4 BLS key by distributed key generation (thresig dkg)"
echo "Each committee member deals a Pedersen VSS through the log (GJKR); no machine ever holds the key."
(cd "$dir" && "$bin/thresig" dkg --scheme bls --threshold 3 --committee-size 4 --label make-run-demo)
lock="$dir/make-run-demo.lock.json"
echo "lock file $lock:"
cat "$lock"
key_id="$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["key_id"])' "$lock")"
group_key="$("$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))["group_public_key"])' "$lock")"
"$bin/thresig" keys list

section "A threshold signature through the HTTP API (thresig sign)"
message="0x$(printf 'Thresig make run: hello, threshold world' | od -An -vtx1 | tr -d ' \n')"
idem="make-run-$(date +%s)"
echo "POST /v1/keys/$key_id/sign  {\"message\": \"$message\"}  Idempotency-Key: $idem"
first="$("$bin/thresig" sign --key "$key_id" --message "$message" --idempotency-key "$idem" --json)"
echo "$first"
signature="$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["signature"])' "$first")"

section "Checked by an independent implementation (pyblst = blst)"
"$py" scripts/verify_bls_signature.py --public-key "$group_key" --message "$message" --signature "$signature"

section "The same request again, with the same Idempotency-Key, through node 2"
second="$("$bin/thresig" sign --api "$THRESIG_API_2" --key "$key_id" --message "$message" --idempotency-key "$idem" --json)"
echo "$second"
if [ "$first" = "$second" ]; then
  echo "identical response body (the answer is stored in the replicated log, not signed twice)"
else
  echo "make run: the replayed request returned a different body" >&2
  exit 1
fi

section "Failover: kill -9 the primary, then sign again through another node"
primary="$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["primary"])' "$("$bin/thresig" cluster status --json)")"
echo "the primary is node $primary (PID $(cat "$dir/node$primary.pid")); kill -9"
kill -KILL "$(cat "$dir/node$primary.pid")"
other=$(( primary % 4 + 1 ))
api_var="THRESIG_API_$other"
failover_message="0x$(printf 'Thresig make run: signed after the primary died' | od -An -vtx1 | tr -d ' \n')"
started=$(date +%s%N)
signature="$("$bin/thresig" sign --api "${!api_var}" --key "$key_id" --message "$failover_message" --idempotency-key "$idem-failover")"
echo "signed through node $other in $(( ($(date +%s%N) - started) / 1000000 )) ms (view change included): $signature"
"$py" scripts/verify_bls_signature.py --public-key "$group_key" --message "$failover_message" --signature "$signature"
"$bin/thresig" cluster status --api "${!api_var}"

section "Conformance vectors (thresig vectors verify)"
"$bin/thresig" vectors verify vectors "$@"
