import Primitives

/// Hashing to G2 as RFC 9380 specifies for the suite `BLS12381G2_XMD:SHA-256_SSWU_RO_`
/// (§8.8.2): `expand_message_xmd` with SHA-256 (Primitives), `hash_to_field` into 𝔽p²
/// (m = 2, L = 64, count = 2), the simplified SWU map on the 3-isogenous curve
/// E2′: y² = x³ + 240u·x + 1012(1 + u) with Z = −(2 + u) (§6.6.2), the 3-isogeny to E′
/// (Appendix E.3), and cofactor clearing (Appendix G.4).
///
/// Messages and tags are public, so the map branches on whether g(x₁) is a square; the
/// output depends only on public data.
public enum HashToG2 {
    /// The Ethereum / IETF BLS proof-of-possession signature ciphersuite tag.
    public static let ethereumSignatureDST = Array("BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_".utf8)

    /// hash_to_curve(msg) = clear_cofactor(map(u₀) + map(u₁)). The two SWU inversions
    /// share one (Montgomery's trick).
    public static func hash(message: [UInt8], dst: [UInt8]) -> G2Projective {
        let (u0, u1) = hashToField(message: message, dst: dst)
        let d0 = swuDenominator(u0), d1 = swuDenominator(u1)
        let inverse = (d0 * d1).inverse()          // zero if either is zero: inv0 semantics
        let (inv0, inv1) = (d0.isZero || d1.isZero) ? (d0.inverse(), d1.inverse()) : (inverse * d1, inverse * d0)
        let q0 = isogenyMap(simplifiedSWU(u0, inverseDenominator: inv0))
        let q1 = isogenyMap(simplifiedSWU(u1, inverseDenominator: inv1))
        return (q0 + q1).clearingCofactor()
    }

    /// hash_to_field(msg, 2) for 𝔽p² (RFC 9380 §5.2): 256 uniform bytes, each 64-byte
    /// block reduced mod p (k = 128 bits of statistical margin).
    public static func hashToField(message: [UInt8], dst: [UInt8]) -> (Fp2, Fp2) {
        let b = expand(message: message, dst: dst, length: 256)
        return (Fp2(Fp(reducingBigEndian64: b[0..<64]), Fp(reducingBigEndian64: b[64..<128])),
                Fp2(Fp(reducingBigEndian64: b[128..<192]), Fp(reducingBigEndian64: b[192..<256])))
    }

    static func expand(message: [UInt8], dst: [UInt8], length: Int) -> [UInt8] {
        do { return try ExpandMessageXMD.expand(message: message, dst: dst, length: length) }
        catch { fatalError("expand_message_xmd refused a fixed, valid length \(length)") }
    }

    /// map_to_curve: simplified SWU onto E2′ followed by the 3-isogeny onto E′. The result
    /// is on E′ but not yet in G2.
    public static func mapToCurve(_ u: Fp2) -> G2Projective {
        isogenyMap(simplifiedSWU(u))
    }

    /// Z²u⁴ + Zu², the quantity SWU inverts.
    static func swuDenominator(_ u: Fp2) -> Fp2 {
        let zu2 = Z * u.squared()
        return zu2.squared() + zu2
    }

    /// Simplified SWU for AB ≠ 0 (RFC 9380 §6.6.2, the straight-line description).
    public static func simplifiedSWU(_ u: Fp2) -> (x: Fp2, y: Fp2) {
        simplifiedSWU(u, inverseDenominator: swuDenominator(u).inverse())
    }

    /// The same with tv1 = inv0(Z²u⁴ + Zu²) supplied by the caller.
    static func simplifiedSWU(_ u: Fp2, inverseDenominator tv1: Fp2) -> (x: Fp2, y: Fp2) {
        let zu2 = Z * u.squared()
        let x1 = tv1.isZero ? bOverZA : minusBOverA * (Fp2.one + tv1)
        let gx1 = (x1.squared() + A) * x1 + B
        // Trying the root directly costs no more than is_square when gx1 is a non-square
        // (the first 𝔽p exponentiation of `squareRoot` already fails).
        var x = x1
        var root = gx1.squareRoot()
        if root == nil {
            x = zu2 * x1
            root = ((x.squared() + A) * x + B).squareRoot()
        }
        guard var y = root else { fatalError("SSWU: g(x₂) must be a square when g(x₁) is not") }
        if u.sgn0 != y.sgn0 { y = -y }
        return (x, y)
    }

    /// RFC 9380 §4 `sqrt_ratio(u, v)` for 𝔽p² with this suite's Z: (true, √(u/v)) when
    /// u/v is a square, else (false, √(Z·u/v)) — Z is a non-square, so exactly one applies.
    /// v must be non-zero. (Computed directly with one inversion and the 𝔽p² square root;
    /// inputs are public.)
    public static func sqrtRatio(_ u: Fp2, _ v: Fp2) -> (isSquare: Bool, root: Fp2) {
        precondition(!v.isZero, "sqrt_ratio: v must be non-zero")
        let ratio = u * v.inverse()
        if let root = ratio.squareRoot() { return (true, root) }
        guard let root = (Z * ratio).squareRoot() else { fatalError("Z·(u/v) must be a square when u/v is not") }
        return (false, root)
    }

