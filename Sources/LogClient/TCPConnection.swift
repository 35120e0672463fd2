#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a client connection failed.
public enum ConnectionError: Error, Equatable, Sendable {
    /// `host` is not an IPv4 dotted quad (the client port binds an address, not a name).
    case badAddress(String)
    /// A system call failed with `errno`.
    case system(call: String, errno: Int32)
    /// No (complete) answer before the deadline.
    case timedOut
    /// The peer closed the connection.
    case closed
    /// A length prefix beyond the accepted size.
    case frameTooLarge(Int)
}

/// A blocking TCP connection with deadlines, for closed-loop clients (one thread, one
/// outstanding request): the `LogClient` and the load generator's anchor clients.
///
/// Nagle is off (`TCP_NODELAY`): a request is one small write that must leave at once.
/// Not thread-safe; one owner.
public final class TCPConnection {
    private var fd: Int32
    /// Bytes received but not yet consumed.
    private var buffer: [UInt8] = []
    private var bufferStart = 0
    /// Reused receive buffer (no allocation per read).
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    /// Connects to `host:port` within `timeoutMilliseconds`.
    public init(host: String, port: Int, timeoutMilliseconds: Int32 = 1000) throws(ConnectionError) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw .badAddress(host) }
        #if canImport(Glibc)
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let s = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard s >= 0 else { throw .system(call: "socket", errno: errno) }
        fd = s
        var one: Int32 = 1
        _ = setsockopt(s, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        // Non-blocking connect bounded by poll, then back to blocking I/O.
        let flags = fcntl(s, F_GETFL, 0)
        _ = fcntl(s, F_SETFL, flags | O_NONBLOCK)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if rc != 0 {
            guard errno == EINPROGRESS else {
                let e = errno
                close()
                throw .system(call: "connect", errno: e)
            }
            var p = pollfd(fd: s, events: Int16(POLLOUT), revents: 0)
            let n = poll(&p, 1, timeoutMilliseconds)
            guard n == 1 else {
                close()
                throw .timedOut
            }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len)
            guard err == 0 else {
                close()
                throw .system(call: "connect", errno: err)
            }
        }
        _ = fcntl(s, F_SETFL, flags)
    }

    deinit { close() }

    /// Whether `close()` was called (or a failure closed the socket).
    public var isClosed: Bool { fd < 0 }

    /// Closes the socket (idempotent).
    public func close() {
        if fd >= 0 {
            _ = Glibc.close(fd)
            fd = -1
        }
    }

    /// Writes all of `bytes`.
    public func send(_ bytes: [UInt8]) throws(ConnectionError) {
        guard fd >= 0 else { throw .closed }
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n < 0 {
                if errno == EINTR { continue }
                let e = errno
                close()
                throw .system(call: "send", errno: e)
            }
            sent += n
        }
    }

    /// Reads exactly `count` bytes, waiting at most until `deadline` (a `ContinuousClock` instant).
    public func receive(exactly count: Int, deadline: ContinuousClock.Instant) throws(ConnectionError) -> [UInt8] {
        while buffer.count - bufferStart < count {
            try fill(deadline: deadline)
        }
        let out = Array(buffer[bufferStart..<(bufferStart + count)])
        bufferStart += count
        if bufferStart == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            bufferStart = 0
        }
        return out
    }

    /// Reads bytes up to and including the first occurrence of `delimiter` (for HTTP headers).
    public func receive(through delimiter: [UInt8], limit: Int, deadline: ContinuousClock.Instant)
        throws(ConnectionError) -> [UInt8] {
        var searchFrom = bufferStart
        while true {
            let end = buffer.count
            if end - searchFrom >= delimiter.count {
                var i = searchFrom
                while i + delimiter.count <= end {
                    if buffer[i] == delimiter[0] && Array(buffer[i..<(i + delimiter.count)]) == delimiter {
                        return try receive(exactly: i + delimiter.count - bufferStart, deadline: deadline)
                    }
                    i += 1
                }
                searchFrom = max(bufferStart, end - delimiter.count + 1)
            }
            guard end - bufferStart < limit else { throw .frameTooLarge(end - bufferStart) }
            try fill(deadline: deadline)
        }
    }

    /// Reads one frame: a 4-byte big-endian length, then that many bytes (at most `maxBytes`).
    public func receiveFrame(maxBytes: Int, deadline: ContinuousClock.Instant) throws(ConnectionError) -> [UInt8] {
        let prefix = try receive(exactly: 4, deadline: deadline)
        let length = prefix.reduce(0) { ($0 << 8) | Int($1) }
        guard length <= maxBytes else {
            close()
            throw .frameTooLarge(length)
        }
        return try receive(exactly: length, deadline: deadline)
    }

    private func fill(deadline: ContinuousClock.Instant) throws(ConnectionError) {
        guard fd >= 0 else { throw .closed }
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { throw .timedOut }
        let (seconds, attoseconds) = remaining.components
        let millis = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let ready = poll(&p, 1, millis)
        if ready < 0 {
            if errno == EINTR { return }
            throw .system(call: "poll", errno: errno)
        }
        if ready == 0 { throw .timedOut }
        if bufferStart > 0 && bufferStart == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            bufferStart = 0
        }
        let socket = fd
        let n = scratch.withUnsafeMutableBytes { recv(socket, $0.baseAddress!, $0.count, 0) }
        if n < 0 {
            if errno == EINTR || errno == EAGAIN { return }
            let e = errno
            close()
            throw .system(call: "recv", errno: e)
        }
        if n == 0 {
            close()
            throw .closed
        }
        buffer.append(contentsOf: scratch[0..<n])
    }
}
