/// The deterministic service replicated by the log (VRR §2: the "service" above the replica).
///
/// The replica drives it: it calls `apply` once per committed op, in op order, on every replica,
/// and `snapshot`/`restore` at checkpoints and state transfer (§5.2, §5.3). Implementations must
/// be deterministic: the same ops from the same snapshot give the same replies and snapshot bytes.
public protocol StateMachine {
    /// The empty state, before op 1.
    init()
    /// Applies one committed operation and returns the reply for the client.
    mutating func apply(_ operation: [UInt8]) -> [UInt8]
    /// Serialises the whole state.
    func snapshot() -> [UInt8]
    /// Replaces the state with one produced by `snapshot()`.
    mutating func restore(_ snapshot: [UInt8])
}
