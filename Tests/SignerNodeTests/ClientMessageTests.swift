import LogClient
import XCTest

final class ClientMessageTests: XCTestCase {
    let samples: [ClientMessage] = [
        .request(clientId: 7, requestNumber: 3, body: Array("abc".utf8)),
        .statusQuery,
        .reply(requestNumber: 3, view: 9, body: [1, 2, 3]),
        .notPrimary(requestNumber: 3, view: 4, primaryIndex: 1),
        .busy(requestNumber: 12),
        .status(StatusReport(index: 1, replicaCount: 3, view: 5, status: .viewChange, primaryIndex: 2, op: 40,
                             commitNumber: 38)),
    ]

    func testRoundTrip() throws {
        for message in samples {
            XCTAssertEqual(try ClientMessage.decode(message.encode()), message)
        }
    }

    func testEveryTruncationIsATypedError() {
        for message in samples {
            let bytes = message.encode()
            for cut in 0..<bytes.count {
                XCTAssertThrowsError(try ClientMessage.decode(Array(bytes[0..<cut])), "\(message) cut at \(cut)")
            }
        }
    }

    func testMalformedPayloadsAreRefused() {
        var bytes = ClientMessage.busy(requestNumber: 1).encode()
        bytes[0] = 0x58
        XCTAssertEqual(Self.error(bytes), .badMagic)
        bytes = ClientMessage.busy(requestNumber: 1).encode()
        bytes[4] = 2
        XCTAssertEqual(Self.error(bytes), .unsupportedVersion(2))
        bytes = ClientMessage.busy(requestNumber: 1).encode()
        bytes[6] = 99
        XCTAssertEqual(Self.error(bytes), .unknownKind(99))
        bytes = ClientMessage.busy(requestNumber: 1).encode()
        bytes[7] = 1
        XCTAssertEqual(Self.error(bytes), .reservedBitsSet)
        XCTAssertEqual(Self.error(ClientMessage.busy(requestNumber: 1).encode() + [0]), .trailingBytes(1))
        let badStatus = ClientMessage.status(StatusReport(index: 3, replicaCount: 3, view: 0, status: .normal,
                                                          primaryIndex: 0, op: 0, commitNumber: 0)).encode()
        XCTAssertEqual(Self.error(badStatus), .invalidField("replica index"))
        var badCommit = ClientMessage.status(StatusReport(index: 0, replicaCount: 3, view: 0, status: .normal,
                                                          primaryIndex: 0, op: 1, commitNumber: 1)).encode()
        badCommit[badCommit.count - 8] = 2 // commit 2 > op 1
        XCTAssertEqual(Self.error(badCommit), .invalidField("commit number after op number"))
    }

    func testFramedHasBigEndianLengthPrefix() {
        let message = ClientMessage.statusQuery
        let framed = message.framed()
        XCTAssertEqual(Array(framed[0..<4]), [0, 0, 0, UInt8(message.encode().count)])
        XCTAssertEqual(Array(framed[4...]), message.encode())
    }

    static func error(_ bytes: [UInt8]) -> ClientCodecError? {
        do {
            _ = try ClientMessage.decode(bytes)
            return nil
        } catch {
            return error
        }
    }
}
