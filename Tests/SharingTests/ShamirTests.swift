import Sharing
import Testing

@Suite struct PolynomialTests {
    @Test func hornerMatchesNaiveEvaluation() {
        for degree in 0..<8 {
            let f = Polynomial<S>.random(degree: degree, constantTerm: .random())
            #expect(f.degree == degree)
            for _ in 0..<5 {
                let x = S.random()
                var naive = S.zero, power = S.one
                for c in f.coefficients { naive = naive + c * power; power = power * x }
                #expect(f.evaluate(at: x) == naive)
            }
            #expect(f.evaluate(at: 0) == f.constantTerm)
            #expect(f.evaluate(at: 7) == f.evaluate(at: S(7)))
        }
    }

    @Test func randomCoefficientsAreNonZeroAndConstantTermKept() {
        let c = S.random()
        let f = Polynomial<S>.random(degree: 10, constantTerm: c)
        #expect(f.coefficients.count == 11)
        #expect(f.constantTerm == c)
        #expect(f.coefficients.dropFirst().allSatisfy { !$0.isZero })
    }

    @Test func additionIsPointwise() {
        let f = Polynomial<S>.random(degree: 3, constantTerm: .random())
        let g = Polynomial<S>.random(degree: 5, constantTerm: .random())
        let x = S.random()
        #expect((f + g).evaluate(at: x) == f.evaluate(at: x) + g.evaluate(at: x))
        #expect((f + g).degree == 5)
    }

    @Test func descriptionIsRedacted() {
        let f = Polynomial<S>(coefficients: [S(123_456_789), S(987_654_321)])
        #expect(!f.description.contains("123456789"))
        let share = Share(index: 3, value: S(123_456_789))
        #expect(!share.description.contains("123456789"))
        #expect(share.description.contains("3"))
    }
}

@Suite struct ShamirTests {
    @Test func everySubsetOfSizeAtLeastTReconstructsSmallN() throws {
        for n in 1...6 {
            for t in 1...n {
                let secret = S.random()
                let shares = try Shamir.split(secret: secret, threshold: t, shareCount: n)
                #expect(shares.map(\.index) == Array(1...n))
                for k in t...n {
                    for subset in combinations(shares, k) {
                        #expect(try Shamir.reconstruct(subset, threshold: t) == secret)
                        #expect(try Shamir.reconstruct(subset.reversed(), threshold: t) == secret)
                    }
                }
            }
        }
    }

    @Test func randomSubsetsReconstructUpToTwenty() throws {
        var rng = SystemRandomNumberGenerator()
        for n in [7, 10, 13, 16, 20] {
            for t in [1, 2, n / 2, n - 1, n] {
                let secret = S.random()
                let shares = try Shamir.split(secret: secret, threshold: t, shareCount: n)
                for _ in 0..<10 {
                    let k = Int.random(in: t...n, using: &rng)
                    let subset = Array(shares.shuffled(using: &rng).prefix(k))
                    #expect(try Shamir.reconstruct(subset, threshold: t) == secret)
                    #expect(try Lagrange.interpolateAtZero(subset) == secret)
                }
            }
        }
    }

    @Test func fewerThanTSharesGiveAWrongSecret() throws {
        var rng = SystemRandomNumberGenerator()
        for n in [3, 5, 10, 20] {
            for t in 2...min(n, 6) {
                let secret = S.random()
                let shares = try Shamir.split(secret: secret, threshold: t, shareCount: n)
                let subset = Array(shares.shuffled(using: &rng).prefix(t - 1))
                // Interpolating t−1 points gives the wrong polynomial (w.p. 1 − 1/q).
                #expect(try Lagrange.interpolateAtZero(subset) != secret)
                expectError(.notEnoughShares(needed: t, got: t - 1)) { () throws(SharingError) in
                    try Shamir.reconstruct(subset, threshold: t)
                }
            }
        }
    }

    @Test func thresholdOneHandsOutTheSecret() throws {
        let secret = S.random()
        let shares = try Shamir.split(secret: secret, threshold: 1, shareCount: 4)
        #expect(shares.allSatisfy { $0.value == secret })
    }

    @Test func largestCommittee() throws {
        let secret = S.random()
        let shares = try Shamir.split(secret: secret, threshold: 5, shareCount: 1024)
        #expect(shares.count == 1024)
        #expect(try Shamir.reconstruct(Array(shares.suffix(5)), threshold: 5) == secret)
        let big = try Shamir.split(secret: secret, threshold: 200, shareCount: 1024)
        #expect(try Shamir.reconstruct(Array(big.suffix(200)), threshold: 200) == secret)
        // All 1024 shares: 824 extras, each checked against the first 200.
        #expect(try Shamir.reconstruct(big, threshold: 200) == secret)
        var tampered = big
        tampered[1000] = Share(index: 1001, value: big[1000].value + .one)
        expectError(.inconsistentShares) { () throws(SharingError) in try Shamir.reconstruct(tampered, threshold: 200) }
    }

