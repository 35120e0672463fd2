#!/usr/bin/env python3
"""Generates Thresig's BLS vectors in the Ethereum BLS test format.

Layout and schemas follow ethereum/bls12-381-tests (`bls/<handler>/<case>.json`, handler
from the folder name, hex strings prefixed with 0x, `output` null where the format says
an invalid input yields no result). The cases are Thresig's own: secret keys, messages and
points derive from SHA-256 of a fixed seed and a counter, so a rerun rewrites
byte-identical files.

Ciphersuite: BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (Ethereum's).

Every expected output is computed with py_ecc (the reference) and recomputed with blst
through pyblst (an independent implementation, driven here through its group, hashing
and pairing primitives). Any disagreement aborts the run. Invalid encodings additionally
carry the blst error they must produce (BAD_ENCODING / POINT_NOT_ON_CURVE /
POINT_NOT_IN_GROUP), so each case is checked to fail for the reason its name gives.

Writes vectors/bls/<handler>/<case>.json for the handlers
  sign, verify, aggregate, fast_aggregate_verify, aggregate_verify, batch_verify,
  hash_to_G2, deserialization_G1, deserialization_G2.
Run: .venv/bin/python scripts/generate_bls_vectors.py   (make vectors). See docs/vectors.md.
"""
import hashlib
import json
import os
import shutil
import sys
import time

import pyblst
from pyblst import BlstP1Element, BlstP2Element
from py_ecc.bls import G2ProofOfPossession as bls
from py_ecc.bls.g2_primitives import (G1_to_pubkey, G2_to_signature, pubkey_to_G1, signature_to_G2,
                                      subgroup_check)
from py_ecc.bls.hash_to_curve import hash_to_G2
from py_ecc.bls.point_compression import modular_squareroot_in_FQ2
from py_ecc.fields import optimized_bls12_381_FQ as FQ, optimized_bls12_381_FQ2 as FQ2
from py_ecc.optimized_bls12_381 import (G1, G2, add, b2, curve_order as R, field_modulus as P,
                                        is_inf, is_on_curve, multiply, neg, normalize)

SEED = b"thresig/vectors/bls12-381/v1"
DST = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"
RFC9380_DST = b"QUUX-V01-CS02-with-BLS12381G2_XMD:SHA-256_SSWU_RO_"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "vectors", "bls")
RFC9380_FILE = os.path.join(os.path.dirname(ROOT), "shared", "vectors", "hash-to-curve",
                            "BLS12381G2_XMD_SHA_256_SSWU_RO_.json")  # ../shared/vectors, when present

G1_GEN_HEX = ("97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")
Z1_BYTES = b"\xc0" + b"\x00" * 47
Z2_BYTES = b"\xc0" + b"\x00" * 95
P_BYTES = P.to_bytes(48, "big")

# ---------------------------------------------------------------------------- helpers


def det(label, i, n=32):
    """n deterministic bytes: SHA-256(SEED || label || i || block) blocks."""
    out = b""
    block = 0
    while len(out) < n:
        out += hashlib.sha256(SEED + label.encode() + b"/" + i.to_bytes(4, "big") + block.to_bytes(4, "big")).digest()
        block += 1
    return out[:n]


def secret(i):
    return int.from_bytes(det("sk", i, 48), "big") % (R - 1) + 1


def message(i, n=32):
    return det("msg", i, n)


def hx(b):
    return "0x" + b.hex()


def sk_bytes(k):
    return k.to_bytes(32, "big")


def pk_of(k):
    return bls.SkToPk(k)


def sig_of(k, m):
    return bls.Sign(k, m)


def negate_g2_bytes(sig):
    return G2_to_signature(neg(signature_to_G2(sig)))


def g1_point(label, i):
    return multiply(G1, int.from_bytes(det(label, i, 48), "big") % (R - 1) + 1)


def g2_point(label, i):
    return multiply(G2, int.from_bytes(det(label, i, 48), "big") % (R - 1) + 1)


