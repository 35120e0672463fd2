import BigNum
import Secp256k1

// Wire form of each proof (field order as the proof's declaration, which follows the
// CGGMP21 figure it implements). Counts are fixed by the parameters (m = 128 iterations), so
// they are checked, not read: a proof with a different count is not a proof of ours.

extension PiEnc {
    func write(_ w: inout ECDSAWireWriter) { w.ints([S, A, C, z1, z2, z3]) }
    static func read(_ r: inout ECDSAWireReader) throws(ECDSAWireError) -> PiEnc {
        let v = try r.ints(6, "Πenc")
        return PiEnc(S: v[0], A: v[1], C: v[2], z1: v[3], z2: v[4], z3: v[5])
    }
}

extension PiLogStar {
    func write(_ w: inout ECDSAWireWriter) { w.int(S); w.int(A); w.point(Y); w.ints([D, z1, z2, z3]) }
    static func read(_ r: inout ECDSAWireReader) throws(ECDSAWireError) -> PiLogStar {
        let s = try r.int("Πlog*.S"), a = try r.int("Πlog*.A"), y = try r.point("Πlog*.Y")
        let v = try r.ints(4, "Πlog*")
        return PiLogStar(S: s, A: a, Y: y, D: v[0], z1: v[1], z2: v[2], z3: v[3])
    }
}

extension PiAffG {
    func write(_ w: inout ECDSAWireWriter) {
        w.int(A); w.point(Bx); w.ints([By, E, S, F, T, z1, z2, z3, z4, self.w, wy])
    }
    static func read(_ r: inout ECDSAWireReader) throws(ECDSAWireError) -> PiAffG {
        let a = try r.int("Πaff-g.A"), bx = try r.point("Πaff-g.Bx")
        let v = try r.ints(11, "Πaff-g")
        return PiAffG(A: a, Bx: bx, By: v[0], E: v[1], S: v[2], F: v[3], T: v[4], z1: v[5], z2: v[6], z3: v[7], z4: v[8],
                      w: v[9], wy: v[10])
    }
}

extension PiPrm {
    func write(_ w: inout ECDSAWireWriter) { w.ints(commitments); w.ints(responses) }
    static func read(_ r: inout ECDSAWireReader) throws(ECDSAWireError) -> PiPrm {
        let m = CGGMPParameters.iterations
        return PiPrm(commitments: try r.ints(m, "Πprm.A"), responses: try r.ints(m, "Πprm.z"))
    }
}

extension PiMod {
    func write(_ w: inout ECDSAWireWriter) {
        w.int(self.w)
        for x in responses { w.int(x.x); w.bool(x.a); w.bool(x.b); w.int(x.z) }
    }
    static func read(_ r: inout ECDSAWireReader) throws(ECDSAWireError) -> PiMod {
        let w = try r.int("Πmod.w")
        var responses: [Response] = []
        for _ in 0..<CGGMPParameters.iterations {
            responses.append(Response(x: try r.int("Πmod.x"), a: try r.bool("Πmod.a"), b: try r.bool("Πmod.b"), z: try r.int("Πmod.z")))
        }
        return PiMod(w: w, responses: responses)
    }
}

extension PiFac {
    func write(_ w: inout ECDSAWireWriter) { w.ints([P, Q, A, B, T, sigma, z1, z2, w1, w2, v]) }
    static func read(_ r: inout ECDSAWireReader) throws(ECDSAWireError) -> PiFac {
        let x = try r.ints(11, "Πfac")
        return PiFac(P: x[0], Q: x[1], A: x[2], B: x[3], T: x[4], sigma: x[5], z1: x[6], z2: x[7], w1: x[8], w2: x[9], v: x[10])
    }
}
