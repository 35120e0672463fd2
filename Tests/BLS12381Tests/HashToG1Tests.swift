import Foundation
import Testing
import Primitives
@testable import BLS12381

/// RFC 9380 test vectors for BLS12381G1_XMD:SHA-256_SSWU_RO_ (Appendix J.9.1).
struct HashToG1Tests {
    static func vectorFile() -> URL? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let name = "hash-to-curve/BLS12381G1_XMD_SHA_256_SSWU_RO_.json"
        for base in [root.appendingPathComponent("../shared/vectors"), URL(fileURLWithPath: "/work/shared/vectors")] {
            let url = base.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        return nil
    }

    func fp(_ s: String) throws -> Fp { try Fp(bigEndianBytes: [UInt8](hex: String(s.dropFirst(2)))) }

    func point(_ json: Any?) throws -> G1Projective {
        let d = json as! [String: String]
        return G1Projective(affineX: try fp(d["x"]!), y: try fp(d["y"]!))
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
            let us = try (v["u"] as! [String]).map(fp)
            let (u0, u1) = HashToG1.hashToField(message: msg, dst: dst)
            #expect(u0 == us[0] && u1 == us[1], "hash_to_field for msg \(v["msg"]!)")
            let q0 = HashToG1.mapToCurve(u0), q1 = HashToG1.mapToCurve(u1)
            #expect(q0 == (try point(v["Q0"])), "Q0 for msg \(v["msg"]!)")
            #expect(q1 == (try point(v["Q1"])), "Q1 for msg \(v["msg"]!)")
            #expect(q0.isOnCurve && q1.isOnCurve)
            let p = HashToG1.hash(message: msg, dst: dst)
            #expect(p == (try point(v["P"])), "P for msg \(v["msg"]!)")
            #expect(p.isInSubgroup)
        }
    }

    /// Against blst's G1 hash_to_group on random messages and tags.
    @Test func agreesWithBlst() {
        let messages = (0..<(slowTests ? 30 : 6)).map { _ in SecureRandom.bytes(Int.random(in: 0...100)) }
        let dst = Array("THRESIG-TEST-G1".utf8)
        let script = """
        from pyblst import BlstP1Element
        for m in [\(messages.map { "'\(Hex.encode($0))'" }.joined(separator: ","))]:
            print(BlstP1Element().hash_to_group(bytes.fromhex(m), b'THRESIG-TEST-G1').compress().hex())
        """
        guard let lines = PythonOracle.run(script), lines.count == messages.count else {
            Issue.record("oracle output missing"); return
        }
        for (m, line) in zip(messages, lines) {
            #expect(Hex.encode(HashToG1.hash(message: m, dst: dst).affine.compressedBytes) == line)
        }
    }
}
