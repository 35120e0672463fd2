/// A polynomial `f(x) = a_0 + a_1 x + … + a_{t−1} x^{t−1}` over a scalar field, the
/// dealer's secret in Shamir sharing: `a_0` is the secret, `f(i)` is share `i`.
///
/// The coefficients are secret. Evaluation is Horner's rule with a fixed number of field
/// operations and no branch on any coefficient or on the result, so its running time
/// depends only on the degree (public) and on the field arithmetic, which
/// `GroupScalar` requires to be constant time. `description` never prints coefficients.
public struct Polynomial<Scalar: GroupScalar>: Sendable, Hashable, CustomStringConvertible {
    /// The coefficients `a_0 … a_{t−1}`, lowest degree first; never empty.
    public let coefficients: [Scalar]

    /// A polynomial with the given coefficients, lowest degree first.
    /// - Precondition: `coefficients` is not empty (a polynomial of degree ≥ 0).
    public init(coefficients: [Scalar]) {
        precondition(!coefficients.isEmpty, "a polynomial needs at least its constant term")
        self.coefficients = coefficients
    }

    /// A polynomial of the given degree with constant term `constantTerm` and the other
    /// coefficients drawn uniformly from `[1, q)` with the CSPRNG.
    ///
    /// Non-zero higher coefficients make the degree exact, so the Feldman commitments of
    /// an honest dealer never contain the identity beyond `A_0` (decoders may refuse it);
    /// excluding 0 changes the distribution by at most `t/q`, negligible.
    /// - Precondition: `degree ≥ 0`.
    public static func random(degree: Int, constantTerm: Scalar) -> Polynomial {
        precondition(degree >= 0, "degree must be non-negative")
        var c = [constantTerm]
        c.reserveCapacity(degree + 1)
        for _ in 0..<degree { c.append(.randomNonZero()) }
        return Polynomial(coefficients: c)
    }

    /// The degree bound `t − 1` (the number of coefficients minus one).
    public var degree: Int { coefficients.count - 1 }

    /// `a_0 = f(0)`: the shared secret.
    public var constantTerm: Scalar { coefficients[0] }

    /// `f(x)` by Horner's rule: `t − 1` multiplications and additions, no branches on
    /// secret data.
    public func evaluate(at x: Scalar) -> Scalar {
        var acc = coefficients[coefficients.count - 1]
        var k = coefficients.count - 2
        while k >= 0 {
            acc = acc * x + coefficients[k]
            k -= 1
        }
        return acc
    }

    /// `f(index)` for a share position (a public, non-negative integer).
    /// - Precondition: `index ≥ 0`.
    public func evaluate(at index: Int) -> Scalar {
        evaluate(at: Scalar.ofIndex(index))
    }

    /// Coefficient-wise sum, `(f + g)(x) = f(x) + g(x)` (used by DKG to add up dealings
    /// and by proactive refresh to add a sharing of zero). The shorter one is padded with 0.
    public static func + (lhs: Polynomial, rhs: Polynomial) -> Polynomial {
        let n = max(lhs.coefficients.count, rhs.coefficients.count)
        var c = [Scalar]()
        c.reserveCapacity(n)
        for k in 0..<n {
            let a = k < lhs.coefficients.count ? lhs.coefficients[k] : .zero
            let b = k < rhs.coefficients.count ? rhs.coefficients[k] : .zero
            c.append(a + b)
        }
        return Polynomial(coefficients: c)
    }

    /// Redacted: shows the degree, never the coefficients.
    public var description: String { "Polynomial(degree: \(degree), coefficients: <redacted>)" }
}

/// Reflection shows the degree, never the (secret) coefficients.
extension Polynomial: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, children: ["degree": degree]) }
}
