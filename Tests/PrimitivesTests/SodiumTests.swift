import Testing
@testable import Primitives

struct AEADTests {
    let key = SecretBytes.random(count: 32)

    @Test func roundTripAndTamperDetection() throws {
        let nonce = SecureRandom.bytes(24)
        let msg = Array("share epoch 3".utf8)
        let aad = Array("key-id".utf8)
        let sealed = try XChaCha20Poly1305.seal(key: key, nonce: nonce, plaintext: msg, associatedData: aad)
        #expect(sealed.count == msg.count + 16)
        let opened = try XChaCha20Poly1305.open(key: key, nonce: nonce, ciphertextAndTag: sealed, associatedData: aad)
        #expect(opened.unsafeCopyToArray() == msg)
        for i in sealed.indices {
            var t = sealed; t[i] ^= 0x40
            #expect(throws: PrimitivesError.authenticationFailed) {
                try XChaCha20Poly1305.open(key: key, nonce: nonce, ciphertextAndTag: t, associatedData: aad)
            }
        }
        #expect(throws: PrimitivesError.authenticationFailed) {
            try XChaCha20Poly1305.open(key: key, nonce: nonce, ciphertextAndTag: sealed, associatedData: Array("other".utf8))
        }
        #expect(throws: PrimitivesError.authenticationFailed) {
            try XChaCha20Poly1305.open(key: key, nonce: nonce, ciphertextAndTag: Array(sealed.prefix(15)))
        }
    }

    @Test func prefixedNonceRoundTrip() throws {
        let sealed = try XChaCha20Poly1305.sealWithRandomNonce(key: key, plaintext: [])
        #expect(sealed.count == 24 + 16)
        #expect(try XChaCha20Poly1305.openWithPrefixedNonce(key: key, sealed: sealed).count == 0)
        let again = try XChaCha20Poly1305.sealWithRandomNonce(key: key, plaintext: [])
        #expect(again != sealed, "nonces must be fresh")
    }

    @Test func wrongLengthsAreTyped() {
        #expect(throws: PrimitivesError.invalidLength(expected: 32, actual: 16)) {
            try XChaCha20Poly1305.seal(key: SecretBytes.random(count: 16), nonce: SecureRandom.bytes(24), plaintext: [1])
        }
        #expect(throws: PrimitivesError.invalidLength(expected: 24, actual: 12)) {
            try XChaCha20Poly1305.seal(key: key, nonce: SecureRandom.bytes(12), plaintext: [1])
        }
    }
}