    /// The 3-isogeny E2′ → E′ (RFC 9380 Appendix E.3), returned in projective form
    /// (x_num·y_den : y·y_num·x_den : x_den·y_den) so that no inversion is needed.
    static func isogenyMap(_ point: (x: Fp2, y: Fp2)) -> G2Projective {
        let (x, y) = point
        func horner(_ k: [Fp2]) -> Fp2 {
            var acc = k[k.count - 1]
            for c in k.dropLast().reversed() { acc = acc * x + c }
            return acc
        }
        let xNum = horner(Isogeny3.xNumerator), xDen = horner(Isogeny3.xDenominator)
        let yNum = horner(Isogeny3.yNumerator), yDen = horner(Isogeny3.yDenominator)
        // A zero denominator happens only at the isogeny's kernel, which maps to the identity.
        if xDen.isZero || yDen.isZero { return .identity }
        return G2Projective(x: xNum * yDen, y: y * yNum * xDen, z: xDen * yDen)
    }

    /// A′ = 240u of E2′.
    static let A = Fp2(.zero, Fp(240))
    /// B′ = 1012(1 + u) of E2′.
    static let B = Fp2(Fp(1012), Fp(1012))
    /// Z = −(2 + u) (RFC 9380 §8.8.2).
    static let Z = Fp2(-Fp(2), -Fp(1))
    /// −B′/A′ and B′/(Z·A′), the SWU constants.
    static let minusBOverA: Fp2 = -(B * A.inverse())
    static let bOverZA: Fp2 = B * (Z * A).inverse()
}

