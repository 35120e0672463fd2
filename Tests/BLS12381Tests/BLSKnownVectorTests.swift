import Testing
import Primitives
@testable import BLS12381

/// Fixed KeyGen / SkToPk / Sign / PopProve outputs of py_ecc's G2ProofOfPossession (py_ecc
/// 7, draft-irtf-cfrg-bls-signature-05 with the salt loop), recorded so that these checks
/// run without Python. Message "abc".
struct BLSKnownVectorTests {
    struct Vector {
        let ikm: String, keyInfo: String, sk: String, pk: String, signature: String, pop: String
    }

    static let vectors: [Vector] = [
        Vector(ikm: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", keyInfo: "",
               sk: "23360db7e337b0a32b264e06bc11c1b474d16f55665373de1ce93cf15ddb3456",
               pk: "9112a0386a2340714ba0c6d2df235377a8679c3899d03e6ef04dba7a50ef49e5a1dc93105e9374e93ed301b63487e17c",
               signature: "8aa7045c01536c9a17aeb42fcebb2e77c64317a930d180ac501c12587c8229fd0ba5cf392328f0fe0fd347e6013da7480457006f3ba2f8988dacad37493cb527658e5d0ca11f4cf5fc610b177df2eafda790aefa8c435726a960a0c7f56cab4b",
               pop: "915993b4e43e717ec8079234490be46018bdc7d70e81de1bbec515844a3754cc0a387ddf825a2faa0984fa794a96b5a20da605161aa42c1d4028abeb3c52ffbf35d41bd26398e7110d0b6566e0b74b30b3431c4b821cc85a9d61ad5ffd3f9042"),
        Vector(ikm: "c00cd59aad7193a5e59a01e4bca2f1ba9e3cbad41a6a2a1aae0e9e4bba4a5d0e", keyInfo: "6b657920696e666f",
               sk: "011341372ee0cb73afeeef77c3c8119c18bc918d4eb1ba7640f50faa7748f8bf",
               pk: "9844943dd1bf2a7ced22098917b28f589304f010ef0045ab9e583948c9835552367d25ae69b92d701d346c6049d16f1e",
               signature: "a7c64ebff332dac724a62c408d6a36958ccfb86df321271e1d6683fad3da68cb51eb548d14ae48e9b409c696b6a9db1e104d407b6bd51e6cbcef4fd0e79f9bee155720e4276c98bc18249e663fc4e436d03d3b3cd8a77c763deadd0a00a9fa49",
               pop: "a0215024ab5017d1f662d6a62ec73fc079b88d37b713b00d5297a1db58741a3e02af34a796eace74caeeedb9ae875aa911871de2230cab517d0d7d38ace4f731fc70bd935dcf7afc9c5a372a54f30af7995e13646e9c1217b6f26b162410f9eb"),
    ]

    @Test(arguments: vectors.indices)
    func pyEccVector(index: Int) throws {
        let v = Self.vectors[index]
        let sk = try BLSSecretKey.keyGen(ikm: try [UInt8](hex: v.ikm), keyInfo: try [UInt8](hex: v.keyInfo))
        #expect(sk.bytes().withUnsafeBytes { Hex.encode(Array($0)) } == v.sk)
        #expect(Hex.encode(sk.publicKey.compressed) == v.pk)
        let sig = sk.sign(Array("abc".utf8))
        #expect(Hex.encode(sig.compressed) == v.signature)
        #expect(Hex.encode(sk.popProve().compressed) == v.pop)
        let pk = try BLSPublicKey(compressed: try [UInt8](hex: v.pk))
        #expect(BLS.verify(publicKey: pk, message: Array("abc".utf8), signature: try BLSSignature(compressed: try [UInt8](hex: v.signature))))
        #expect(BLS.popVerify(publicKey: pk, proof: try BLSSignature(compressed: try [UInt8](hex: v.pop))))
        #expect(try BLSSecretKey(bytes: try [UInt8](hex: v.sk)).publicKey == pk)
    }
}
