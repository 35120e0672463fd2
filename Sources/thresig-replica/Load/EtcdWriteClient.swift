import Foundation
import LogClient

/// etcd 3.4 through its v3 HTTP/JSON gateway: `POST /v3/kv/put` on one keep-alive connection.
/// Any member forwards a put to the leader; on a failure the client moves to the next member.
final class EtcdWriteClient: WriteClient {
    let endpoints: [LogClient.Endpoint]
    let key: String
    var current: Int
    var connection: TCPConnection?
    let attemptTimeout: Duration

    init(endpoints: [LogClient.Endpoint], clientIndex: Int, attemptTimeout: Duration) {
        self.endpoints = endpoints
        self.attemptTimeout = attemptTimeout
        self.current = clientIndex % endpoints.count
        self.key = Data("bench-\(clientIndex)".utf8).base64EncodedString()
    }

    struct HTTPFailure: Error { let status: String }

    func write(_ value: [UInt8]) throws {
        let body = Array("{\"key\":\"\(key)\",\"value\":\"\(Data(value).base64EncodedString())\"}".utf8)
        let endpoint = endpoints[current]
        let head = "POST /v3/kv/put HTTP/1.1\r\nHost: \(endpoint.host):\(endpoint.port)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n\r\n"
        do {
            let c = try connect()
            try c.send(Array(head.utf8) + body)
            let deadline = ContinuousClock.now + attemptTimeout
            let (status, _) = try HTTPResponse.read(from: c, deadline: deadline)
            guard status == 200 else { throw HTTPFailure(status: "HTTP \(status)") }
        } catch {
            connection?.close()
            connection = nil
            current = (current + 1) % endpoints.count
            throw error
        }
    }

    func connect() throws -> TCPConnection {
        if let c = connection, !c.isClosed { return c }
        let e = endpoints[current]
        let c = try TCPConnection(host: e.host, port: e.port, timeoutMilliseconds: 500)
        connection = c
        return c
    }

    func close() { connection?.close() }
}

/// A minimal HTTP/1.1 response reader (status line, Content-Length or chunked body).
enum HTTPResponse {
    struct Malformed: Error { let what: String }

    static func read(from c: TCPConnection, deadline: ContinuousClock.Instant) throws -> (Int, [UInt8]) {
        let headBytes = try c.receive(through: Array("\r\n\r\n".utf8), limit: 64 * 1024, deadline: deadline)
        let head = String(decoding: headBytes, as: UTF8.self)
        let lines = head.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "),
              let status = Int(statusLine.dropFirst(9).prefix(3)) else { throw Malformed(what: "status line") }
        var length: Int?
        var chunked = false
        for line in lines.dropFirst() {
            let lower = line.lowercased()
            if lower.hasPrefix("content-length:") { length = Int(lower.dropFirst(15).trimmingCharacters(in: .whitespaces)) }
            if lower.hasPrefix("transfer-encoding:") && lower.contains("chunked") { chunked = true }
        }
        if let length { return (status, try c.receive(exactly: length, deadline: deadline)) }
        guard chunked else { throw Malformed(what: "no length") }
        var body: [UInt8] = []
        while true {
            let sizeLine = String(decoding: try c.receive(through: Array("\r\n".utf8), limit: 1024, deadline: deadline),
                                  as: UTF8.self)
            guard let size = Int(sizeLine.trimmingCharacters(in: .whitespacesAndNewlines), radix: 16) else {
                throw Malformed(what: "chunk size")
            }
            if size == 0 {
                _ = try c.receive(through: Array("\r\n".utf8), limit: 1024, deadline: deadline)
                return (status, body)
            }
            body += try c.receive(exactly: size, deadline: deadline)
            _ = try c.receive(exactly: 2, deadline: deadline)
        }
    }

    /// POSTs `json` to `path` on a fresh connection and returns the parsed JSON object.
    static func postJSON(_ endpoint: LogClient.Endpoint, path: String, json: String) throws -> [String: Any] {
        let c = try TCPConnection(host: endpoint.host, port: endpoint.port, timeoutMilliseconds: 500)
        defer { c.close() }
        let body = Array(json.utf8)
        let head = "POST \(path) HTTP/1.1\r\nHost: \(endpoint.host):\(endpoint.port)\r\n"
            + "Content-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        try c.send(Array(head.utf8) + body)
        let (status, reply) = try read(from: c, deadline: ContinuousClock.now + .seconds(2))
        guard status == 200, let object = try JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any] else {
            throw Malformed(what: "HTTP \(status)")
        }
        return object
    }
}