struct X25519Tests {
    /// RFC 7748 §6.1.
    @Test func rfc7748DiffieHellman() throws {
        let aliceSK = SecretBytes(copying: try [UInt8](hex: "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        let bobSK = SecretBytes(copying: try [UInt8](hex: "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
        let alice = try X25519.KeyPair(secretKey: aliceSK)
        let bob = try X25519.KeyPair(secretKey: bobSK)
        #expect(alice.publicKey.hexString == "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
        #expect(bob.publicKey.hexString == "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
        let k1 = try X25519.sharedSecret(secretKey: aliceSK, publicKey: bob.publicKey)
        let k2 = try X25519.sharedSecret(secretKey: bobSK, publicKey: alice.publicKey)
        #expect(k1.constantTimeEquals(k2))
        #expect(ConstantTime.equal(k1, try [UInt8](hex: "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742")))
    }

    @Test func lowOrderPublicKeyRefused() {
        let kp = X25519.KeyPair.generate()
        #expect(throws: PrimitivesError.invalidPublicKey) {
            try X25519.sharedSecret(secretKey: kp.secretKey, publicKey: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: PrimitivesError.invalidLength(expected: 32, actual: 31)) {
            try X25519.sharedSecret(secretKey: kp.secretKey, publicKey: [UInt8](repeating: 9, count: 31))
        }
    }

    @Test func sealedBoxes() throws {
        let recipient = X25519.KeyPair.generate()
        let other = X25519.KeyPair.generate()
        let share = SecretBytes.random(count: 64)
        let box = try X25519.seal(share, to: recipient.publicKey)
        #expect(box.count == 64 + X25519.sealOverhead)
        #expect(try X25519.open(box, with: recipient).constantTimeEquals(share))
        #expect(throws: PrimitivesError.authenticationFailed) { try X25519.open(box, with: other) }
        var tampered = box; tampered[40] ^= 1
        #expect(throws: PrimitivesError.authenticationFailed) { try X25519.open(tampered, with: recipient) }
        #expect(throws: PrimitivesError.authenticationFailed) { try X25519.open([1, 2, 3], with: recipient) }
        #expect(try X25519.open(try X25519.seal([UInt8](), to: recipient.publicKey), with: recipient).count == 0)
    }
}

extension X25519Tests {
    /// The deterministic variant produces boxes that libsodium's `crypto_box_seal_open`
    /// opens, and the same inputs give the same bytes.
    @Test func deterministicSealOpensWithLibsodium() throws {
        let recipient = X25519.KeyPair.generate()
        let eph = SecretBytes.random(count: 32)
        let msg = SecretBytes(copying: Array("share for member 3".utf8))
        let a = try X25519.sealDeterministically(msg, to: recipient.publicKey, ephemeralSecret: eph)
        let b = try X25519.sealDeterministically(msg, to: recipient.publicKey, ephemeralSecret: eph)
        #expect(a == b)
        #expect(a.count == msg.count + X25519.sealOverhead)
        #expect(try X25519.open(a, with: recipient).constantTimeEquals(msg))
        let other = try X25519.sealDeterministically(msg, to: recipient.publicKey, ephemeralSecret: SecretBytes.random(count: 32))
        #expect(other != a)
    }
}

struct Ed25519Tests {
    /// RFC 8032 §7.1 test 1 (empty message) and test 2.
    @Test func rfc8032Vectors() throws {
        let sk = try Ed25519.SigningKey(seed: SecretBytes(copying: try [UInt8](hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")))
        #expect(sk.publicKey.hexString == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let sig = sk.sign([])
        #expect(sig.hexString == "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        #expect(Ed25519.verify(signature: sig, message: [], publicKey: sk.publicKey))
        let sk2 = try Ed25519.SigningKey(seed: SecretBytes(copying: try [UInt8](hex: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")))
        let sig2 = sk2.sign([0x72])
        #expect(sig2.hexString == "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
    }

    @Test func tamperingFails() {
        let sk = Ed25519.SigningKey.generate()
        let msg = Array("node-3 hello".utf8)
        let sig = sk.sign(msg)
        #expect(Ed25519.verify(signature: sig, message: msg, publicKey: sk.publicKey))
        var bad = sig; bad[10] ^= 1
        #expect(!Ed25519.verify(signature: bad, message: msg, publicKey: sk.publicKey))
        #expect(!Ed25519.verify(signature: sig, message: msg + [0], publicKey: sk.publicKey))
        #expect(!Ed25519.verify(signature: Array(sig.prefix(63)), message: msg, publicKey: sk.publicKey))
        #expect(!Ed25519.verify(signature: sig, message: msg, publicKey: Ed25519.SigningKey.generate().publicKey))
        #expect(throws: PrimitivesError.invalidLength(expected: 32, actual: 31)) { try Ed25519.SigningKey(seed: SecretBytes.random(count: 31)) }
    }
}

struct Argon2idTests {
    /// Known answers computed with an independent implementation (pyca/cryptography's
    /// Argon2id: lanes 1, memory in KiB = libsodium's memlimit / 1024).
    @Test func matchesIndependentImplementation() throws {
        let k1 = try Argon2id.deriveKey(password: SecretBytes(copying: Array("correct horse battery staple".utf8)),
                                        salt: Array(0..<16), cost: .minimum)
        #expect(ConstantTime.equal(k1, try [UInt8](hex: "d17ea6341ca93da6079ea2f64dc4aa31dd1aaf9caa67fb42ac4afd0714706f26")))
        let k2 = try Argon2id.deriveKey(password: SecretBytes(copying: Array("pass".utf8)),
                                        salt: [UInt8](repeating: 1, count: 16),
                                        cost: .init(opsLimit: 3, memLimitBytes: 64 * 1024))
        #expect(ConstantTime.equal(k2, try [UInt8](hex: "a5d41e0a0dc7a694d35c94ae218f1f268142a69831677e40ae97af5fdfdd7e89")))
    }

    @Test func badSaltRefused() {
        #expect(throws: PrimitivesError.invalidLength(expected: 16, actual: 8)) {
            try Argon2id.deriveKey(password: SecretBytes(copying: [1]), salt: [UInt8](repeating: 0, count: 8), cost: .minimum)
        }
    }
}

struct SecretAndUtilityTests {
    @Test func secretBytesNeverPrintsContent() {
        let s = SecretBytes(copying: Array("super-secret-share".utf8))
        #expect(!"\(s)".contains("super"))
        #expect(!String(reflecting: s).contains("super"))
        #expect("\(s)".contains("redacted"))
        #expect(s.count == 18)
    }

    @Test func secretBytesConsumingWipesSource() {
        var raw: [UInt8] = [9, 9, 9, 9]
        let s = SecretBytes(consuming: &raw)
        #expect(raw == [0, 0, 0, 0])
        #expect(ConstantTime.equal(s, [9, 9, 9, 9]))
    }

    @Test func randomnessLooksRandom() {
        let a = SecureRandom.bytes(32), b = SecureRandom.bytes(32)
        #expect(a != b)
        // 4096 random bytes: every byte value should appear (fails with prob. ~256·e^-16).
        #expect(Set(SecureRandom.bytes(4096)).count == 256)
    }

    @Test func constantTimeEquality() {
        #expect(ConstantTime.equal([1, 2, 3], [1, 2, 3]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2, 4]))
        #expect(!ConstantTime.equal([1, 2, 3], [1, 2]))
        #expect(ConstantTime.equal([], []))
    }

    @Test func hexDecoding() throws {
        #expect(try [UInt8](hex: "0x00ff10") == [0, 255, 16])
        #expect(try [UInt8](hex: "ABcd") == [0xab, 0xcd])
        #expect(try [UInt8](hex: "") == [])
        #expect(throws: PrimitivesError.invalidHex("odd number of hex digits")) { try [UInt8](hex: "abc") }
        #expect(throws: PrimitivesError.invalidHex("non-hex character")) { try [UInt8](hex: "zz") }
        #expect(throws: PrimitivesError.invalidHex("non-hex character")) { try [UInt8](hex: "0x0g") }
        #expect([UInt8]([0, 1, 254]).hexString == "0001fe")
    }
}

struct TranscriptTests {
    @Test func deterministicAndBound() throws {
        func make(_ idx: UInt64) -> Transcript {
            var t = Transcript(domain: "test/v1")
            t.append("session", Array("s1".utf8))
            t.append("party", uint64: idx)
            return t
        }
        var a = make(1), b = make(1), c = make(2)
        let ca = a.challengeBytes("e", count: 32)
        #expect(ca == b.challengeBytes("e", count: 32))
        #expect(ca != c.challengeBytes("e", count: 32))
        // Successive challenges differ; the second depends on the first having been drawn.
        #expect(a.challengeBytes("e", count: 32) != ca)
        var d = Transcript(domain: "test/v2")
        d.append("session", Array("s1".utf8)); d.append("party", uint64: 1)
        #expect(d.challengeBytes("e", count: 32) != ca)
    }

    @Test func encodingIsInjective() {
        var x = Transcript(domain: "d"), y = Transcript(domain: "d")
        x.append("a", [0x62, 0x63])
        y.append("ab", [0x63])
        #expect(x.digest() != y.digest())
        var z = Transcript(domain: "d"), w = Transcript(domain: "d")
        z.append("a", [1]); z.append("b", [2])
        w.append("a", [1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x62, 0, 0, 0, 0, 0, 0, 0, 1, 2])
        #expect(z.digest() != w.digest())
    }

    @Test func longChallengesAndScalars() throws {
        var t = Transcript(domain: "d")
        #expect(t.challengeBytes("wide", count: 100).count == 100)
        // secp256k1's n; challenges must be below it and spread out.
        let n = try [UInt8](hex: "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")
        for _ in 0..<50 {
            let s = try t.challengeScalar("c", modulus: n)
            #expect(s.count == 32)
            #expect(s.lexicographicallyPrecedes(n))
        }
        #expect(throws: PrimitivesError.invalidModulus) { try t.challengeScalar("c", modulus: [0, 0]) }
    }

    @Test func wideReduction() {
        #expect(Transcript.reduce([0x01, 0x00], modulus: [0x07]) == [4])
        #expect(Transcript.reduce([0x00, 0x0e], modulus: [0x00, 0x07]) == [0, 0])
        #expect(Transcript.reduce([0xff, 0xff, 0xff], modulus: [0x01, 0x00]) == [0x00, 0xff])
    }
}
