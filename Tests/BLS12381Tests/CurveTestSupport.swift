import Primitives
@testable import BLS12381

/// r − 1 as a scalar.
let orderMinusOne = Scalar(uncheckedLimbs: 0xffffffff00000000, 0x53bda402fffe5bfe, 0x3339d80809a1d805, 0x73eda753299d7d48)

/// The scalar as a Python integer literal.
func pyInt(_ k: Scalar) -> String { "0x" + Hex.encode(k.bigEndianBytes) }

/// Reference double-and-add (variable time, no windows): an independent path for [k]P.
func referenceMultiple<P: ProjectivePoint>(_ point: P, _ k: Scalar) -> P {
    var acc = P.identityPoint
    for i in stride(from: 255, through: 0, by: -1) {
        acc = acc.doubledPoint()
        if k.bit(i) == 1 { acc = acc.addingPoint(point) }
    }
    return acc
}

/// A point of E(𝔽p) (y² = x³ + 4) that is not in G1: random x until x³ + 4 is a square.
/// (G1 has index h₁ ≈ 2¹²⁶ in E(𝔽p), so a random point is outside it.)
func randomG1CurvePoint() -> G1Projective {
    while true {
        let x = Fp.random()
        if let y = (x.squared() * x + G1Projective.b).squareRoot() { return G1Projective(affineX: x, y: y) }
    }
}

/// A point of E′(𝔽p²) that is (overwhelmingly likely) not in G2.
func randomG2CurvePoint() -> G2Projective {
    while true {
        let x = Fp2.random()
        if let y = (x.squared() * x + G2Projective.b).squareRoot() { return G2Projective(affineX: x, y: y) }
    }
}
