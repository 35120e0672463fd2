import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One blocking HTTP/1.1 keep-alive connection to a node's API, for `thresig bench cluster`.
///
/// The benchmark wants exactly one TCP connection per closed-loop client, reused for every
/// request (RFC 9112 §9.3 persistence), so that the figures measure signing and not connection
/// set-up; URLSession pools connections behind our back, so this speaks HTTP itself. It only
/// understands what a `thresigd` answer needs: a status line, `Content-Length` framed bodies
/// (RFC 9112 §6.3) and `Connection: close`. Anything else is a typed error and the caller
/// reconnects.
final class KeepAliveHTTPConnection {
    /// Why a request on this connection failed (the connection is closed afterwards).
    enum Failure: Error, Equatable {
        case connect(errno: Int32)
        case io(errno: Int32)
        case closedByPeer
        case timedOut
        case malformed(String)
    }

    /// A response: status code and body.
    struct Response {
        let status: Int
        let body: [UInt8]
    }

    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private let host: String
    private let port: UInt16
    private let timeoutMilliseconds: Int32

    /// Opens a TCP connection to an IPv4 `host` (dotted quad or `localhost`) and `port`.
    init(host: String, port: UInt16, timeoutMilliseconds: Int32 = 30_000) throws(Failure) {
        self.host = host
        self.port = port
        self.timeoutMilliseconds = timeoutMilliseconds
        try open()
    }

    deinit { close() }

    var isOpen: Bool { fd >= 0 }

    /// Sends one request and reads its response. On any failure the connection is closed (a
    /// half-read response would desynchronise the next one) and the next call reconnects.
    func request(method: String, path: String, headers: [(String, String)], body: [UInt8]) throws(Failure) -> Response {
        do {
            if fd < 0 { try open() }
            var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Length: \(body.count)\r\n"
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            head += "\r\n"
            try send(Array(head.utf8) + body)
            let response = try readResponse()
            return response
        } catch {
            close()
            throw error
        }
    }

    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: - Socket

    private func open() throws(Failure) {
        let address = host == "localhost" ? "127.0.0.1" : host
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        guard inet_pton(AF_INET, address, &sin.sin_addr) == 1 else { throw .malformed("host '\(host)' is not an IPv4 address") }
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw .connect(errno: errno) }
        // Requests are small and latency-bound: without TCP_NODELAY Nagle holds the body
        // behind the head until the server's delayed ACK (~40 ms).
        var one: Int32 = 1
        _ = setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let result = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            _ = Glibc.close(s)
            throw .connect(errno: code)
        }
        fd = s
    }

    private func send(_ bytes: [UInt8]) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(errno: errno)
            }
            sent += n
        }
    }

    /// Reads more bytes into `buffer`, waiting at most the timeout.
    private func fill() throws(Failure) {
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, timeoutMilliseconds)
        if ready == 0 { throw .timedOut }
        if ready < 0 {
            if errno == EINTR { return }
            throw .io(errno: errno)
        }
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        if n == 0 { throw .closedByPeer }
        if n < 0 {
            if errno == EINTR || errno == EAGAIN { return }
            throw .io(errno: errno)
        }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private func readResponse() throws(Failure) -> Response {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            headEnd = Self.find(terminator, in: buffer)
            if headEnd == nil {
                guard buffer.count < 64 * 1024 else { throw .malformed("response head over 64 KiB") }
                try fill()
            }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        // Status line: HTTP/1.1 SP 3DIGIT SP reason (RFC 9112 §4).
        guard let statusLine = lines.first, statusLine.hasPrefix("HTTP/1.1 "), statusLine.utf8.count >= 12,
              let status = Int(statusLine.dropFirst(9).prefix(3)), (100...599).contains(status)
        else { throw .malformed("status line") }
        var length: Int?
        var closeAfter = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name {
            case "content-length":
                guard let n = Int(value), n >= 0, n <= 16 * 1024 * 1024 else { throw .malformed("content-length '\(value)'") }
                length = n
            case "transfer-encoding":
                throw .malformed("transfer-encoding '\(value)' (only Content-Length bodies are read)")
            case "connection":
                closeAfter = value.lowercased().contains("close")
            default:
                break
            }
        }
        guard let length else { throw .malformed("no Content-Length") }
        let bodyStart = headEnd! + terminator.count
        while buffer.count < bodyStart + length { try fill() }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        if closeAfter { close() }
        return Response(status: status, body: body)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
        }
        return nil
    }
}