    @Test func extraSharesAreCheckedForConsistency() throws {
        let secret = S.random()
        let shares = try Shamir.split(secret: secret, threshold: 3, shareCount: 6)
        #expect(try Shamir.reconstruct(shares, threshold: 3) == secret)
        for bad in 0..<6 {
            var tampered = shares
            tampered[bad] = Share(index: shares[bad].index, value: shares[bad].value + .one)
            expectError(.inconsistentShares) { () throws(SharingError) in try Shamir.reconstruct(tampered, threshold: 3) }
        }
        // With exactly t shares a tampered share cannot be detected; it changes the secret.
        var exact = Array(shares.prefix(3))
        exact[0] = Share(index: exact[0].index, value: exact[0].value + .one)
        #expect(try Shamir.reconstruct(exact, threshold: 3) != secret)
    }

    @Test func invalidParametersAreTypedErrors() throws {
        let s = S.random()
        expectError(.invalidThreshold(t: 0, n: 3)) { () throws(SharingError) in try Shamir.split(secret: s, threshold: 0, shareCount: 3) }
        expectError(.invalidThreshold(t: 4, n: 3)) { () throws(SharingError) in try Shamir.split(secret: s, threshold: 4, shareCount: 3) }
        expectError(.invalidThreshold(t: -1, n: 3)) { () throws(SharingError) in try Shamir.split(secret: s, threshold: -1, shareCount: 3) }
        expectError(.invalidThreshold(t: 2, n: 1025)) { () throws(SharingError) in try Shamir.split(secret: s, threshold: 2, shareCount: 1025) }
        expectError(.invalidThreshold(t: 1, n: 0)) { () throws(SharingError) in try Shamir.split(secret: s, threshold: 1, shareCount: 0) }
        let f = Polynomial<S>.random(degree: 3, constantTerm: s)
        expectError(.invalidThreshold(t: 4, n: 2)) { () throws(SharingError) in try Shamir.split(polynomial: f, shareCount: 2) }

        let shares = try Shamir.split(secret: s, threshold: 2, shareCount: 3)
        expectError(.invalidThreshold(t: 0, n: 3)) { () throws(SharingError) in try Shamir.reconstruct(shares, threshold: 0) }
        expectError(.invalidThreshold(t: 1025, n: 3)) { () throws(SharingError) in try Shamir.reconstruct(shares, threshold: 1025) }
        expectError(.notEnoughShares(needed: 2, got: 0)) { () throws(SharingError) in try Shamir.reconstruct([Share<S>](), threshold: 2) }
        expectError(.duplicateIndex(1)) { () throws(SharingError) in try Shamir.reconstruct([shares[0], shares[0]], threshold: 2) }
        expectError(.invalidIndex(0)) { () throws(SharingError) in
            try Shamir.reconstruct([Share(index: 0, value: s), shares[1]], threshold: 2)
        }
        expectError(.invalidIndex(-2)) { () throws(SharingError) in
            try Shamir.reconstruct([shares[0], Share(index: -2, value: s)], threshold: 2)
        }
        expectError(.invalidIndex(1025)) { () throws(SharingError) in
            try Shamir.reconstruct([shares[0], Share(index: 1025, value: s)], threshold: 2)
        }
        // An invalid extra share is refused too, not ignored.
        expectError(.duplicateIndex(2)) { () throws(SharingError) in
            try Shamir.reconstruct([shares[0], shares[1], shares[1]], threshold: 2)
        }
    }
}

@Suite struct LagrangeTests {
    @Test func coefficientsAtZeroSumToOne() throws {
        var rng = SystemRandomNumberGenerator()
        for k in 1...20 {
            let indices = Array(Array(1...1024).shuffled(using: &rng).prefix(k))
            let lambdas: [S] = try Lagrange.coefficientsAtZero(indices: indices)
            #expect(lambdas.count == k)
            #expect(lambdas.reduce(S.zero, +) == .one)
        }
    }

    @Test func knownCoefficientsForOneTwoThree() throws {
        // λ = (3, −3, 1) for {1, 2, 3} at 0.
        let lambdas: [S] = try Lagrange.coefficientsAtZero(indices: [1, 2, 3])
        #expect(lambdas == [S(3), -S(3), S(1)])
    }

