import Replication
import SignerNode
import XCTest

final class RecordLogTests: XCTestCase {
    func testAppendPutReadAndSnapshotRoundTrip() throws {
        var log = RecordLog()
        XCTAssertEqual(RecordLog.appendedPosition(log.apply(RecordLog.append(Array("a".utf8)))), 1)
        XCTAssertEqual(RecordLog.appendedPosition(log.apply(RecordLog.append(Array("bc".utf8)))), 2)
        let put = log.apply(RecordLog.put([9, 9]))
        XCTAssertEqual(put.first, RecordLog.ok)
        XCTAssertEqual(log.register, [9, 9])
        XCTAssertEqual(log.puts, 1)
        XCTAssertEqual(RecordLog.readRecords(log.apply(RecordLog.read(from: 1, max: 10))), [Array("a".utf8), Array("bc".utf8)])
        XCTAssertEqual(RecordLog.readRecords(log.apply(RecordLog.read(from: 2, max: 10))), [Array("bc".utf8)])
        XCTAssertEqual(RecordLog.readRecords(log.apply(RecordLog.read(from: 1, max: 1))), [Array("a".utf8)])
        XCTAssertEqual(RecordLog.readRecords(log.apply(RecordLog.read(from: 5, max: 10))), [])

        var restored = RecordLog()
        restored.restore(log.snapshot())
        XCTAssertEqual(restored.records, log.records)
        XCTAssertEqual(restored.register, log.register)
        XCTAssertEqual(restored.puts, log.puts)
        XCTAssertEqual(restored.snapshot(), log.snapshot())
    }

    func testMalformedOperationsGetTheSameErrorReplyAndChangeNothing() {
        var log = RecordLog()
        let before = log.snapshot()
        for op: [UInt8] in [[], [0], [4], [3], [3, 1, 0, 0, 0, 0, 0, 0, 0], RecordLog.read(from: 0, max: 1),
                            RecordLog.read(from: 1, max: 1) + [0]] {
            XCTAssertEqual(log.apply(op), RecordLog.malformed, "\(op)")
        }
        XCTAssertEqual(log.snapshot(), before)
    }
}
