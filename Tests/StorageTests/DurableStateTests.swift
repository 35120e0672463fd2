import Testing
@testable import Storage

struct DurableStateTests {
    @Test func storeAndLoadRoundTrip() throws {
        try withTemporaryDirectory { dir in
            let ds = try DurableState(directory: dir + "/node")
            #expect(try ds.load() == nil)
            var s = DurableReplicaState(replica: 2, view: 1, lastNormalView: 1, commit: 0)
            try ds.store(s)
            for v in 2...20 as ClosedRange<UInt64> {
                s.view = v
                if v % 3 == 0 { s.lastNormalView = v }
                s.commit += 5
                try ds.store(s)
            }
            let fresh = try DurableState(directory: dir + "/node")
            #expect(try fresh.load() == s)
            #expect(fresh.sequence == 20)
            #expect(!fresh.lastLoadFoundDamage)
        }
    }

    @Test func refusesToGoBackwards() throws {
        try withTemporaryDirectory { dir in
            let ds = try DurableState(directory: dir)
            try ds.store(DurableReplicaState(replica: 1, view: 5, lastNormalView: 4, commit: 10, epoch: 1))
            let fresh = try DurableState(directory: dir)  // loads lazily before storing
            #expect(throws: DurableStateError.notMonotonic("view")) {
                try fresh.store(DurableReplicaState(replica: 1, view: 4, lastNormalView: 4, commit: 10, epoch: 1))
            }
            #expect(throws: DurableStateError.notMonotonic("commit")) {
                try fresh.store(DurableReplicaState(replica: 1, view: 6, lastNormalView: 4, commit: 9, epoch: 1))
            }
            #expect(throws: DurableStateError.notMonotonic("replica")) {
                try fresh.store(DurableReplicaState(replica: 2, view: 6, lastNormalView: 4, commit: 10, epoch: 1))
            }
        }
    }

    /// A crash while writing one copy tears that copy; the other holds the new or the
    /// previous state. Simulated at every byte of each copy of the newest store.
    @Test func survivesATornWriteOfEitherCopy() throws {
        try withTemporaryDirectory { dir in
            let ds = try DurableState(directory: dir)
            let old = DurableReplicaState(replica: 0, view: 3, lastNormalView: 3, commit: 7)
            let new = DurableReplicaState(replica: 0, view: 4, lastNormalView: 3, commit: 7)
            try ds.store(old)
            let path = dir + "/state"
            let before = try readBytes(path)
            try ds.store(new)
            let after = try readBytes(path)
            for copy in 0..<2 {
                let at = copy * DurableState.copyStride
                for cut in 0..<DurableState.copySize {
                    // Copy `copy` was being written: bytes before `cut` new, the rest old.
                    // If copy 0 was torn, copy 1 still holds the old state; if copy 1 was torn,
                    // copy 0 already holds the new one.
                    var torn = copy == 0 ? before : after
                    for i in 0..<DurableState.copySize where i >= cut {
                        torn[at + i] = copy == 0 ? before[at + i] ^ 0x5A : after[at + i] ^ 0x5A
                    }
                    for i in 0..<cut { torn[at + i] = after[at + i] }
                    try writeBytes(path, torn)
                    let loaded = try DurableState(directory: dir).load()
                    #expect(loaded == (copy == 0 ? old : new), "copy \(copy) torn at \(cut)")
                }
            }
            // Bit rot in one copy after a completed store loses nothing.
            for copy in 0..<2 {
                var rotten = after
                rotten[copy * DurableState.copyStride + 30] ^= 0x01
                try writeBytes(path, rotten)
                let d = try DurableState(directory: dir)
                #expect(try d.load() == new)
                #expect(d.lastLoadFoundDamage)
                // The next store repairs both copies.
                try d.store(new)
                #expect(try DurableState(directory: dir).load() == new)
            }
        }
    }

    @Test func bothCopiesCorruptIsAnError() throws {
        try withTemporaryDirectory { dir in
            let ds = try DurableState(directory: dir)
            try ds.store(DurableReplicaState(replica: 0, view: 1))
            var bytes = try readBytes(dir + "/state")
            bytes[20] ^= 1
            bytes[DurableState.copyStride + 20] ^= 1
            try writeBytes(dir + "/state", bytes)
            #expect(throws: DurableStateError.self) { try DurableState(directory: dir).load() }
            // A copy written into the other copy's place is rejected as misplaced.
            var swapped = [UInt8](repeating: 0, count: bytes.count)
            let c0 = DurableState.encode(DurableReplicaState(replica: 0, view: 9), sequence: 5, copy: 0)
            swapped.replaceSubrange(DurableState.copyStride..<(DurableState.copyStride + c0.count), with: c0)
            try writeBytes(dir + "/state", swapped)
            #expect(throws: DurableStateError.self) { try DurableState(directory: dir).load() }
        }
    }
}
