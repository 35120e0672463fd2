import Membership
import Primitives
import Testing

@Suite struct RendezvousTests {
    func ids(_ range: ClosedRange<Int>) throws -> [MemberID] { try range.map { try MemberID("node-\($0)") } }
    let keys: [[UInt8]] = (0..<400).map { Array("key-\($0)".utf8) }

    @Test func committeeIsTopNAndIndependentOfOrder() throws {
        let members = try ids(1...7)
        for key in keys.prefix(50) {
            let c = try #require(Rendezvous.committee(keyID: key, size: 4, members: members))
            #expect(Set(c).count == 4)
            #expect(Rendezvous.committee(keyID: key, size: 4, members: members.reversed()) == c)
            let weights = c.map { Rendezvous.weight(keyID: key, member: $0) }
            #expect(weights == weights.sorted(by: >))
            let outside = members.filter { !c.contains($0) }.map { Rendezvous.weight(keyID: key, member: $0) }
            #expect(outside.allSatisfy { $0 < weights.last! })
        }
        #expect(Rendezvous.committee(keyID: keys[0], size: 0, members: members) == nil)
        #expect(Rendezvous.committee(keyID: keys[0], size: 8, members: members) == nil)
        #expect(Rendezvous.committee(keyID: keys[0], size: 2, members: [members[0], members[0]]) == nil)
    }

    /// Adding node-8 moves exactly the keys whose top 4 it enters; the others keep their
    /// committee, in the same order (so their share indices too). Removing a member moves exactly
    /// the keys it served.
    @Test func membershipChangesMoveOnlyAffectedKeys() throws {
        let before = try ids(1...7), grown = try ids(1...8)
        let newcomer = try MemberID("node-8"), leaver = try MemberID("node-3")
        let shrunk = before.filter { $0 != leaver }
        var moved = 0, movedOnLeave = 0
        for key in keys {
            let c0 = try #require(Rendezvous.committee(keyID: key, size: 4, members: before))
            let c1 = try #require(Rendezvous.committee(keyID: key, size: 4, members: grown))
            if c1.contains(newcomer) {
                moved += 1
                #expect(Set(c0).subtracting(c1).count == 1)
            } else {
                #expect(c1 == c0)
            }
            let c2 = try #require(Rendezvous.committee(keyID: key, size: 4, members: shrunk))
            if c0.contains(leaver) { movedOnLeave += 1; #expect(!c2.contains(leaver)) } else { #expect(c2 == c0) }
        }
        // With 8 members a key's top 4 includes a given member about half the time: both counts
        // must be neither 0 nor all keys (a constant weight would give one of those).
        #expect(moved > 100 && moved < 300)
        #expect(movedOnLeave > 100 && movedOnLeave < 300)
    }

    @Test func weightBindsBothInputs() throws {
        let a = try MemberID("ab"), b = try MemberID("b")
        // ("a","b…") versus ("ab", …): the length prefixes keep these inputs apart.
        #expect(Rendezvous.weight(keyID: Array("a".utf8), member: a) != Rendezvous.weight(keyID: Array("a".utf8), member: b))
        #expect(Rendezvous.weight(keyID: Array("k".utf8), member: a) == Rendezvous.weight(keyID: Array("k".utf8), member: a))
    }
}
