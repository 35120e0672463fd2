#!/usr/bin/env python3
"""Anchor figures for `make bench` (BLS part), measured in the same run as Thresig's:
blst through pyblst, and py_ecc. pyblst exposes blst's building blocks (decompression with
subgroup checks, hashing to G2, scalar multiplication, Miller loops and the final
exponentiation check), so each ciphersuite operation is composed from them exactly as a
blst-based signer would; py_ecc is timed through its G2ProofOfPossession API.
Prints {"blst": {...}, "py_ecc": {...}}: median nanoseconds per operation, same keys as
`thresig bench bls --json` (fp_mul has no anchor: neither library exposes field arithmetic).
"""
import hashlib
import hmac
import json
import os
import sys
import time

import pyblst
from pyblst import BlstP1Element as P1, BlstP2Element as P2
from py_ecc.bls import G2ProofOfPossession as PoP
from py_ecc.bls.hash_to_curve import hash_to_G2 as pyecc_hash_to_G2
from py_ecc.optimized_bls12_381 import G1 as E_G1, G2 as E_G2, pairing as e_pairing

from bench_anchors import median_ns  # same timing rule as the foundation anchors

DST = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
G1_BYTES = bytes.fromhex("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")
G1 = P1().uncompress(G1_BYTES)
NEG_G1 = -G1


def hkdf_keygen(ikm, key_info=b""):
    """draft-irtf-cfrg-bls-signature-05 §2.3 KeyGen, in Python (cheap next to the sk·G1)."""
    salt = b"BLS-SIG-KEYGEN-SALT-"
    while True:
        salt = hashlib.sha256(salt).digest()
        prk = hmac.new(salt, ikm + b"\x00", hashlib.sha256).digest()
        info = key_info + (48).to_bytes(2, "big")
        okm, t = b"", b""
        for i in range(2):
            t = hmac.new(prk, t + info + bytes([i + 1]), hashlib.sha256).digest()
            okm += t
        sk = int.from_bytes(okm[:48], "big") % R
        if sk:
            return sk


def det(label, i):
    return hashlib.sha256(label.encode() + i.to_bytes(4, "big")).digest()


def main():
    iters = int(os.environ.get("BENCH_ITERS", "50"))
    sks = [int.from_bytes(det("sk", i), "big") % R for i in range(100)]
    msg = det("msg", 0)
    msgs = [det("msg", i) for i in range(10)]
    pks = [bytes(G1.scalar_mul(k).compress()) for k in sks]
    h = P2.hash_to_group(msg, DST)
    sigs = [bytes(h.scalar_mul(k).compress()) for k in sks]
    sig_points = [P2().uncompress(s) for s in sigs]
    agg100 = P2()
    for s in sig_points:
        agg100 = agg100 + s
    agg100_bytes = bytes(agg100.compress())
    av_sig = P2()
    for i in range(10):
        av_sig = av_sig + P2.hash_to_group(msgs[i], DST).scalar_mul(sks[i])
    av_bytes = bytes(av_sig.compress())
    ikm = det("ikm", 0)

    def verify_bytes():
        pk = P1().uncompress(pks[0])
        sig = P2().uncompress(sigs[0])
        assert pyblst.final_verify(pyblst.miller_loop(pk, P2.hash_to_group(msg, DST)), pyblst.miller_loop(G1, sig))

    def fav_100():
        acc = P1()
        for p in pks:
            acc = acc + P1().uncompress(p)
        sig = P2().uncompress(agg100_bytes)
        assert pyblst.final_verify(pyblst.miller_loop(acc, P2.hash_to_group(msg, DST)), pyblst.miller_loop(G1, sig))

    def av_10():
        sig = P2().uncompress(av_bytes)
        f = None
        for i in range(10):
            ml = pyblst.miller_loop(P1().uncompress(pks[i]), P2.hash_to_group(msgs[i], DST))
            f = ml if f is None else f * ml
        assert pyblst.final_verify(f, pyblst.miller_loop(G1, sig))

    def aggregate_100():
        acc = P2()
        for s in sig_points:
            acc = acc + s
        acc.compress()

    ml_a = pyblst.miller_loop(G1, h)
    blst = {
        "keygen": median_ns(lambda: G1.scalar_mul(hkdf_keygen(ikm)).compress(), iters),
        "sign": median_ns(lambda: P2.hash_to_group(msg, DST).scalar_mul(sks[0]).compress(), iters),
        "verify": median_ns(verify_bytes, iters),
        "aggregate_100": median_ns(aggregate_100, iters),
        "fast_aggregate_verify_100": median_ns(fav_100, max(5, iters // 5)),
        "aggregate_verify_10": median_ns(av_10, max(5, iters // 5)),
        "pairing": median_ns(lambda: pyblst.final_verify(pyblst.miller_loop(G1, h), ml_a), iters),
        "hash_to_g2": median_ns(lambda: P2.hash_to_group(msg, DST), iters),
        "g1_decompress": median_ns(lambda: P1().uncompress(pks[1]), iters * 4),
        "g2_decompress": median_ns(lambda: P2().uncompress(sigs[1]), iters * 4),
    }

    # py_ecc is 100-1000x slower: one or two runs per operation.
    sk0 = PoP.KeyGen(ikm)
    pk0 = PoP.SkToPk(sk0)
    sig0 = PoP.Sign(sk0, msg)
    pyecc_pks = [PoP.SkToPk(k) for k in sks[:100]]
    pyecc_agg = PoP.Aggregate([PoP.Sign(k, msg) for k in sks[:100]])
    pyecc_av = PoP.Aggregate([PoP.Sign(sks[i], msgs[i]) for i in range(10)])
    from py_ecc.bls.g2_primitives import pubkey_to_G1, signature_to_G2
    py_ecc = {
        "keygen": median_ns(lambda: PoP.SkToPk(PoP.KeyGen(ikm)), 1, 3),
        "sign": median_ns(lambda: PoP.Sign(sk0, msg), 1, 3),
        "verify": median_ns(lambda: PoP.Verify(pk0, msg, sig0), 1, 1),
        "aggregate_100": median_ns(lambda: PoP.Aggregate(sigs), 1, 1),
        "fast_aggregate_verify_100": median_ns(lambda: PoP.FastAggregateVerify(pyecc_pks, msg, pyecc_agg), 1, 1),
        "aggregate_verify_10": median_ns(lambda: PoP.AggregateVerify(pyecc_pks[:10], msgs, pyecc_av), 1, 1),
        "pairing": median_ns(lambda: e_pairing(E_G2, E_G1), 1, 1),
        "hash_to_g2": median_ns(lambda: pyecc_hash_to_G2(msg, DST, hashlib.sha256), 1, 3),
        "g1_decompress": median_ns(lambda: PoP.KeyValidate(pks[1]), 1, 1),
        "g2_decompress": median_ns(lambda: signature_to_G2(sigs[1]), 1, 1),
    }
    json.dump({"blst": blst, "py_ecc": py_ecc}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