    @Test func interpolationAtAnyPointReproducesThePolynomial() throws {
        var rng = SystemRandomNumberGenerator()
        for t in 1...10 {
            let f = Polynomial<S>.random(degree: t - 1, constantTerm: .random())
            let indices = Array(Array(1...50).shuffled(using: &rng).prefix(t + Int.random(in: 0...3, using: &rng)))
            let shares = indices.map { Share(index: $0, value: f.evaluate(at: $0)) }
            for _ in 0..<5 {
                let x = S.random()
                let lambdas: [S] = try Lagrange.coefficients(indices: indices, at: x)
                var acc = S.zero
                for (l, s) in zip(lambdas, shares) { acc = acc + l * s.value }
                #expect(acc == f.evaluate(at: x))
                #expect(try Lagrange.interpolate(shares, at: x) == f.evaluate(at: x))
                // Σ λ_i(x) = 1 at every x (interpolating the constant 1).
                #expect(lambdas.reduce(S.zero, +) == .one)
            }
            // At a member index the coefficients are a unit vector.
            let at: [S] = try Lagrange.coefficients(indices: indices, at: S(UInt64(indices[0])))
            #expect(at[0] == .one && at.dropFirst().allSatisfy(\.isZero))
            #expect(try Lagrange.interpolate(shares, at: S(99)) == f.evaluate(at: 99))
        }
    }

    @Test func invalidIndexSetsAreTypedErrors() {
        func lambdas(_ i: [Int], n: Int? = nil) throws(SharingError) -> [S] {
            try Lagrange.coefficientsAtZero(indices: i, shareCount: n)
        }
        expectError(.duplicateIndex(2)) { () throws(SharingError) in try lambdas([1, 2, 3, 2]) }
        expectError(.invalidIndex(0)) { () throws(SharingError) in try lambdas([1, 0, 3]) }
        expectError(.invalidIndex(-1)) { () throws(SharingError) in try lambdas([-1]) }
        expectError(.invalidIndex(1025)) { () throws(SharingError) in try lambdas([1, 1025]) }
        expectError(.invalidIndex(6)) { () throws(SharingError) in try lambdas([1, 6], n: 5) }
        expectError(.invalidThreshold(t: 2, n: 0)) { () throws(SharingError) in try lambdas([1, 2], n: 0) }
        expectError(.notEnoughShares(needed: 1, got: 0)) { () throws(SharingError) in try lambdas([]) }
        expectError(.duplicateIndex(4)) { () throws(SharingError) in
            try Lagrange.coefficients(indices: [4, 4], at: S(9))
        }
        #expect(throws: Never.self) { let _: [S] = try Lagrange.coefficientsAtZero(indices: [1024, 1], shareCount: 1024) }
    }

    @Test func interpolationInTheExponent() throws {
        var rng = SystemRandomNumberGenerator()
        for (t, n) in [(1, 1), (2, 3), (3, 5), (7, 20)] {
            let secret = S.random()
            let shares = try Shamir.split(secret: secret, threshold: t, shareCount: n)
            let subset = shares.shuffled(using: &rng).prefix(t)
            let points = subset.map { (index: $0.index, element: G.multiplyGeneratorSecret($0.value)) }
            #expect(try Lagrange.interpolateInExponent(points: points, in: G.self) == G.multiplyGenerator(secret))
            // "Threshold BLS": partials H(m)^{s_i} combine to H(m)^{secret}.
            let hm = G.hashToGroup(message: [42], dst: Array("TEST".utf8))
            let partials = subset.map { (index: $0.index, element: G.multiplySecret(hm, $0.value)) }
            #expect(try Lagrange.interpolateInExponent(points: partials, in: G.self) == G.multiply(hm, secret))
        }
        expectError(.duplicateIndex(1)) { () throws(SharingError) in
            try Lagrange.interpolateInExponent(points: [(1, G.generator), (1, G.generator)], in: G.self)
        }
        expectError(.notEnoughShares(needed: 1, got: 0)) { () throws(SharingError) in
            try Lagrange.interpolateInExponent(points: [], in: G.self)
        }
        expectError(.invalidIndex(4)) { () throws(SharingError) in
            try Lagrange.interpolateInExponent(points: [(1, G.generator), (4, G.generator)], in: G.self, shareCount: 3)
        }
        expectError(.invalidIndex(4)) { () throws(SharingError) in
            try Lagrange.interpolateAtZero([Share(index: 4, value: S.one)], shareCount: 3)
        }
    }
}
