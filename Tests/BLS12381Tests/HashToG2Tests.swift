import Foundation
import Testing
import Primitives
@testable import BLS12381

/// RFC 9380 test vectors for BLS12381G2_XMD:SHA-256_SSWU_RO_ (Appendix J.10.1), read from
/// `<package root>/../shared/vectors/hash-to-curve/` (or /work/shared/vectors/…).
struct HashToG2Tests {
    static func vectorFile() -> URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let name = "hash-to-curve/BLS12381G2_XMD_SHA_256_SSWU_RO_.json"
        for base in [root.appendingPathComponent("../shared/vectors"), URL(fileURLWithPath: "/work/shared/vectors")] {
            let url = base.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    /// "0x…,0x…" → c0 + c1·u.
    func fp2(_ s: String) throws -> Fp2 {
        let parts = s.split(separator: ",").map { String($0.dropFirst(2)) }
        return Fp2(try Fp(bigEndianBytes: [UInt8](hex: parts[0])), try Fp(bigEndianBytes: [UInt8](hex: parts[1])))
    }

    func point(_ json: Any?) throws -> G2Projective {
        let d = json as! [String: String]
        return G2Projective(affineX: try fp2(d["x"]!), y: try fp2(d["y"]!))
    }

    @Test func rfc9380Vectors() throws {
        guard let url = Self.vectorFile() else {
            Issue.record("RFC 9380 vector file not found (expected ../shared/vectors/hash-to-curve/)")
            return
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let dst = Array((json["dst"] as! String).utf8)
        let vectors = json["vectors"] as! [[String: Any]]
        #expect(vectors.count >= 5)
        for v in vectors {
            let msg = Array((v["msg"] as! String).utf8)
            let us = try (v["u"] as! [String]).map(fp2)
            let (u0, u1) = HashToG2.hashToField(message: msg, dst: dst)
            #expect(u0 == us[0] && u1 == us[1], "hash_to_field for msg \(v["msg"]!)")
            let q0 = HashToG2.mapToCurve(u0), q1 = HashToG2.mapToCurve(u1)
            #expect(q0 == (try point(v["Q0"])), "Q0 for msg \(v["msg"]!)")
            #expect(q1 == (try point(v["Q1"])), "Q1 for msg \(v["msg"]!)")
            let p = HashToG2.hash(message: msg, dst: dst)
            #expect(p == (try point(v["P"])), "P for msg \(v["msg"]!)")
            #expect(p.isInSubgroup)
        }
    }

    /// Against blst's hash_to_group with the Ethereum signature DST on random messages.
    @Test func agreesWithBlst() {
        let messages = (0..<(slowTests ? 20 : 3)).map { _ in SecureRandom.bytes(Int.random(in: 0...80)) }
        let dst = HashToG2.ethereumSignatureDST
        let script = """
        from pyblst import BlstP2Element
        for m in [\(messages.map { "'\(Hex.encode($0))'" }.joined(separator: ","))]:
            print(BlstP2Element().hash_to_group(bytes.fromhex(m), b'\(String(decoding: dst, as: UTF8.self))').compress().hex())
        """
        guard let lines = PythonOracle.run(script) else { return }
        #expect(lines.count == messages.count)
        for (m, line) in zip(messages, lines) {
            #expect(Hex.encode(HashToG2.hash(message: m, dst: dst).affine.compressedBytes) == line)
        }
    }

    @Test func fieldReductionOf64Bytes() {
        // 2⁵¹² − 1 mod p against Python's integers.
        let all = [UInt8](repeating: 0xff, count: 64)
        let reduced = Fp(reducingBigEndian64: all[...])
        guard let lines = PythonOracle.run("print('%096x' % ((2**512 - 1) % \(("0x" + fpModulusHex))))") else { return }
        #expect(Hex.encode(reduced.bigEndianBytes) == lines.first)
    }
}

struct SqrtRatioTests {
    @Test func sqrtRatioMatchesDefinition() {
        for _ in 0..<(slowTests ? 20 : 3) {
            let u = Fp2.random(), v = Fp2.random()
            let (isSquare, root) = HashToG2.sqrtRatio(u, v)
            let ratio = u * v.inverse()
            #expect(isSquare == ratio.isSquare)
            #expect(root.squared() == (isSquare ? ratio : HashToG2.Z * ratio))
        }
        // A square ratio by construction.
        let y = Fp2.random(), v = Fp2.random()
        let (isSquare, root) = HashToG2.sqrtRatio(y.squared() * v, v)
        #expect(isSquare && (root == y || root == -y))
        #expect(!HashToG2.Z.isSquare)
    }
}
