#!/usr/bin/env bash
# `make bench` (BLS part): thresig beside blst (pyblst) and py_ecc, measured in the same run.
# Ratio = thresig time / anchor time (lower is better; the goal is ≤ 2.0 against blst).
set -euo pipefail
cd "$(dirname "$0")/.."
ours=$(.build/release/thresig bench bls --json)
theirs=$(.venv/bin/python scripts/bench_bls_anchors.py)
.venv/bin/python - "$ours" "$theirs" <<'PY'
import json, sys
ours, anchors = json.loads(sys.argv[1]), json.loads(sys.argv[2])
blst, pyecc = anchors["blst"], anchors["py_ecc"]
def us(ns): return f"{ns/1e3:12.3f}" if ns < 1e3 else f"{ns/1e3:12.1f}"
print(f"{'BLS12-381 (µs)':28} {'thresig':>12} {'blst':>12} {'py_ecc':>12}  {'÷blst':>6} {'÷py_ecc':>8}")
worst = 0.0
for k, v in ours.items():
    b, p = blst.get(k), pyecc.get(k)
    rb = f"{v/b:6.2f}" if b else "   n/a"
    rp = f"{v/p:8.4f}" if p else "     n/a"
    if b: worst = max(worst, v / b)
    print(f"{k:28} {us(v)} {us(b) if b else '         n/a'} {us(p) if p else '         n/a'}  {rb} {rp}")
print(f"worst ratio against blst: {worst:.2f} (goal ≤ 2.0, stretch ≤ 1.5); fp_mul has no anchor "
      "(neither pyblst nor py_ecc exposes the field), see docs/crypto/bls12-381.md for its comparison.")
PY
