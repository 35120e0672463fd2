#!/usr/bin/env python3
"""Anchor figures for `make bench`, measured in the same run as Thresig's own:
- coincurve (libsecp256k1): ECDSA verify, constant-time point multiplication
  (PublicKey.multiply -> secp256k1_ec_pubkey_tweak_mul, a constant-time ladder);
- OpenSSL's libcrypto through ctypes: 2048-bit BN_mod_exp (and the constant-time
  BN_mod_exp_mont_consttime), 1024-bit safe primes with BN_generate_prime_ex(safe=1).
Prints one JSON object of median nanoseconds per operation (safe primes: mean).
"""
import ctypes
import ctypes.util
import hashlib
import json
import os
import statistics
import sys
import time

from coincurve import PrivateKey, PublicKey


def median_ns(fn, iters, rounds=7):
    """Median over `rounds` of the mean ns/op of `iters` calls, after one warm-up call."""
    fn()
    samples = []
    for _ in range(rounds):
        t = time.perf_counter_ns()
        for _ in range(iters):
            fn()
        samples.append((time.perf_counter_ns() - t) / iters)
    return statistics.median(samples)


def main():
    safe_prime_runs = int(os.environ.get("SAFE_PRIME_RUNS", "10"))
    sk = PrivateKey(hashlib.sha256(b"bench").digest())
    pk = sk.public_key
    digest = hashlib.sha256(b"message").digest()
    sig = sk.sign(digest, hasher=None)
    scalar = hashlib.sha256(b"scalar").digest()
    out = {
        "ecdsa_verify": median_ns(lambda: pk.verify(sig, digest, hasher=None), 2000),
        "point_mul_ct": median_ns(lambda: pk.multiply(scalar), 2000),
    }

    lib = ctypes.CDLL(ctypes.util.find_library("crypto") or "libcrypto.so.3")
    lib.BN_new.restype = ctypes.c_void_p
    lib.BN_CTX_new.restype = ctypes.c_void_p
    lib.BN_bin2bn.restype = ctypes.c_void_p
    lib.BN_bin2bn.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
    lib.BN_mod_exp.argtypes = [ctypes.c_void_p] * 5
    lib.BN_mod_exp_mont_consttime.argtypes = [ctypes.c_void_p] * 6
    lib.BN_generate_prime_ex.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                                         ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]

    def bn(b):
        return lib.BN_bin2bn(b, len(b), None)

    m_bytes = bytearray(hashlib.shake_256(b"modulus").digest(256))
    m_bytes[0] |= 0x80
    m_bytes[-1] |= 1
    base, exp, mod = bn(hashlib.shake_256(b"base").digest(255)), bn(hashlib.shake_256(b"exp").digest(256)), bn(bytes(m_bytes))
    r, ctx = lib.BN_new(), lib.BN_CTX_new()
    out["powm_2048"] = median_ns(lambda: lib.BN_mod_exp(r, base, exp, mod, ctx), 30)
    out["powm_sec_2048"] = median_ns(lambda: lib.BN_mod_exp_mont_consttime(r, base, exp, mod, ctx, None), 30)

    times = []
    for _ in range(safe_prime_runs):
        p = lib.BN_new()
        t = time.perf_counter_ns()
        assert lib.BN_generate_prime_ex(p, 1024, 1, None, None, None) == 1
        times.append(time.perf_counter_ns() - t)
    out["safe_prime_1024"] = statistics.mean(times)
    out["safe_prime_1024_min"] = min(times)
    out["safe_prime_1024_max"] = max(times)
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
