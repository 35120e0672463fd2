import LogClient

/// ZooKeeper 3.8 through a minimal jute client: a session (ConnectRequest), then `setData` of
/// one znode per client (created first). On a failure the client opens a new session on the
/// next member (a follower that lost its leader closes its client connections).
final class ZooKeeperWriteClient: WriteClient {
    let endpoints: [LogClient.Endpoint]
    let path: String
    var current: Int
    var connection: TCPConnection?
    var xid: Int32 = 1
    let attemptTimeout: Duration

    static let opCreate: Int32 = 1
    static let opSetData: Int32 = 5
    static let nodeExists: Int32 = -110

    struct ZooKeeperError: Error { let code: Int32 }

    init(endpoints: [LogClient.Endpoint], clientIndex: Int, runTag: UInt64, attemptTimeout: Duration) {
        self.endpoints = endpoints
        self.attemptTimeout = attemptTimeout
        self.current = clientIndex % endpoints.count
        self.path = "/thresig-bench-\(runTag)-\(clientIndex)"
    }

    func write(_ value: [UInt8]) throws {
        do {
            let c = try session()
            var body = Jute()
            body.string(path); body.buffer(value); body.int32(-1)
            try call(c, type: Self.opSetData, body: body.bytes)
        } catch {
            connection?.close()
            connection = nil
            current = (current + 1) % endpoints.count
            throw error
        }
    }

    /// The connection with an established session (and the znode created), opening one if needed.
    func session() throws -> TCPConnection {
        if let c = connection, !c.isClosed { return c }
        let e = endpoints[current]
        let c = try TCPConnection(host: e.host, port: e.port, timeoutMilliseconds: 500)
        var connect = Jute()
        connect.int32(0); connect.int64(0); connect.int32(30_000); connect.int64(0)
        connect.buffer([UInt8](repeating: 0, count: 16)); connect.bool(false)
        try c.send(connect.framed())
        _ = try c.receiveFrame(maxBytes: 1 << 20, deadline: ContinuousClock.now + attemptTimeout) // ConnectResponse
        var create = Jute()
        create.string(path); create.buffer([]); create.int32(1) // One ACL: world:anyone, all permissions.
        create.int32(31); create.string("world"); create.string("anyone"); create.int32(0) // Persistent.
        do {
            try call(c, type: Self.opCreate, body: create.bytes)
        } catch let e as ZooKeeperError where e.code == Self.nodeExists {}
        connection = c
        return c
    }

    /// Sends one request and waits for its reply header; a non-zero error code throws.
    func call(_ c: TCPConnection, type: Int32, body: [UInt8]) throws {
        xid &+= 1
        var request = Jute()
        request.int32(xid); request.int32(type)
        request.bytes += body
        try c.send(request.framed())
        let deadline = ContinuousClock.now + attemptTimeout
        while true {
            let reply = try c.receiveFrame(maxBytes: 1 << 20, deadline: deadline)
            guard reply.count >= 16 else { throw ZooKeeperError(code: -1) }
            let replyXid = Jute.int32(reply, at: 0)
            if replyXid != xid { continue } // A watch event or a ping reply.
            let err = Jute.int32(reply, at: 12)
            guard err == 0 else { throw ZooKeeperError(code: err) }
            return
        }
    }

    func close() { connection?.close() }

    /// Asks `endpoint` for its role with the `srvr` four-letter command; true when "leader".
    static func isLeader(_ endpoint: LogClient.Endpoint) -> Bool {
        guard let c = try? TCPConnection(host: endpoint.host, port: endpoint.port, timeoutMilliseconds: 500) else {
            return false
        }
        defer { c.close() }
        guard (try? c.send(Array("srvr".utf8))) != nil else { return false }
        var text: [UInt8] = []
        while let chunk = try? c.receive(exactly: 1, deadline: ContinuousClock.now + .seconds(1)) { text += chunk }
        return String(decoding: text, as: UTF8.self).contains("Mode: leader")
    }
}

/// Jute (ZooKeeper's serialization): big-endian integers, length-prefixed strings and buffers.
struct Jute {
    var bytes: [UInt8] = []

    mutating func int32(_ v: Int32) { for s in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> Int32(s))) } }
    mutating func int64(_ v: Int64) { for s in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: v >> Int64(s))) } }
    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    mutating func buffer(_ b: [UInt8]) { int32(Int32(b.count)); bytes += b }
    mutating func string(_ s: String) { buffer(Array(s.utf8)) }

    /// The bytes with their 4-byte big-endian length prefix.
    func framed() -> [UInt8] {
        var out = Jute()
        out.int32(Int32(bytes.count))
        return out.bytes + bytes
    }

    static func int32(_ b: [UInt8], at i: Int) -> Int32 {
        Int32(bitPattern: UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3]))
    }
}
