#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Primitives

/// Why a `LogClient` call failed.
public enum LogClientError: Error, Equatable, Sendable {
    /// No replica answered the request before the call's deadline (the last cause attached).
    case deadlineExceeded(lastError: String)
    /// A replica sent something that is not a valid answer.
    case protocolViolation(String)
}

/// The result of a committed request.
public struct CommittedReply: Equatable, Sendable {
    /// The view of the primary that answered.
    public var view: UInt64
    /// The state machine's reply.
    public var body: [UInt8]
    /// Attempts it took (1 when the first replica tried was the primary and answered in time).
    public var attempts: Int
}

/// A closed-loop client of the replicated log (VRR §4.1 client side, over real sockets).
///
/// One request is outstanding at a time. It goes to the replica believed to be the primary;
/// a `notPrimary` answer redirects it to the hinted primary, a refused connection or a silent
/// replica (no answer within `attemptTimeout`) moves it to the next replica, and `busy` backs
/// off. Every retry carries the *same* request number, so the replicas' client table applies
/// the request at most once and answers a retry of a committed request with the same reply.
///
/// Not thread-safe: one client per thread (each with its own client id).
public final class LogClient {
    /// A replica's client port.
    public struct Endpoint: Equatable, Sendable {
        public var host: String
        public var port: Int

        /// An IPv4 address and port.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
    }

    /// The replicas' client ports, by replica index.
    public let endpoints: [Endpoint]
    /// This client's id, unique in the cluster (random from the CSPRNG by default).
    public let clientId: UInt64
    /// How long one attempt waits for an answer before trying the next replica.
    public var attemptTimeout: Duration
    /// The number the next request gets.
    public private(set) var nextRequestNumber: UInt64 = 1
    /// The replica the next request goes to first.
    public private(set) var primaryGuess: Int = 0

    private var connections: [Int: TCPConnection] = [:]

    /// Turns a request body into what goes on the wire, given the client id and request number
    /// (a signer node seals it with its identity key so that the primary admits it).
    public typealias Sealer = @Sendable (_ clientId: UInt64, _ requestNumber: UInt64, _ body: [UInt8]) -> [UInt8]
    private let sealer: Sealer?

    /// A client of the cluster whose client ports are `endpoints` (index order); `sealer`, if
    /// given, wraps every request body (once per request: retries send the same bytes).
    public init(endpoints: [Endpoint], clientId: UInt64 = SecureRandom.uint64(), attemptTimeout: Duration = .seconds(1),
                sealer: Sealer? = nil) {
        precondition(!endpoints.isEmpty, "a client needs at least one replica")
        self.endpoints = endpoints
        self.clientId = clientId
        self.attemptTimeout = attemptTimeout
        self.sealer = sealer
    }

    /// Closes every connection.
    public func close() {
        for c in connections.values { c.close() }
        connections.removeAll()
    }

    /// Submits `body` and waits until it is committed and answered, or `timeout` passes.
    public func submit(_ body: [UInt8], timeout: Duration = .seconds(30)) throws(LogClientError) -> CommittedReply {
        let requestNumber = nextRequestNumber
        nextRequestNumber += 1
        let deadline = ContinuousClock.now + timeout
        let wire = sealer?(clientId, requestNumber, body) ?? body
        let request = ClientMessage.request(clientId: clientId, requestNumber: requestNumber, body: wire).framed()
        var attempts = 0
        var backoff = Duration.milliseconds(1)
        var lastError = "no attempt"
        while ContinuousClock.now < deadline {
            attempts += 1
            let target = primaryGuess
            let answer: ClientMessage
            do {
                let connection = try connection(to: target)
                try connection.send(request)
                answer = try awaitAnswer(on: connection, requestNumber: requestNumber,
                                         deadline: min(deadline, ContinuousClock.now + attemptTimeout))
            } catch {
                lastError = "replica \(target): \(error)"
                drop(target)
                primaryGuess = (target + 1) % endpoints.count
                pause(&backoff, until: deadline)
                continue
            }
            switch answer {
            case let .reply(_, view, body):
                return CommittedReply(view: view, body: body, attempts: attempts)
            case let .notPrimary(_, view, hint):
                lastError = "replica \(target): not primary in view \(view)"
                let hinted = Int(hint) < endpoints.count ? Int(hint) : (target + 1) % endpoints.count
                // A replica that names itself is mid view change: ask the next one rather than spin.
                primaryGuess = hinted == target ? (target + 1) % endpoints.count : hinted
                pause(&backoff, until: deadline)
            case .busy:
                lastError = "replica \(target): busy"
                pause(&backoff, until: deadline)
            default:
                throw .protocolViolation("unexpected answer \(answer.kind) to a request")
            }
        }
        throw .deadlineExceeded(lastError: lastError)
    }

    /// Asks replica `index` for its status.
    public func status(of index: Int, timeout: Duration = .seconds(1)) throws -> StatusReport {
        let deadline = ContinuousClock.now + timeout
        do {
            let connection = try connection(to: index)
            try connection.send(ClientMessage.statusQuery.framed())
            while true {
                let frame = try connection.receiveFrame(maxBytes: ClientMessage.maxFrameBytes, deadline: deadline)
                if case .status(let report) = try ClientMessage.decode(frame) { return report }
            }
        } catch {
            drop(index)
            throw error
        }
    }

    private func connection(to index: Int) throws(ConnectionError) -> TCPConnection {
        if let c = connections[index], !c.isClosed { return c }
        let e = endpoints[index]
        let c = try TCPConnection(host: e.host, port: e.port, timeoutMilliseconds: 500)
        connections[index] = c
        return c
    }

    private func drop(_ index: Int) {
        connections.removeValue(forKey: index)?.close()
    }

    /// Reads answers until one is for `requestNumber` (answers to earlier attempts are skipped).
    private func awaitAnswer(on connection: TCPConnection, requestNumber: UInt64,
                             deadline: ContinuousClock.Instant) throws -> ClientMessage {
        while true {
            let frame = try connection.receiveFrame(maxBytes: ClientMessage.maxFrameBytes, deadline: deadline)
            let message = try ClientMessage.decode(frame)
            switch message {
            case .reply(let n, _, _), .notPrimary(let n, _, _), .busy(let n):
                if n == requestNumber { return message }
            default:
                throw LogClientError.protocolViolation("unexpected answer \(message.kind) to a request")
            }
        }
    }

    /// Exponential backoff between attempts, 1 ms doubling to 32 ms, never past the deadline.
    private func pause(_ backoff: inout Duration, until deadline: ContinuousClock.Instant) {
        let wake = min(deadline, ContinuousClock.now + backoff)
        var ts = timespec()
        let d = ContinuousClock.now.duration(to: wake)
        guard d > .zero else { return }
        let (s, atto) = d.components
        ts.tv_sec = Int(s)
        ts.tv_nsec = Int(atto / 1_000_000_000)
        nanosleep(&ts, nil)
        backoff = min(backoff * 2, .milliseconds(32))
    }
}
