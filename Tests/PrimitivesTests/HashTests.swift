import Testing
@testable import Primitives

/// Known answers from FIPS 180-4 examples, RFC 4231 and RFC 5869.
struct HashTests {
    @Test func sha256KnownAnswers() throws {
        #expect(SHA256.hash(Array("abc".utf8)).hexString ==
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hash([UInt8]()).hexString ==
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let two = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hash(two).hexString == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func sha256IncrementalMatchesOneShot() {
        let data = SecureRandom.bytes(1000)
        var h = SHA256()
        h.update(data[..<17]); h.update(data[17..<600]); h.update(data[600...])
        #expect(h.finalize() == SHA256.hash(data))
    }

    @Test func hmacRFC4231() throws {
        // Test case 1 and 2.
        let key1 = [UInt8](repeating: 0x0b, count: 20)
        #expect(HMACSHA256.authenticate(key: key1, message: Array("Hi There".utf8)).hexString ==
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        let tag = HMACSHA256.authenticate(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(tag.hexString == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(HMACSHA256.verify(tag: tag, key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
        var bad = tag; bad[31] ^= 1
        #expect(!HMACSHA256.verify(tag: bad, key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
        // Empty key and message are legal HMAC inputs.
        #expect(HMACSHA256.authenticate(key: [], message: []).hexString ==
                "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    /// The in-place secret HMAC equals the one-shot HMAC (RFC 4231 case 2 and random
    /// inputs), including when the output aliases the key or a message part.
    @Test func secretHMACMatchesOneShot() throws {
        let key = SecretBytes(copying: Array("Jefe".utf8))
        let out = SecretBytes(zeroedCount: 32)
        HMACSHA256.authenticate(key: key, [.bytes(Array("what do ya ".utf8)), .byte(0x77), .bytes(Array("ant for nothing?".utf8))], into: out)
        #expect(ConstantTime.equal(out, try [UInt8](hex: "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")))
        for _ in 0..<20 {
            let k = SecureRandom.bytes(32), v = SecureRandom.bytes(32), x = SecureRandom.bytes(32)
            let expected = HMACSHA256.authenticate(key: k, message: v + [0] + x)
            let ks = SecretBytes(copying: k), vs = SecretBytes(copying: v)
            HMACSHA256.authenticate(key: ks, [.secret(vs), .byte(0), .secret(SecretBytes(copying: x))], into: ks)
            #expect(ConstantTime.equal(ks, expected))                       // output aliases the key
            let expectedV = HMACSHA256.authenticate(key: expected, message: v)
            HMACSHA256.authenticate(key: ks, [.secret(vs)], into: vs)
            #expect(ConstantTime.equal(vs, expectedV))                      // output aliases a part
        }
    }

    @Test func hkdfRFC5869() throws {
        let ikm = [UInt8](repeating: 0x0b, count: 22)
        let salt = try [UInt8](hex: "000102030405060708090a0b0c")
        let info = try [UInt8](hex: "f0f1f2f3f4f5f6f7f8f9")
        let okm = try HKDFSHA256.derive(ikm: ikm, salt: salt, info: info, length: 42)
        #expect(okm.hexString == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865")
        // Test case 3: empty salt and info.
        let okm3 = try HKDFSHA256.derive(ikm: ikm, salt: [], info: [], length: 42)
        #expect(okm3.hexString == "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8")
        let secret = try HKDFSHA256.deriveSecret(ikm: SecretBytes(copying: ikm), salt: salt, info: info, length: 42)
        #expect(ConstantTime.equal(secret, okm))
    }

    @Test func hkdfRefusesBadLengths() {
        #expect(throws: PrimitivesError.invalidKDFParameters) { try HKDFSHA256.derive(ikm: [1], salt: [], info: [], length: 255 * 32 + 1) }
        #expect(throws: PrimitivesError.invalidKDFParameters) { try HKDFSHA256.derive(ikm: [1], salt: [], info: [], length: 0) }
        #expect((try? HKDFSHA256.derive(ikm: [1], salt: [], info: [], length: 255 * 32))?.count == 8160)
    }
}
