/// Static parameters of a replica. All durations are in ticks.
public struct Configuration: Sendable {
    /// Number of replicas, `2f + 1`.
    public var replicaCount: Int
    /// Ops between checkpoints (VRR §5.3); the log before the latest checkpoint is dropped.
    public var checkpointInterval: UInt64 = 32
    /// Most Prepares the primary has in flight, not yet committed (pipelining). Requests that
    /// arrive while the pipeline is full wait and go out together in the next Prepare (batching).
    public var pipelineDepth: Int = 4
    /// Most ops carried by one Prepare (batching).
    public var maxBatch: Int = 8
    /// Most requests the primary queues while its pipeline is full; more are dropped (the
    /// clients retry), so memory stays bounded under overload.
    public var maxQueuedRequests: Int = 1024
    /// Most entries resent in one Prepare to a lagging backup.
    public var maxResend: Int = 64
    /// A backup that hears nothing from the primary for this long starts a view change (§4.2).
    public var normalTimeout: Int = 40
    /// Random extra added to `normalTimeout` and `viewChangeTimeout`, per replica.
    public var timeoutJitter: Int = 40
    /// The primary sends a Commit heartbeat this often when idle (§4.1 step 7).
    public var commitInterval: Int = 8
    /// The primary resends unacknowledged prepares this often.
    public var prepareResendInterval: Int = 12
    /// A view change that has not completed after this long moves to the next view.
    public var viewChangeTimeout: Int = 60
    /// SVC / DVC / Recovery / GetState are resent this often while waiting.
    public var resendInterval: Int = 10
    /// Test only: a broken primary that commits without waiting for a quorum, to prove that the
    /// simulator's checker can fail.
    public var testOnlyCommitWithoutQuorum: Bool = false
    /// Test only: a broken replica that starts a view change without making the view durable.
    public var testOnlySkipViewPersistence: Bool = false

    /// A configuration for `replicaCount` replicas with default timings.
    ///
    /// VRR assumes `2f+1` replicas; an even count (a 4-node signer cluster) is allowed with
    /// majority quorums of `⌊n/2⌋+1`: any two quorums still intersect (the property every
    /// safety argument of VRR §4–§5 rests on), and it tolerates the same `f = ⌊(n−1)/2⌋` faults
    /// as `n−1` replicas would.
    public init(replicaCount: Int) {
        precondition(replicaCount >= 1, "VSR needs at least one replica")
        self.replicaCount = replicaCount
    }

    /// `f`: the replicas that may fail.
    public var faultsTolerated: Int { (replicaCount - 1) / 2 }
    /// A majority, `⌊n/2⌋+1` (`f + 1` when `n = 2f+1`): replicas (counting oneself) in every quorum.
    public var quorum: Int { replicaCount / 2 + 1 }
    /// The primary of `view` (§4: round robin over the configuration).
    public func primary(of view: UInt64) -> Int { Int(view % UInt64(replicaCount)) }
}
