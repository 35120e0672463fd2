#!/usr/bin/env python3
"""Checks a Thresig BLS signature with an independent implementation (pyblst, i.e. blst).

    verify_bls_signature.py --public-key 0x<48 bytes> --message 0x<hex> --signature 0x<96 bytes>

Ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_ (Ethereum; draft-irtf-cfrg-bls-signature-05
§4.2.3): public key in G1, signature in G2, both ZCash-compressed. Implements CoreVerify (§2.7):
KeyValidate of the public key (on the curve, in the subgroup, not the identity), the signature
decoded and subgroup-checked, then e(PK, H(m)) == e(g1, σ) with blst's hash_to_curve.

Prints one line and exits 0 when the signature verifies, 1 when it does not, 2 on bad input.
Used by `make run` to check a signature the cluster produced; pyblst comes from .venv
(scripts/requirements-test.txt).
"""
import argparse
import sys

from pyblst import BlstP1Element as P1, BlstP2Element as P2, final_verify, miller_loop

DST = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_"
# Order r of G1 and G2 (BLS12-381); r·P is the identity exactly for points of the subgroup.
R = 0x73EDA753299D7D483339D80809A1D80553BDA402FFFE5BFEFFFFFFFF00000001
G1_GENERATOR = bytes.fromhex(
    "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb")


def hex_bytes(text, name, length=None):
    digits = text[2:] if text.startswith(("0x", "0X")) else text
    try:
        value = bytes.fromhex(digits)
    except ValueError:
        print(f"error: --{name} is not hex", file=sys.stderr)
        sys.exit(2)
    if length is not None and len(value) != length:
        print(f"error: --{name} is {len(value)} bytes, expected {length}", file=sys.stderr)
        sys.exit(2)
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--public-key", required=True)
    parser.add_argument("--message", required=True)
    parser.add_argument("--signature", required=True)
    args = parser.parse_args()
    pk_bytes = hex_bytes(args.public_key, "public-key", 48)
    message = hex_bytes(args.message, "message")
    sig_bytes = hex_bytes(args.signature, "signature", 96)

    try:
        pk = P1().uncompress(pk_bytes)
        sig = P2().uncompress(sig_bytes)
    except Exception as error:  # blst refuses off-curve and malformed encodings
        print(f"pyblst: REFUSED — a point does not decode: {error}")
        return 1
    if pk == P1() or pk.scalar_mul(R) != P1():
        print("pyblst: REFUSED — the public key is the identity or outside the G1 subgroup (KeyValidate)")
        return 1
    if sig.scalar_mul(R) != P2():
        print("pyblst: REFUSED — the signature is outside the G2 subgroup")
        return 1
    g1 = P1().uncompress(G1_GENERATOR)
    h = P2().hash_to_group(message, DST)
    if final_verify(miller_loop(pk, h), miller_loop(g1, sig)):
        print(f"pyblst: signature verifies under the group public key ({len(message)}-byte message, {DST.decode()})")
        return 0
    print("pyblst: signature does NOT verify")
    return 1


if __name__ == "__main__":
    sys.exit(main())
