import BLS12381
import Primitives
import Testing

/// pyblst: does `signature` verify under `publicKey` for `message` (POP ciphersuite)?
/// One line "True"/"False" per triple; nil after recording an Issue.
public func pyblstVerify(_ items: [(publicKey: [UInt8], message: [UInt8], signature: [UInt8])],
                  sourceLocation: SourceLocation = #_sourceLocation) -> [Bool]? {
    let list = items.map { "('\(Hex.encode($0.publicKey))','\(Hex.encode($0.message))','\(Hex.encode($0.signature))')" }
    let script = """
    from pyblst import BlstP1Element as P1, BlstP2Element as P2, miller_loop, final_verify
    DST = b'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_'
    g1 = P1().uncompress(bytes.fromhex('\(Hex.encode(G1Affine.generator.compressedBytes))'))
    for pk, m, s in [\(list.joined(separator: ","))]:
        pk = P1().uncompress(bytes.fromhex(pk)); sig = P2().uncompress(bytes.fromhex(s))
        h = P2().hash_to_group(bytes.fromhex(m), DST)
        print(final_verify(miller_loop(pk, h), miller_loop(g1, sig)))
    """
    guard let lines = PythonOracle.run(script, sourceLocation: sourceLocation), lines.count == items.count else {
        Issue.record("pyblst output missing", sourceLocation: sourceLocation)
        return nil
    }
    return lines.map { $0 == "True" }
}
