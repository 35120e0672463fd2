/// Everything that can happen to a replica. The replica is a pure state machine over these.
public enum Input: Equatable, Sendable {
    /// A message from replica `from`.
    case message(Message, from: Int)
    /// A client request (VRR §4.1 step 1).
    case request(Request)
    /// One tick of the simulated or real clock; every timeout is counted in ticks.
    case tick
    /// The host finished (fsync'd) the `Output.append` with this `writeId`.
    case appendCompleted(writeId: UInt64)
}
