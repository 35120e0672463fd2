import Foundation
import Primitives
import Testing

@Suite("expand_message_xmd (RFC 9380 §5.3.1)")
struct ExpandMessageXMDTests {
    static let files = ["hash-to-curve/expand_message_xmd_SHA256_38.json",
                        "hash-to-curve/expand_message_xmd_SHA256_256.json"]

    @Test("RFC 9380 Appendix K.1 vectors", .enabled(if: files.allSatisfy(TestSupport.vectorExists),
                                                    "hash-to-curve vectors absent"),
          arguments: files)
    func vectors(file: String) throws {
        let json = try TestSupport.loadJSON(file)
        let dst = Array((json["DST"] as! String).utf8)
        let tests = json["tests"] as! [[String: Any]]
        #expect(tests.count >= 5)
        for t in tests {
            let msg = Array((t["msg"] as! String).utf8)
            let len = Int((t["len_in_bytes"] as! String).dropFirst(2), radix: 16)!
            let expected = TestSupport.hex(t["uniform_bytes"] as! String)
            let dstPrime = TestSupport.hex(t["DST_prime"] as! String)
            #expect(ExpandMessageXMD.effectiveDST(dst) + [UInt8(ExpandMessageXMD.effectiveDST(dst).count)] == dstPrime)
            #expect(try ExpandMessageXMD.expand(message: msg, dst: dst, length: len) == expected,
                    "\(file) msg=\(t["msg"]!) len=\(len)")
        }
    }

    @Test("length limits")
    func limits() throws {
        #expect(throws: ExpandMessageXMD.Failure.invalidOutputLength(0)) {
            try ExpandMessageXMD.expand(message: [], dst: [1], length: 0)
        }
        #expect(throws: ExpandMessageXMD.Failure.invalidOutputLength(8161)) {
            try ExpandMessageXMD.expand(message: [], dst: [1], length: 8161)
        }
        #expect(try ExpandMessageXMD.expand(message: [1, 2], dst: [1], length: 8160).count == 8160)
        #expect(try ExpandMessageXMD.expand(message: [1, 2], dst: [1], length: 1).count == 1)
        // Oversize DST is hashed (§5.3.3).
        let long = [UInt8](repeating: 0x41, count: 256)
        #expect(ExpandMessageXMD.effectiveDST(long).count == 32)
        #expect(ExpandMessageXMD.effectiveDST(Array(long.prefix(255))).count == 255)
    }
}
