#!/usr/bin/env bash
# `make bench`: Thresig's foundation kernels beside the anchors, measured in the same run.
#   ECDSA verify, constant-time point multiplication  vs coincurve (libsecp256k1)
#   2048-bit powm (plain and constant-time)           vs OpenSSL BN_mod_exp(_mont_consttime)
#   1024-bit safe-prime generation                    vs OpenSSL BN_generate_prime_ex(safe=1)
# Ratio = Thresig time / anchor time (lower is better; 1.0 = parity).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${SAFE_PRIME_RUNS:-10}
ours=$(.build/release/thresig bench foundation --json --safe-prime-runs "$RUNS")
theirs=$(SAFE_PRIME_RUNS=$RUNS .venv/bin/python scripts/bench_anchors.py)
.venv/bin/python - "$ours" "$theirs" <<'PY'
import json, sys
ours, theirs = json.loads(sys.argv[1]), json.loads(sys.argv[2])
rows = [
    ("ecdsa_verify", "ECDSA verify (secp256k1)", "coincurve"),
    ("point_mul_ct", "constant-time point multiplication", "coincurve"),
    ("powm_2048", "2048-bit powm", "OpenSSL BN_mod_exp"),
    ("powm_sec_2048", "2048-bit powm, constant time", "OpenSSL BN_mod_exp_mont_consttime"),
    ("safe_prime_1024", "1024-bit safe prime (mean)", "OpenSSL BN_generate_prime_ex"),
]
def fmt(ns):
    return f"{ns/1e6:10.2f} ms" if ns >= 1e6 else f"{ns/1e3:10.2f} us"
print(f"{'operation':38} {'thresig':>13} {'anchor':>13}  ratio  anchor")
for key, label, anchor in rows:
    o, t = ours[key], theirs[key]
    print(f"{label:38} {fmt(o)} {fmt(t)}  {o/t:5.2f}  {anchor}")
print(f"safe primes: thresig min/max {ours['safe_prime_1024_min']/1e6:.0f}/{ours['safe_prime_1024_max']/1e6:.0f} ms, "
      f"OpenSSL min/max {theirs['safe_prime_1024_min']/1e6:.0f}/{theirs['safe_prime_1024_max']/1e6:.0f} ms; "
      f"thresig sieve survivors tested: {ours['safe_prime_candidates_per_s']:.0f}/s")
print("coincurve times include CPython call overhead (~1-2 us per call).")
PY
