import Testing
@testable import Storage

struct SnapshotStoreTests {
    @Test func writeThenLatestAndRead() throws {
        try withTemporaryDirectory { dir in
            let store = try SnapshotStore(directory: dir + "/snapshots")
            #expect(try store.latest().snapshot == nil)
            let a = try store.write(op: 100, payload: Array("state at 100".utf8))
            let b = try store.write(op: 250, payload: [UInt8](repeating: 7, count: 10_000))
            let load = try store.latest()
            #expect(load.snapshot == b && load.skipped.isEmpty && load.temporaryFiles.isEmpty)
            #expect(try store.read(op: 100).get() == a)
            #expect(try store.ops() == [100, 250])
            // Re-reading through a fresh instance.
            #expect(try SnapshotStore(directory: dir + "/snapshots").latest().snapshot?.payload.count == 10_000)
            // Empty payloads are fine.
            #expect(try store.write(op: 300, payload: []).payload == [])
            #expect(try store.latest().snapshot?.op == 300)
        }
    }

    @Test func aLeftoverTemporaryFileIsIgnored() throws {
        try withTemporaryDirectory { dir in
            let store = try SnapshotStore(directory: dir)
            let good = try store.write(op: 10, payload: [1, 2, 3])
            // A crash during write(op: 20) leaves only the temporary file, half written.
            try writeBytes(dir + "/" + SnapshotStore.fileName(20) + ".tmp", [0x54, 0x53, 0x49])
            let load = try store.latest()
            #expect(load.snapshot == good)
            #expect(load.skipped.isEmpty)
            #expect(load.temporaryFiles == [SnapshotStore.fileName(20) + ".tmp"])
            // The next write at the same op replaces the leftover.
            try store.write(op: 20, payload: [9])
            #expect(try store.latest().snapshot?.op == 20)
            #expect(try store.latest().temporaryFiles.isEmpty)
        }
    }

    @Test func aCorruptNewestSnapshotFallsBackToThePreviousAndIsReported() throws {
        try withTemporaryDirectory { dir in
            let store = try SnapshotStore(directory: dir)
            let older = try store.write(op: 10, payload: Array(repeating: 1, count: 500))
            try store.write(op: 20, payload: Array(repeating: 2, count: 500))
            let path = dir + "/" + SnapshotStore.fileName(20)
            let original = try readBytes(path)
            // A flipped bit in every byte position, and truncation at several points.
            var cases: [[UInt8]] = []
            for i in stride(from: 0, to: original.count, by: 7) {
                var b = original
                b[i] ^= UInt8(1 << (i % 8))
                cases.append(b)
            }
            for cut in [0, 10, 63, 64, 300, original.count - 1] { cases.append(Array(original[..<cut])) }
            cases.append(original + [0])
            for bytes in cases {
                try writeBytes(path, bytes)
                let load = try store.latest()
                #expect(load.snapshot == older)
                #expect(load.skipped.map(\.op) == [20])
                #expect(load.skipped.first?.file == SnapshotStore.fileName(20))
            }
            // A snapshot file renamed to another op is rejected too.
            try writeBytes(path, original)
            try writeBytes(dir + "/" + SnapshotStore.fileName(30), original)
            #expect(try store.latest().skipped.first?.reason == "header op differs from the file name")
        }
    }

    @Test func pruneKeepsTheNewestValidSnapshots() throws {
        try withTemporaryDirectory { dir in
            let store = try SnapshotStore(directory: dir)
            for op in [10, 20, 30, 40] as [UInt64] { try store.write(op: op, payload: [UInt8(op)]) }
            // The newest is corrupt: it must not count as kept.
            var bytes = try readBytes(dir + "/" + SnapshotStore.fileName(40))
            bytes[bytes.count - 1] ^= 1
            try writeBytes(dir + "/" + SnapshotStore.fileName(40), bytes)
            try writeBytes(dir + "/" + SnapshotStore.fileName(50) + ".tmp", [1])
            let removed = try store.prune(keep: 2)
            #expect(Set(removed) == [40, 10])
            #expect(try store.ops() == [20, 30])
            #expect(try store.latest().snapshot?.op == 30)
            #expect(try store.latest().temporaryFiles.isEmpty)
        }
    }
}
