import Primitives

/// Hashing to secp256k1, suite `secp256k1_XMD:SHA-256_SSWU_RO_` (RFC 9380 §8.7):
/// `expand_message_xmd` with SHA-256, hash_to_field with m = 1, L = 48, count = 2, the
/// simplified SWU map (§6.6.2) onto the 3-isogenous curve
/// E': y² = x³ + A'x + B' (A' = 0x3f8731ab…a444533, B' = 1771, Z = −11), the 3-isogeny
/// map E' → E (Appendix E.1), and the sum of the two mapped points (cofactor 1).
///
/// Inputs (messages and DSTs) are treated as public: the map is not constant time.
public enum HashToCurve {
    /// The suite identifier.
    public static let suiteID = "secp256k1_XMD:SHA-256_SSWU_RO_"

    /// `hash_to_curve(msg)` with domain separation tag `dst` (RFC 9380 §3). Never returns
    /// anything but a valid group element (the identity only with negligible probability).
    public static func hashToCurve(message: [UInt8], dst: [UInt8]) -> Point {
        let u = hashToField(message: message, dst: dst, count: 2)
        return mapToCurve(u[0]) + mapToCurve(u[1])
    }

    /// `encode_to_curve(msg)` (nonuniform, `secp256k1_XMD:SHA-256_SSWU_NU_`): one field
    /// element, one map.
    public static func encodeToCurve(message: [UInt8], dst: [UInt8]) -> Point {
        mapToCurve(hashToField(message: message, dst: dst, count: 1)[0])
    }

    /// hash_to_field (RFC 9380 §5.2) for GF(p), m = 1, L = 48.
    static func hashToField(message: [UInt8], dst: [UInt8], count: Int) -> [FieldElement] {
        let L = 48
        let bytes = try! ExpandMessageXMD.expand(message: message, dst: dst, length: count * L)
        return (0..<count).map { i in FieldElement(reducing: Array(bytes[(i * L)..<((i + 1) * L)])) }
    }

    // E' and SSWU constants.
    static let aPrime = FieldElement(hex: "3f8731abdd661adca08a5558f0f5d272e953d363cb6f0e5d405447c01a444533")
    static let bPrime = FieldElement(1771)
    static let z = -FieldElement(11)

    /// map_to_curve: simplified SWU onto E' (RFC 9380 §6.6.2, straightforward form of
    /// §6.6.2 steps 1–9), then the 3-isogeny to E.
    static func mapToCurve(_ u: FieldElement) -> Point {
        let (xp, yp) = sswu(u)
        return isoMap(xp, yp)
    }

    /// Simplified SWU on E'; returns affine (x', y') on E'.
    static func sswu(_ u: FieldElement) -> (FieldElement, FieldElement) {
        let a = aPrime, b = bPrime
        let u2 = u.squared
        let zu2 = z * u2
        let tv1 = (zu2.squared + zu2).inverse                   // inv0(Z²u⁴ + Zu²)
        var x1 = (-b * a.inverse) * (FieldElement.one + tv1)
        if tv1.isZero { x1 = b * (z * a).inverse }
        let gx1 = x1.squared * x1 + a * x1 + b
        let x2 = zu2 * x1
        let gx2 = x2.squared * x2 + a * x2 + b
        var x: FieldElement, y: FieldElement
        if let r = gx1.squareRoot {
            x = x1; y = r
        } else {
            x = x2; y = gx2.squareRoot!                        // gx1·gx2 = Z³u⁶·gx1² is square when gx1 is not
        }
        if u.sgn0 != y.sgn0 { y = -y }
        return (x, y)
    }

    // 3-isogeny constants, RFC 9380 Appendix E.1.
    static let k1 = [
        "8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa8c7",
        "07d3d4c80bc321d5b9f315cea7fd44c5d595d2fc0bf63b92dfff1044f17c6581",
        "534c328d23f234e6e2a413deca25caece4506144037c40314ecbd0b53d9dd262",
        "8e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38e38daaaaa88c",
    ].map(FieldElement.init(hex:))
    static let k2 = [
        "d35771193d94918a9ca34ccbb7b640dd86cd409542f8487d9fe6b745781eb49b",
        "edadc6f64383dc1df7c4b2d51b54225406d36b641f5e41bbc52a56612a8c6d14",
    ].map(FieldElement.init(hex:))
    static let k3 = [
        "4bda12f684bda12f684bda12f684bda12f684bda12f684bda12f684b8e38e23c",
        "c75e0c32d5cb7c0fa9d0a54b12a0a6d5647ab046d686da6fdffc90fc201d71a3",
        "29a6194691f91a73715209ef6512e576722830a201be2018a765e85a9ecee931",
        "2f684bda12f684bda12f684bda12f684bda12f684bda12f684bda12f38e38d84",
    ].map(FieldElement.init(hex:))
    static let k4 = [
        "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffff93b",
        "7a06534bb8bdb49fd5e9e6632722c2989467c1bfc8e8d978dfb425d2685c2573",
        "6484aa716545ca2cf3a70c3fa8fe337e0a3d21162f0d6299a7bf8192bfd2a76f",
    ].map(FieldElement.init(hex:))

    /// The 3-isogeny E' → E: x = x_num/x_den, y = y'·y_num/y_den (Appendix E.1). A zero
    /// denominator (an exceptional input) maps to the identity, as §6.6.3 specifies.
    static func isoMap(_ x: FieldElement, _ y: FieldElement) -> Point {
        let x2 = x.squared, x3 = x2 * x
        let xNum = k1[3] * x3 + k1[2] * x2 + k1[1] * x + k1[0]
        let xDen = x2 + k2[1] * x + k2[0]
        let yNum = k3[3] * x3 + k3[2] * x2 + k3[1] * x + k3[0]
        let yDen = x3 + k4[2] * x2 + k4[1] * x + k4[0]
        if xDen.isZero || yDen.isZero { return .identity }
        let X = xNum * xDen.inverse
        let Y = y * yNum * yDen.inverse
        return Point(validatedX: X, y: Y)
    }
}
