/// A client's request (VRR §4.1: `<REQUEST op, c, s>`).
public struct Request: Equatable, Sendable {
    /// The client id `c`.
    public var clientId: UInt64
    /// The request number `s`; a client has at most one request outstanding and retries it
    /// with the same number.
    public var requestNumber: UInt64
    /// The operation for the state machine.
    public var body: [UInt8]

    /// Builds a request.
    public init(clientId: UInt64, requestNumber: UInt64, body: [UInt8]) {
        self.clientId = clientId
        self.requestNumber = requestNumber
        self.body = body
    }
}

/// The primary's answer to a request (VRR §4.1: `<REPLY v, s, x>`).
public struct Reply: Equatable, Sendable {
    /// The client the reply is for.
    public var clientId: UInt64
    /// The request number it answers.
    public var requestNumber: UInt64
    /// The view of the replying primary, so the client learns who the primary is.
    public var view: UInt64
    /// The state machine's reply.
    public var body: [UInt8]

    /// Builds a reply.
    public init(clientId: UInt64, requestNumber: UInt64, view: UInt64, body: [UInt8]) {
        self.clientId = clientId
        self.requestNumber = requestNumber
        self.view = view
        self.body = body
    }
}

/// A message between replicas. Each carries the sender's view; the sender's index travels
/// with the message in `Input.message(_:from:)`.
public indirect enum Message: Equatable, Sendable {
    /// §4.1 step 3, batched: the primary's entries `entries` (one or many ops, contiguous),
    /// with its commit number piggybacked.
    case prepare(view: UInt64, entries: [Entry], commitNumber: UInt64)
    /// §4.1 step 4: the backup has durably stored every op up to `op` of `view`.
    case prepareOk(view: UInt64, op: UInt64)
    /// §4.1 step 7: the primary's heartbeat carrying its commit number.
    case commit(view: UInt64, commitNumber: UInt64)
    /// §4.2 step 1: the sender has moved to `view` and asks for a view change.
    case startViewChange(view: UInt64)
    /// §4.2 step 2: the sender's log for the new primary of `view`.
    case doViewChange(view: UInt64, journal: Journal, lastNormalView: UInt64, commitNumber: UInt64)
    /// §4.2 step 4: the new primary's log; `view` is now normal.
    case startView(view: UInt64, journal: Journal, commitNumber: UInt64)
    /// §4.3 step 1: a replica that lost its state asks for it, with a fresh nonce.
    case recovery(nonce: UInt64)
    /// §4.3 step 2: the answer; only the primary of `view` includes its journal.
    case recoveryResponse(view: UInt64, nonce: UInt64, journal: Journal?, commitNumber: UInt64)
    /// §5.2: ask for the log after `op` in `view`.
    case getState(view: UInt64, op: UInt64)
    /// §5.2: the log after the requested op (a suffix anchored at that op, or a full
    /// checkpoint and its suffix when the op is behind the sender's checkpoint).
    case newState(view: UInt64, journal: Journal, commitNumber: UInt64)
    /// Protocol-aware repair: the sender holds a corrupt entry at `op` and asks for the intact
    /// entry with `checksum` (known from the hash chain). View-less: any holder may answer.
    case requestPrepare(op: UInt64, checksum: Checksum)
    /// Protocol-aware repair: the answer, an intact entry the receiver checks against its chain.
    case repairPrepare(entry: Entry)
    /// VRR §7: `message` sent in configuration epoch `epoch` (at least 1). Messages of epoch 0
    /// travel unwrapped, so a cluster that never reconfigures speaks exactly version 1.
    case inEpoch(epoch: UInt64, message: Message)
    /// VRR §7: epoch `epoch` has started with configuration `members`, by the reconfiguration
    /// committed at op `op`; `previous` is the configuration it replaced. Sent to replicas that
    /// must join or learn of it; a new member fetches the log up to `op` by state transfer.
    case startEpoch(epoch: UInt64, op: UInt64, previous: [Int], members: [Int])
    /// VRR §7: the sender, a member of `epoch`, holds its state. A replica of the previous
    /// configuration that is not in the new one shuts down after a quorum of these.
    case epochStarted(epoch: UInt64)
    /// VRR §7: a member of a new epoch asks for the committed log after `op` (its commit
    /// number) to join the epoch. Any replica holding the epoch's committed log answers with a
    /// NewState carrying only committed ops, whatever its status and view.
    case getEpochState(op: UInt64)

    /// The view the message belongs to (0 for `recovery`, which is view-less).
    public var view: UInt64 {
        switch self {
        case .prepare(let v, _, _), .prepareOk(let v, _), .commit(let v, _), .startViewChange(let v),
             .doViewChange(let v, _, _, _), .startView(let v, _, _), .recoveryResponse(let v, _, _, _),
             .getState(let v, _), .newState(let v, _, _):
            return v
        case .recovery, .requestPrepare, .repairPrepare, .startEpoch, .epochStarted, .getEpochState:
            return 0
        case .inEpoch(_, let inner):
            return inner.view
        }
    }

    /// The epoch the message was sent in (0 unless wrapped in `inEpoch`), and the message.
    public var unwrapped: (epoch: UInt64, message: Message) {
        if case let .inEpoch(epoch, inner) = self { return (epoch, inner) }
        return (0, self)
    }

    /// A short name for traces.
    public var name: String {
        switch self {
        case .prepare: "prepare"
        case .prepareOk: "prepare_ok"
        case .commit: "commit"
        case .startViewChange: "start_view_change"
        case .doViewChange: "do_view_change"
        case .startView: "start_view"
        case .recovery: "recovery"
        case .recoveryResponse: "recovery_response"
        case .getState: "get_state"
        case .newState: "new_state"
        case .requestPrepare: "request_prepare"
        case .repairPrepare: "repair_prepare"
        case .inEpoch(_, let inner): inner.name
        case .startEpoch: "start_epoch"
        case .epochStarted: "epoch_started"
        case .getEpochState: "get_epoch_state"
        }
    }
}
