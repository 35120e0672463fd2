import Foundation
import Primitives
@testable import Secp256k1
import Testing

@Suite("hash_to_curve secp256k1_XMD:SHA-256_SSWU_RO_ (RFC 9380 §8.7)")
struct HashToCurveTests {
    static let file = "hash-to-curve/secp256k1_XMD_SHA_256_SSWU_RO_.json"

    static func point(_ obj: Any?) -> [UInt8] {
        let o = obj as! [String: String]
        return [0x04] + TestSupport.hex(o["x"]!) + TestSupport.hex(o["y"]!)
    }

    @Test("RFC 9380 Appendix J.8.1 vectors: u, Q0, Q1, P",
          .enabled(if: TestSupport.vectorExists(file), "hash-to-curve vectors absent"))
    func vectors() throws {
        let json = try TestSupport.loadJSON(Self.file)
        #expect(json["ciphersuite"] as? String == HashToCurve.suiteID)
        let dst = Array((json["dst"] as! String).utf8)
        let vectors = json["vectors"] as! [[String: Any]]
        #expect(vectors.count == 5)
        for v in vectors {
            let msg = Array((v["msg"] as! String).utf8)
            let u = HashToCurve.hashToField(message: msg, dst: dst, count: 2)
            let uHex = (v["u"] as! [String]).map(TestSupport.hex)
            #expect(u.map(\.bytes) == uHex, "u for msg \(v["msg"]!)")
            #expect(HashToCurve.mapToCurve(u[0]).sec1(compressed: false) == Self.point(v["Q0"]))
            #expect(HashToCurve.mapToCurve(u[1]).sec1(compressed: false) == Self.point(v["Q1"]))
            let p = HashToCurve.hashToCurve(message: msg, dst: dst)
            #expect(p.sec1(compressed: false) == Self.point(v["P"]), "P for msg \(v["msg"]!)")
        }
    }
}