def legendre(a):
    return pow(a % P, (P - 1) // 2, P)


def sqrt_fp(a):
    return pow(a % P, (P + 1) // 4, P)


# --------------------------------------------------------- reference: py_ecc (expected)
# py_ecc's G2ProofOfPossession is the Ethereum ciphersuite. Where the format needs a rule
# py_ecc does not apply itself, the rule is added here and named.


def ref_sign(sk, msg):
    try:
        return hx(bls.Sign(int.from_bytes(sk, "big"), msg))
    except Exception:
        return None  # zero key or key >= r: py_ecc raises ValidationError


def ref_verify(pk, msg, sig):
    return bool(bls.Verify(pk, msg, sig))


def ref_aggregate(sigs):
    try:
        return hx(bls.Aggregate(sigs))
    except Exception:
        return None


def ref_fast_aggregate_verify(pks, msg, sig):
    return bool(bls.FastAggregateVerify(pks, msg, sig))


def ref_aggregate_verify(pks, msgs, sig):
    return bool(bls.AggregateVerify(pks, msgs, sig))


def ref_batch_verify(pks, msgs, sigs):
    # py_ecc has no batch verification; a batch is valid iff it is a non-empty list of
    # equal-length columns and every (pk, msg, sig) triple verifies on its own.
    if not (len(pks) == len(msgs) == len(sigs)) or len(pks) == 0:
        return False
    return all(bls.Verify(pk, m, s) for pk, m, s in zip(pks, msgs, sigs))


def ref_hash_to_G2(msg, dst):
    x, y = normalize(hash_to_G2(msg, dst, hashlib.sha256))
    c = lambda v: "0x" + int(v).to_bytes(48, "big").hex()  # noqa: E731
    out = {"x": c(x.coeffs[0]) + "," + c(x.coeffs[1]), "y": c(y.coeffs[0]) + "," + c(y.coeffs[1])}
    return out, G2_to_signature(hash_to_G2(msg, dst, hashlib.sha256))


def ref_deserialize_G1(b):
    # py_ecc's decoder does not check the length (it reads an integer) nor the subgroup:
    # length 48 and subgroup membership are checked here.
    if len(b) != 48:
        return False
    try:
        pt = pubkey_to_G1(b)
    except Exception:
        return False
    return is_inf(pt) or subgroup_check(pt)


def ref_deserialize_G2(b):
    if len(b) != 96:
        return False
    try:
        pt = signature_to_G2(b)
    except Exception:
        return False
    return is_inf(pt) or subgroup_check(pt)


# --------------------------------------------------------------- cross-check: blst (pyblst)
# pyblst exposes uncompress (length 48/96, flags, x < p, on curve, then in_g1/in_g2),
# compress, add, neg, scalar_mul, hash_to_group(msg, dst), miller_loop(P1, P2) and
# final_verify(a, b) (final_exp(a) == final_exp(b)). The ciphersuite's rules (KeyValidate
# = decodes and is not the identity, non-empty lists, key in [1, r)) are applied here.

B_G1 = BlstP1Element.uncompress(bytes.fromhex(G1_GEN_HEX))
B_ID1 = BlstP1Element()
B_ID2 = BlstP2Element()


def b_decode(cls, b):
    try:
        return cls.uncompress(b), None
    except Exception as e:  # "blst error Blst(BLST_BAD_ENCODING)" etc.
        return None, str(e)


def b_g1(b):
    return b_decode(BlstP1Element, b)[0]


def b_g2(b):
    return b_decode(BlstP2Element, b)[0]


def b_key_validate(pk):
    p = b_g1(pk)
    return p if (p is not None and not p == B_ID1) else None


def b_h(msg):
    return BlstP2Element.hash_to_group(msg, DST)


def b_core_verify(pk_point, msg, sig_point):
    return pyblst.final_verify(pyblst.miller_loop(pk_point, b_h(msg)), pyblst.miller_loop(B_G1, sig_point))


def b_sign(sk, msg):
    k = int.from_bytes(sk, "big")
    if not 0 < k < R:
        return None
    return hx(bytes(b_h(msg).scalar_mul(k).compress()))


def b_verify(pk, msg, sig):
    p, s = b_key_validate(pk), b_g2(sig)
    return p is not None and s is not None and b_core_verify(p, msg, s)


def b_aggregate(sigs):
    if not sigs:
        return None
    acc = BlstP2Element()
    for sig in sigs:
        s = b_g2(sig)
        if s is None:
            return None
        acc = acc + s
    return hx(bytes(acc.compress()))


def b_fast_aggregate_verify(pks, msg, sig):
    if not pks:
        return False
    acc = BlstP1Element()
    for pk in pks:
        p = b_key_validate(pk)
        if p is None:
            return False
        acc = acc + p
    s = b_g2(sig)
    if s is None or acc == B_ID1:  # CoreVerify runs KeyValidate on the aggregate key
        return False
    return b_core_verify(acc, msg, s)


def b_aggregate_verify(pks, msgs, sig):
    if not pks or len(pks) != len(msgs):
        return False
    s = b_g2(sig)
    if s is None:
        return False
    lhs = None
    for pk, m in zip(pks, msgs):
        p = b_key_validate(pk)
        if p is None:
            return False
        ml = pyblst.miller_loop(p, b_h(m))
        lhs = ml if lhs is None else lhs * ml
    return pyblst.final_verify(lhs, pyblst.miller_loop(B_G1, s))


def b_batch_verify(pks, msgs, sigs):
    # Random-linear-combination batch check: prod e(r_i pk_i, H(m_i)) == e(g1, sum r_i sig_i),
    # r_i fresh 64-bit random scalars (they do not influence the written files).
    if not (len(pks) == len(msgs) == len(sigs)) or not pks:
        return False
    lhs, acc = None, BlstP2Element()
    for pk, m, sig in zip(pks, msgs, sigs):
        p, s = b_key_validate(pk), b_g2(sig)
        if p is None or s is None:
            return False
        r = int.from_bytes(os.urandom(8), "big") | 1
        ml = pyblst.miller_loop(p.scalar_mul(r), b_h(m))
        lhs = ml if lhs is None else lhs * ml
        acc = acc + s.scalar_mul(r)
    return pyblst.final_verify(lhs, pyblst.miller_loop(B_G1, acc))


# ------------------------------------------------------------------------------- writer

CASES = {}       # handler -> {name: content}
CHECKED = {}     # handler -> number of cases recomputed with pyblst
KAT = []         # known-answer checks against published values that ran


def emit(handler, name, content, blst_value):
    """Records a case whose expected output py_ecc computed; blst_value is pyblst's answer."""
    assert name.startswith(handler + "_"), name
    cases = CASES.setdefault(handler, {})
    if name in cases:
        sys.exit(f"duplicate case name {handler}/{name}")
    if blst_value != content["output"]:
        print(f"DISAGREEMENT {handler}/{name}: py_ecc={content['output']!r} pyblst={blst_value!r}", file=sys.stderr)
        sys.exit(1)
    CHECKED[handler] = CHECKED.get(handler, 0) + 1
    cases[name] = content


def write_all():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for handler, cases in CASES.items():
        d = os.path.join(OUT, handler)
        os.makedirs(d)
        for name, content in cases.items():
            with open(os.path.join(d, name + ".json"), "w", encoding="utf-8", newline="\n") as f:
                f.write(json.dumps(content, sort_keys=True, indent=2) + "\n")


# -------------------------------------------------------------------------------- cases


def sign_cases():
    h = "sign"
    lengths = [0, 32, 32, 32, 1, 5, 32, 64, 100, 255]
    for i, n in enumerate(lengths):
        sk, msg = sk_bytes(secret(100 + i)), message(100 + i, n)
        what = "empty_message" if n == 0 else f"msg{n}"
        out = ref_sign(sk, msg)
        assert out is not None
        emit(h, f"sign_case_{i + 1:02d}_{what}", {"input": {"privkey": hx(sk), "message": hx(msg)}, "output": out},
             b_sign(sk, msg))
    msg = message(120)
    for name, k in [("one_privkey", 1), ("privkey_r_minus_1", R - 1)]:
        sk = sk_bytes(k)
        emit(h, f"sign_case_{name}", {"input": {"privkey": hx(sk), "message": hx(msg)}, "output": ref_sign(sk, msg)},
             b_sign(sk, msg))
    for name, k in [("zero_privkey", 0), ("privkey_equal_to_r", R), ("privkey_r_plus_1", R + 1),
                    ("privkey_all_ff", 2 ** 256 - 1)]:
        sk = sk_bytes(k)
        out = ref_sign(sk, msg)
        assert out is None
        emit(h, f"sign_case_{name}", {"input": {"privkey": hx(sk), "message": hx(msg)}, "output": out},
             b_sign(sk, msg))


def verify_cases():
    h = "verify"

    def case(name, pk, msg, sig):
        out = ref_verify(pk, msg, sig)
        emit(h, f"verify_{name}", {"input": {"pubkey": hx(pk), "message": hx(msg), "signature": hx(sig)},
                                   "output": out}, b_verify(pk, msg, sig))
        return out

    keys = [secret(200 + i) for i in range(4)]
    msgs = [message(200), message(201, 0), message(202, 1), message(203, 77)]
    sigs = [sig_of(k, m) for k, m in zip(keys, msgs)]
    pks = [pk_of(k) for k in keys]
    for i in range(4):
        assert case(f"valid_{i + 1}", pks[i], msgs[i], sigs[i])
    assert case("valid_one_privkey", pk_of(1), msgs[0], sig_of(1, msgs[0]))
    # tampered signatures: last 4 bytes ff, negated (a valid G2 point), another key's signature
    assert not case("tampered_signature_1", pks[0], msgs[0], sigs[0][:-4] + b"\xff" * 4)
    assert not case("tampered_signature_2", pks[1], msgs[1], negate_g2_bytes(sigs[1]))
    assert not case("tampered_signature_3", pks[2], msgs[2], sigs[3])
    assert not case("wrong_pubkey_1", pks[1], msgs[0], sigs[0])
    assert not case("wrong_pubkey_2", pk_of(1), msgs[2], sigs[2])
    assert not case("wrong_message_1", pks[0], msgs[1], sigs[0])
    assert not case("wrong_message_2", pks[3], msgs[3][:-1], sigs[3])
    # identities: KeyValidate refuses the identity key even when the pairing equation holds
    assert not case("infinity_pubkey_and_infinity_signature", Z1_BYTES, msgs[0], Z2_BYTES)
    assert not case("infinity_pubkey", Z1_BYTES, msgs[0], sigs[0])
    assert not case("infinity_signature", pks[0], msgs[0], Z2_BYTES)
    # bad encodings
    assert not case("pubkey_not_in_G1", G1_NOT_IN_SUBGROUP[0], msgs[0], sigs[0])
    assert not case("pubkey_not_on_curve", G1_NOT_ON_CURVE[0], msgs[0], sigs[0])
    assert not case("pubkey_x_equal_to_p", bytes([P_BYTES[0] | 0x80]) + P_BYTES[1:], msgs[0], sigs[0])
    assert not case("pubkey_compression_flag_unset", bytes([pks[0][0] & 0x7F]) + pks[0][1:], msgs[0], sigs[0])
    assert not case("pubkey_too_short", pks[0][:47], msgs[0], sigs[0])
    assert not case("pubkey_too_long", pks[0] + b"\x00", msgs[0], sigs[0])
    assert not case("signature_not_in_G2", G2_NOT_IN_SUBGROUP[0], msgs[0], sigs[0])
    assert not case("signature_not_on_curve", G2_NOT_ON_CURVE[0], msgs[0], sigs[0])
    assert not case("signature_compression_flag_unset", bytes([sigs[0][0] & 0x7F]) + sigs[0][1:], msgs[0], sigs[0])
    assert not case("signature_too_short", pks[0], msgs[0], sigs[0][:95])
    assert not case("signature_too_long", pks[0], msgs[0], sigs[0] + b"\x00")
    assert not case("signature_all_zero", pks[0], msgs[0], b"\x00" * 96)


def aggregate_cases():
    h = "aggregate"

    def case(name, sigs):
        out = ref_aggregate(sigs)
        emit(h, f"aggregate_{name}", {"input": [hx(s) for s in sigs], "output": out}, b_aggregate(sigs))
        return out

    msg = message(300)
    for n in (2, 3, 5, 10):
        sigs = [sig_of(secret(300 + 20 * n + j), message(300 + 20 * n + j, 32)) for j in range(n)]
        assert case(f"valid_{n:02d}_signatures", sigs) is not None
    sigs_same = [sig_of(secret(310 + j), msg) for j in range(3)]
    assert case("valid_same_message_03_signatures", sigs_same) is not None
    s = sigs_same[0]
    assert case("single_signature", [s]) == hx(s)
    assert case("duplicate_signature", [s, s]) == hx(G2_to_signature(multiply(signature_to_G2(s), 2)))
    assert case("infinity_signature", [Z2_BYTES]) == hx(Z2_BYTES)
    assert case("infinity_and_valid_signature", [Z2_BYTES, s]) == hx(s)
    assert case("signature_and_its_negation", [s, negate_g2_bytes(s)]) == hx(Z2_BYTES)
    assert case("na_signatures", []) is None
    assert case("invalid_not_on_curve", [s, G2_NOT_ON_CURVE[0]]) is None
    assert case("invalid_too_short", [s, sigs_same[1][:95]]) is None
    assert case("invalid_compression_flag_unset", [bytes([s[0] & 0x7F]) + s[1:]]) is None
    assert case("invalid_x_equal_to_p", [s, bytes([P_BYTES[0] | 0x80]) + P_BYTES[1:] + b"\x00" * 48]) is None
    assert case("invalid_all_zero", [b"\x00" * 96]) is None


def fast_aggregate_verify_cases():
    h = "fast_aggregate_verify"

    def case(name, pks, msg, sig):
        out = ref_fast_aggregate_verify(pks, msg, sig)
        emit(h, f"fast_aggregate_verify_{name}",
             {"input": {"pubkeys": [hx(p) for p in pks], "message": hx(msg), "signature": hx(sig)}, "output": out},
             b_fast_aggregate_verify(pks, msg, sig))
        return out

    keys = [secret(400 + j) for j in range(11)]
    pks = [pk_of(k) for k in keys]
    for n, msg in ((1, message(400)), (3, message(401, 0)), (10, message(402, 64))):
        sigs = [sig_of(k, msg) for k in keys[:n]]
        agg = bls.Aggregate(sigs)
        assert case(f"valid_{n:02d}_pubkeys", pks[:n], msg, agg)
        if n == 3:
            assert not case("extra_pubkey", pks[:4], msg, agg)
            assert not case("missing_pubkey", pks[:2], msg, agg)
            assert not case("tampered_signature_1", pks[:3], msg, agg[:-4] + b"\xff" * 4)
            assert not case("tampered_signature_2", pks[:3], msg, negate_g2_bytes(agg))
            assert not case("wrong_message", pks[:3], message(403), agg)
            assert not case("infinity_pubkey", pks[:3] + [Z1_BYTES], msg, agg)
            assert not case("pubkey_not_in_G1", pks[:3] + [G1_NOT_IN_SUBGROUP[0]], msg, agg)
            assert not case("pubkey_not_on_curve", pks[:3] + [G1_NOT_ON_CURVE[0]], msg, agg)
            assert not case("signature_not_in_G2", pks[:3], msg, G2_NOT_IN_SUBGROUP[0])
            # pubkeys that sum to the identity: the aggregate key fails KeyValidate
            neg_pk = G1_to_pubkey(neg(pubkey_to_G1(pks[0])))
            assert not case("pubkeys_sum_to_infinity", [pks[0], neg_pk], msg, Z2_BYTES)
            # the same key twice is allowed (the ciphersuite relies on proofs of possession)
            assert case("valid_repeated_pubkey", [pks[0], pks[0]], msg, bls.Aggregate([sigs[0], sigs[0]]))
    msg = message(404)
    assert not case("na_pubkeys_and_infinity_signature", [], msg, Z2_BYTES)
    assert not case("na_pubkeys_and_na_signature", [], msg, b"\x00" * 96)


def aggregate_verify_cases():
    h = "aggregate_verify"

    def case(name, pks, msgs, sig):
        out = ref_aggregate_verify(pks, msgs, sig)
        emit(h, f"aggregate_verify_{name}",
             {"input": {"pubkeys": [hx(p) for p in pks], "messages": [hx(m) for m in msgs], "signature": hx(sig)},
              "output": out}, b_aggregate_verify(pks, msgs, sig))
        return out

    keys = [secret(500 + j) for j in range(5)]
    pks = [pk_of(k) for k in keys]
    msgs = [message(500), message(501, 0), message(502, 1), message(503, 48), message(504)]
    sigs = [sig_of(k, m) for k, m in zip(keys, msgs)]
    agg3, agg5 = bls.Aggregate(sigs[:3]), bls.Aggregate(sigs)
    assert case("valid_01_message", pks[:1], msgs[:1], sigs[0])
    assert case("valid_03_messages", pks[:3], msgs[:3], agg3)
    assert case("valid_05_messages", pks, msgs, agg5)
    assert not case("tampered_signature_1", pks[:3], msgs[:3], agg3[:-4] + b"\xff" * 4)
    assert not case("tampered_signature_2", pks[:3], msgs[:3], negate_g2_bytes(agg3))
    assert not case("swapped_messages", pks[:3], [msgs[1], msgs[0], msgs[2]], agg3)
    assert not case("missing_pair", pks[:2], msgs[:2], agg3)
    assert not case("mismatched_lengths", pks[:3], msgs[:2], agg3)
    assert not case("na_pubkeys_and_infinity_signature", [], [], Z2_BYTES)
    assert not case("na_pubkeys_and_na_signature", [], [], b"\x00" * 96)
    assert not case("infinity_pubkey", pks[:3] + [Z1_BYTES], msgs[:3] + [msgs[4]], agg3)
    assert not case("pubkey_not_in_G1", pks[:3] + [G1_NOT_IN_SUBGROUP[0]], msgs[:3] + [msgs[4]], agg3)
    # the POP ciphersuite does not require distinct messages (only the basic scheme does)
    same = [sig_of(keys[0], msgs[0]), sig_of(keys[1], msgs[0])]
    assert case("valid_repeated_message", pks[:2], [msgs[0], msgs[0]], bls.Aggregate(same))


def batch_verify_cases():
    h = "batch_verify"

    def case(name, pks, msgs, sigs):
        out = ref_batch_verify(pks, msgs, sigs)
        emit(h, f"batch_verify_{name}",
             {"input": {"pubkeys": [hx(p) for p in pks], "messages": [hx(m) for m in msgs],
                        "signatures": [hx(s) for s in sigs]}, "output": out},
             b_batch_verify(pks, msgs, sigs))
        return out

    keys = [secret(600 + j) for j in range(5)]
    pks = [pk_of(k) for k in keys]
    msgs = [message(600 + j, [32, 0, 32, 7, 32][j]) for j in range(5)]
    sigs = [sig_of(k, m) for k, m in zip(keys, msgs)]
    assert case("valid_01_signature_set", pks[:1], msgs[:1], sigs[:1])
    assert case("valid_03_signature_sets", pks[:3], msgs[:3], sigs[:3])
    assert case("valid_05_signature_sets", pks, msgs, sigs)
    same_key_msgs = [message(610), message(611)]
    assert case("valid_same_pubkey_twice", [pks[0], pks[0]], same_key_msgs,
                [sig_of(keys[0], m) for m in same_key_msgs])
    assert not case("one_bad_signature", pks[:3], msgs[:3], [sigs[0], sig_of(keys[1], msgs[0]), sigs[2]])
    assert not case("one_wrong_pubkey", [pks[0], pks[2], pks[2]], msgs[:3], sigs[:3])
    # forged pair: S1 + S', S2 - S' aggregate to S1 + S2, so a naive aggregate check passes
    s_prime = signature_to_G2(sig_of(keys[4], msgs[4]))
    f1 = G2_to_signature(add(signature_to_G2(sigs[0]), s_prime))
    f2 = G2_to_signature(add(signature_to_G2(sigs[1]), neg(s_prime)))
    assert bls.AggregateVerify(pks[:2], msgs[:2], bls.Aggregate([f1, f2]))
    assert not case("forged_signature_set", pks[:2], msgs[:2], [f1, f2])
    assert not case("infinity_pubkey_and_infinity_signature", [pks[0], Z1_BYTES], msgs[:2], [sigs[0], Z2_BYTES])
    assert not case("signature_not_in_G2", pks[:2], msgs[:2], [sigs[0], G2_NOT_IN_SUBGROUP[0]])
    assert not case("mismatched_lengths", pks[:3], msgs[:3], sigs[:2])
    assert not case("empty", [], [], [])


RFC9380_MESSAGES = [("empty", b""), ("abc", b"abc"), ("abcdef0123456789", b"abcdef0123456789"),
                    ("q128", b"q128_" + b"q" * 128), ("a512", b"a512_" + b"a" * 512)]


def hash_to_G2_cases():
    h = "hash_to_G2"
    rfc = None
    if os.path.exists(RFC9380_FILE):
        with open(RFC9380_FILE) as f:
            rfc = {v["msg"]: v["P"] for v in json.load(f)["vectors"]}
    for prefix, dst in (("hash_to_G2_eth", DST), ("hash_to_G2_rfc9380", RFC9380_DST)):
        for name, msg in RFC9380_MESSAGES:
            out, compressed = ref_hash_to_G2(msg, dst)
            if dst == RFC9380_DST and rfc is not None:
                # known answer: RFC 9380 appendix J.10.1 as published in ../shared/vectors
                if rfc[msg.decode()] != out:
                    sys.exit(f"DISAGREEMENT {h}/{prefix}_{name}: py_ecc differs from RFC 9380")
                KAT.append(f"{prefix}_{name}")
            b = bytes(BlstP2Element.hash_to_group(msg, dst).compress())
            blst_out = out if b == compressed else {"compressed": hx(b)}
            emit(h, f"{prefix}_{name}", {"input": {"msg": msg.decode("ascii"), "dst": dst.decode("ascii")},
                                         "output": out}, blst_out)


# Invalid points used across handlers (found deterministically).

def find_g1_not_in_subgroup(count):
    out, x = [], int.from_bytes(det("g1-nonsubgroup", 0, 48), "big") % P
    while len(out) < count:
        rhs = (x ** 3 + 4) % P
        if legendre(rhs) == 1:
            pt = (FQ(x), FQ(sqrt_fp(rhs)), FQ(1))
            assert is_on_curve(pt, FQ(4)) and not subgroup_check(pt)
            out.append(G1_to_pubkey(pt if len(out) % 2 == 0 else neg(pt)))
        x += 1
    return out


def find_g1_not_on_curve(count):
    out, x = [], int.from_bytes(det("g1-offcurve", 0, 48), "big") % P
    while len(out) < count:
        if legendre(x ** 3 + 4) == P - 1:
            out.append((x | (1 << 383)).to_bytes(48, "big"))
        x += 1
    return out


def find_g2_not_in_subgroup(count):
    out, i = [], 0
    while len(out) < count:
        x = FQ2([int.from_bytes(det("g2-nonsubgroup", i, 48), "big") % P,
                 int.from_bytes(det("g2-nonsubgroup-im", i, 48), "big") % P])
        y = modular_squareroot_in_FQ2(x ** 3 + b2)
        if y is not None:
            pt = (x, y, FQ2.one())
            assert is_on_curve(pt, b2) and not subgroup_check(pt)
            out.append(G2_to_signature(pt))
        i += 1
    return out


def find_g2_not_on_curve(count):
    out, i = [], 0
    while len(out) < count:
        re = int.from_bytes(det("g2-offcurve", i, 48), "big") % P
        im = int.from_bytes(det("g2-offcurve-im", i, 48), "big") % P
        if modular_squareroot_in_FQ2(FQ2([re, im]) ** 3 + b2) is None:
            out.append((im | (1 << 383)).to_bytes(48, "big") + re.to_bytes(48, "big"))
        i += 1
    return out


G1_NOT_IN_SUBGROUP = find_g1_not_in_subgroup(2)
G1_NOT_ON_CURVE = find_g1_not_on_curve(2)
G2_NOT_IN_SUBGROUP = find_g2_not_in_subgroup(2)
G2_NOT_ON_CURVE = find_g2_not_on_curve(2)

BAD, CURVE, GROUP = "BLST_BAD_ENCODING", "BLST_POINT_NOT_ON_CURVE", "BLST_POINT_NOT_IN_GROUP"


def deser_case(handler, key, name, b, blst_error=None):
    """blst_error: the error blst must give (checks the case fails for the stated reason)."""
    ref = ref_deserialize_G1(b) if handler.endswith("G1") else ref_deserialize_G2(b)
    cls = BlstP1Element if handler.endswith("G1") else BlstP2Element
    point, err = b_decode(cls, b)
    if blst_error is not None and (err is None or blst_error not in err):
        sys.exit(f"UNEXPECTED REASON {handler}/{name}: expected {blst_error}, pyblst said {err!r}")
    if blst_error is None and err is not None:
        sys.exit(f"UNEXPECTED REASON {handler}/{name}: valid case refused by pyblst: {err}")
    emit(handler, name, {"input": {key: hx(b)}, "output": ref}, point is not None)


def set_top(b, bits):
    return bytes([(b[0] & 0x1F) | bits]) + b[1:]


def deserialization_G1_cases():
    h, k = "deserialization_G1", "pubkey"
    c = lambda name, b, err=None: deser_case(h, k, "deserialization_G1_" + name, b, err)  # noqa: E731
    pts = [g1_point("g1-valid", i) for i in range(4)]
    enc = [G1_to_pubkey(p) for p in pts]
    # both y-sign flags among the valid points
    if all(e[0] & 0x20 for e in enc) or not any(e[0] & 0x20 for e in enc):
        enc[3] = G1_to_pubkey(neg(pts[3]))
    for i, e in enumerate(enc):
        c(f"succeeds_point_{i + 1}_sign_{(e[0] >> 5) & 1}", e)
    c("succeeds_generator", G1_to_pubkey(G1))
    c("succeeds_infinity", Z1_BYTES)
    v = enc[0]
    c("fails_empty", b"", BAD)
    c("fails_too_short", v[:47], BAD)
    c("fails_too_long", v + b"\x00", BAD)
    ux, uy = normalize(pts[0])
    c("fails_uncompressed_form", int(ux).to_bytes(48, "big") + int(uy).to_bytes(48, "big"), BAD)
    c("fails_compression_flag_unset", bytes([v[0] & 0x7F]) + v[1:], BAD)
    c("fails_infinity_flag_with_x", set_top(v, 0xC0), BAD)
    c("fails_infinity_with_nonzero_last_byte", Z1_BYTES[:47] + b"\x01", BAD)
    c("fails_infinity_with_nonzero_low_bits_first_byte", b"\xc1" + b"\x00" * 47, BAD)
    c("fails_infinity_with_sign_flag", b"\xe0" + b"\x00" * 47, BAD)
    c("fails_infinity_without_compression_flag", b"\x40" + b"\x00" * 47, BAD)
    c("fails_all_zero", b"\x00" * 48, BAD)
    c("fails_mask_bits_111", set_top(v, 0xE0), BAD)
    c("fails_mask_bits_011", set_top(v, 0x60), BAD)
    c("fails_mask_bits_001", set_top(v, 0x20), BAD)
    c("fails_mask_bits_010", set_top(v, 0x40), BAD)
    # x = 0 without the infinity flag: (0, ±2) is on the curve but of order 3
    c("fails_x_zero_without_infinity_flag", b"\x80" + b"\x00" * 47, GROUP)
    c("fails_x_equal_to_p", bytes([P_BYTES[0] | 0x80]) + P_BYTES[1:], BAD)
    c("fails_x_equal_to_p_plus_1", bytes([P_BYTES[0] | 0x80]) + (P + 1).to_bytes(48, "big")[1:], BAD)
    c("fails_x_all_ones", b"\x9f" + b"\xff" * 47, BAD)
    # a valid point's x + p (non-canonical encoding of a point on the curve)
    i = 0
    while True:
        pt = g1_point("g1-noncanonical", i)
        x, y = normalize(pt)
        if int(x) + P < 2 ** 381:
            break
        i += 1
    good = G1_to_pubkey(pt)
    assert ref_deserialize_G1(good)
    c("fails_x_plus_p_noncanonical", (int.from_bytes(good, "big") + P).to_bytes(48, "big"), BAD)
    for j, b in enumerate(G1_NOT_ON_CURVE):
        c(f"fails_not_on_curve_{j + 1}", b, CURVE)
    for j, b in enumerate(G1_NOT_IN_SUBGROUP):
        c(f"fails_not_in_G1_{j + 1}", b, GROUP)


def deserialization_G2_cases():
    h, k = "deserialization_G2", "signature"
    c = lambda name, b, err=None: deser_case(h, k, "deserialization_G2_" + name, b, err)  # noqa: E731
    pts = [g2_point("g2-valid", i) for i in range(4)]
    enc = [G2_to_signature(p) for p in pts]
    if all(e[0] & 0x20 for e in enc) or not any(e[0] & 0x20 for e in enc):
        enc[3] = G2_to_signature(neg(pts[3]))
    for i, e in enumerate(enc):
        c(f"succeeds_point_{i + 1}_sign_{(e[0] >> 5) & 1}", e)
    c("succeeds_generator", G2_to_signature(G2))
    c("succeeds_infinity", Z2_BYTES)
    v = enc[0]
    c("fails_empty", b"", BAD)
    c("fails_too_short", v[:95], BAD)
    c("fails_too_long", v + b"\x00", BAD)
    c("fails_g1_length", v[:48], BAD)
    x, y = normalize(pts[0])
    unc = b"".join(int(t).to_bytes(48, "big") for t in (x.coeffs[1], x.coeffs[0], y.coeffs[1], y.coeffs[0]))
    c("fails_uncompressed_form", unc, BAD)
    c("fails_compression_flag_unset", bytes([v[0] & 0x7F]) + v[1:], BAD)
    c("fails_infinity_flag_with_x", set_top(v, 0xC0), BAD)
    c("fails_infinity_with_nonzero_c1", Z2_BYTES[:47] + b"\x01" + b"\x00" * 48, BAD)
    c("fails_infinity_with_nonzero_c0", Z2_BYTES[:95] + b"\x01", BAD)
    c("fails_infinity_with_sign_flag", b"\xe0" + b"\x00" * 95, BAD)
    c("fails_infinity_without_compression_flag", b"\x40" + b"\x00" * 95, BAD)
    c("fails_all_zero", b"\x00" * 96, BAD)
    c("fails_mask_bits_111", set_top(v, 0xE0), BAD)
    c("fails_mask_bits_011", set_top(v, 0x60), BAD)
    c("fails_mask_bits_001", set_top(v, 0x20), BAD)
    c("fails_mask_bits_010", set_top(v, 0x40), BAD)
    c("fails_flags_in_second_half", v[:48] + bytes([v[48] | 0x80]) + v[49:], BAD)
    top = bytes([P_BYTES[0] | 0x80]) + P_BYTES[1:]
    zero_c = b"\x80" + b"\x00" * 47
    c("fails_c1_equal_to_p", top + v[48:], BAD)
    c("fails_c0_equal_to_p", v[:48] + P_BYTES, BAD)
    c("fails_c1_equal_to_p_c0_zero", top + b"\x00" * 48, BAD)
    c("fails_c0_equal_to_p_c1_zero", zero_c + P_BYTES, BAD)
    c("fails_c1_equal_to_p_plus_1", bytes([P_BYTES[0] | 0x80]) + (P + 1).to_bytes(48, "big")[1:] + v[48:], BAD)
    c("fails_c0_all_ones", v[:48] + b"\xff" * 48, BAD)
    # non-canonical encodings of valid points: c0 + p, c1 + p
    good = enc[0]
    c0 = int.from_bytes(good[48:], "big")
    c("fails_c0_plus_p_noncanonical", good[:48] + (c0 + P).to_bytes(48, "big"), BAD)
    i = 0
    while True:
        pt = g2_point("g2-noncanonical", i)
        gx, _ = normalize(pt)
        if int(gx.coeffs[1]) + P < 2 ** 381:
            break
        i += 1
    good = G2_to_signature(pt)
    assert ref_deserialize_G2(good)
    c("fails_c1_plus_p_noncanonical", (int.from_bytes(good[:48], "big") + P).to_bytes(48, "big") + good[48:], BAD)
    for j, b in enumerate(G2_NOT_ON_CURVE):
        c(f"fails_not_on_curve_{j + 1}", b, CURVE)
    for j, b in enumerate(G2_NOT_IN_SUBGROUP):
        c(f"fails_not_in_G2_{j + 1}", b, GROUP)


def main():
    t0 = time.time()
    assert G1_to_pubkey(G1).hex() == G1_GEN_HEX
    for f in (sign_cases, verify_cases, aggregate_cases, fast_aggregate_verify_cases, aggregate_verify_cases,
              batch_verify_cases, hash_to_G2_cases, deserialization_G1_cases, deserialization_G2_cases):
        t = time.time()
        f()
        print(f"{f.__name__[:-6]:<24} {time.time() - t:6.1f} s", file=sys.stderr)
    write_all()
    total = 0
    for handler in sorted(CASES):
        n = len(CASES[handler])
        total += n
        print(f"vectors/bls/{handler}: {n} cases, {CHECKED.get(handler, 0)} cross-checked with pyblst")
    if KAT:
        print(f"{len(KAT)} hash_to_G2 cases also equal RFC 9380's published points ({RFC9380_FILE})")
    else:
        print("RFC 9380 file absent: hash_to_G2 known-answer check skipped (pyblst check still ran)")
    print(f"{total} files in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