/// Coefficients of the 3-isogeny E2′ → E′ (RFC 9380 Appendix E.3), as py_ecc states them
/// (converted to Montgomery form); checked end-to-end by the RFC's hash_to_curve vectors.
@usableFromInline
enum Isogeny3 {
    /// k_(·,0…3) of the xNumerator, constant term first.
    @usableFromInline static let xNumerator: [Fp2] = [
        Fp2(Fp(montgomeryLimbs: 0x47f671c71ce05e62, 0x06dd57071206393e, 0x7c80cd2af3fd71a2, 0x048103ea9e6cd062, 0xc54516acc8d037f6, 0x13808f550920ea41),
            Fp(montgomeryLimbs: 0x47f671c71ce05e62, 0x06dd57071206393e, 0x7c80cd2af3fd71a2, 0x048103ea9e6cd062, 0xc54516acc8d037f6, 0x13808f550920ea41)),
        Fp2(Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000),
            Fp(montgomeryLimbs: 0x5fe55555554c71d0, 0x873fffdd236aaaa3, 0x6a6b4619b26ef918, 0x21c2888408874945, 0x2836cda7028cabc5, 0x0ac73310a7fd5abd)),
        Fp2(Fp(montgomeryLimbs: 0x0a0c5555555971c3, 0xdb0c00101f9eaaae, 0xb1fb2f941d797997, 0xd3960742ef416e1c, 0xb70040e2c20556f4, 0x149d7861e581393b),
            Fp(montgomeryLimbs: 0xaff2aaaaaaa638e8, 0x439fffee91b55551, 0xb535a30cd9377c8c, 0x90e144420443a4a2, 0x941b66d3814655e2, 0x0563998853fead5e)),
        Fp2(Fp(montgomeryLimbs: 0x40aac71c71c725ed, 0x190955557a84e38e, 0xd817050a8f41abc3, 0xd86485d4c87f6fb1, 0x696eb479f885d059, 0x198e1a74328002d2),
            Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)),
    ]
    /// k_(·,0…3) of the xDenominator, constant term first.
    @usableFromInline static let xDenominator: [Fp2] = [
        Fp2(Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000),
            Fp(montgomeryLimbs: 0x1f3affffff13ab97, 0xf25bfc611da3ff3e, 0xca3757cb3819b208, 0x3e6427366f8cec18, 0x03977bc86095b089, 0x04f69db13f39a952)),
        Fp2(Fp(montgomeryLimbs: 0x447600000027552e, 0xdcb8009a43480020, 0x6f7ee9ce4a6e8b59, 0xb10330b7c0a95bc6, 0x6140b1fcfb1e54b7, 0x0381be097f0bb4e1),
            Fp(montgomeryLimbs: 0x7588ffffffd8557d, 0x41f3ff646e0bffdf, 0xf7b1e8d2ac426aca, 0xb3741acd32dbb6f8, 0xe9daf5b9482d581f, 0x167f53e0ba7431b8)),
        Fp2(Fp(montgomeryLimbs: 0x760900000002fffd, 0xebf4000bc40c0002, 0x5f48985753c758ba, 0x77ce585370525745, 0x5c071a97a256ec6d, 0x15f65ec3fa80e493),
            Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)),
        Fp2(Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000),
            Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)),
    ]
    /// k_(·,0…3) of the yNumerator, constant term first.
    @usableFromInline static let yNumerator: [Fp2] = [
        Fp2(Fp(montgomeryLimbs: 0x96d8f684bdfc77be, 0xb530e4f43b66d0e2, 0x184a88ff379652fd, 0x57cb23ecfae804e1, 0x0fd2e39eada3eba9, 0x08c8055e31c5d5c3),
            Fp(montgomeryLimbs: 0x96d8f684bdfc77be, 0xb530e4f43b66d0e2, 0x184a88ff379652fd, 0x57cb23ecfae804e1, 0x0fd2e39eada3eba9, 0x08c8055e31c5d5c3)),
        Fp2(Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000),
            Fp(montgomeryLimbs: 0xbf0a71c71c91b406, 0x4d6d55d28b7638fd, 0x9d82f98e5f205aee, 0xa27aa27b1d1a18d5, 0x02c3b2b2d2938e86, 0x0c7d13420b09807f)),
        Fp2(Fp(montgomeryLimbs: 0xd7f9555555531c74, 0x21cffff748daaaa8, 0x5a9ad1866c9bbe46, 0x4870a2210221d251, 0x4a0db369c0a32af1, 0x02b1ccc429ff56af),
            Fp(montgomeryLimbs: 0xe205aaaaaaac8e37, 0xfcdc000768795556, 0x0c96011a8a1537dd, 0x1c06a963f163406e, 0x010df44c82a881e6, 0x174f45260f808feb)),
        Fp2(Fp(montgomeryLimbs: 0xa470bda12f67f35c, 0xc0fe38e23327b425, 0xc9d3d0f2c6f0678d, 0x1c55c9935b5a982e, 0x27f6c0e2f0746764, 0x117c5e6e28aa9054),
            Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)),
    ]
    /// k_(·,0…3) of the yDenominator, constant term first.
    @usableFromInline static let yDenominator: [Fp2] = [
        Fp2(Fp(montgomeryLimbs: 0x0162fffffa765adf, 0x8f7bea480083fb75, 0x561b3c2259e93611, 0x11e19fc1a9c875d5, 0xca713efc00367660, 0x03c6a03d41da1151),
            Fp(montgomeryLimbs: 0x0162fffffa765adf, 0x8f7bea480083fb75, 0x561b3c2259e93611, 0x11e19fc1a9c875d5, 0xca713efc00367660, 0x03c6a03d41da1151)),
        Fp2(Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000),
            Fp(montgomeryLimbs: 0x5db0fffffd3b02c5, 0xd713f52358ebfdba, 0x5ea60761a84d161a, 0xbb2c75a34ea6c44a, 0x0ac6735921c1119b, 0x0ee3d913bdacfbf6)),
        Fp2(Fp(montgomeryLimbs: 0x66b10000003affc5, 0xcb1400e764ec0030, 0xa73e5eb56fa5d106, 0x8984c913a0fe09a9, 0x11e10afb78ad7f13, 0x05429d0e3e918f52),
            Fp(montgomeryLimbs: 0x534dffffffc4aae6, 0x5397ff174c67ffcf, 0xbff273eb870b251d, 0xdaf2827152870915, 0x393a9cbaca9e2dc3, 0x14be74dbfaee5748)),
        Fp2(Fp(montgomeryLimbs: 0x760900000002fffd, 0xebf4000bc40c0002, 0x5f48985753c758ba, 0x77ce585370525745, 0x5c071a97a256ec6d, 0x15f65ec3fa80e493),
            Fp(montgomeryLimbs: 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000, 0x0000000000000000)),
    ]
}

extension Fp {
    /// OS2IP of 64 big-endian bytes, reduced mod p: hi·2²⁵⁶ + lo with both halves < p.
    init(reducingBigEndian64 bytes: ArraySlice<UInt8>) {
        precondition(bytes.count == 64)
        func limbs(_ s: ArraySlice<UInt8>) -> (UInt64, UInt64, UInt64, UInt64) {
            var w: [UInt64] = [0, 0, 0, 0]
            for (i, byte) in s.enumerated() { w[3 - i / 8] = w[3 - i / 8] << 8 | UInt64(byte) }
            return (w[0], w[1], w[2], w[3])
        }
        let start = bytes.startIndex
        let hi = limbs(bytes[start..<(start + 32)]), lo = limbs(bytes[(start + 32)..<(start + 64)])
        let twoTo256 = Fp(canonicalLimbs: 0, 0, 0, 0, 1, 0)
        self = Fp(canonicalLimbs: hi.0, hi.1, hi.2, hi.3, 0, 0) * twoTo256 + Fp(canonicalLimbs: lo.0, lo.1, lo.2, lo.3, 0, 0)
    }
}
