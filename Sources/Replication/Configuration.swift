/// Static parameters of a replica. All durations are in ticks.
///
/// `replicaCount` is the number of replica ids (slots) the cluster may ever use; the first
/// epoch's configuration is `initialMembers` (all of them by default). Reconfiguration (VRR §7)
/// moves to other subsets of the slots; quorums and primaries are then those of the replica's
/// current epoch (`Replica.members`), and the helpers below describe the initial configuration.
public struct Configuration: Sendable {
    /// Number of replica ids; with the default `initialMembers`, the `2f + 1` replicas.
    public var replicaCount: Int
    /// The replicas of epoch 0, `2f + 1` distinct ids below `replicaCount`; the others start
    /// with `Replica.joining` and wait for a reconfiguration that names them.
    public var initialMembers: [Int]
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
    /// Whether the primary also sends a Commit as soon as its commit number advances, instead of
    /// leaving the backups to learn it from the next Prepare or heartbeat. VRR allows either
    /// (§4.1 step 7 only requires that backups eventually learn it); a plain replicated log needs
    /// only the primary to execute promptly, but a signer cluster's backups hold key shares and
    /// must act on each committed sign request — without this an idle cluster adds up to a whole
    /// `commitInterval` to every request.
    public var commitEagerly: Bool = false
    /// The primary resends unacknowledged prepares this often.
    public var prepareResendInterval: Int = 12
    /// A view change that has not completed after this long moves to the next view.
    public var viewChangeTimeout: Int = 60
    /// SVC / DVC / Recovery / GetState are resent this often while waiting.
    public var resendInterval: Int = 10
    /// Whether the primary accepts `Reconfiguration` requests (VRR §7). Off by default, so a host
    /// that does not yet execute `Output.persistEpoch` and `Output.shutDown` never sees them: a
    /// reconfiguration is then dropped like a malformed request. Turn it on once the host stores
    /// the epoch durably.
    public var allowsReconfiguration: Bool = false
    /// Test only: a broken primary that commits without waiting for a quorum, to prove that the
    /// simulator's checker can fail.
    public var testOnlyCommitWithoutQuorum: Bool = false
    /// Test only: a broken replica that starts a view change without making the view durable.
    public var testOnlySkipViewPersistence: Bool = false
    /// Test only: a broken replica that, instead of repairing a corrupt middle entry, truncates
    /// its log there as if it were a torn tail (the "silent loss" protocol-aware repair prevents).
    public var testOnlyTruncateCorruptEntries: Bool = false

    /// A configuration for `replicaCount` replicas with default timings.
    ///
    /// VRR assumes `2f+1` replicas; an even count (a 4-node signer cluster) is allowed with
    /// majority quorums of `⌊n/2⌋+1`: any two quorums still intersect (the property every
    /// safety argument of VRR §4–§5 rests on), and it tolerates the same `f = ⌊(n−1)/2⌋` faults
    /// as `n−1` replicas would.
    public init(replicaCount: Int) {
        precondition(replicaCount >= 1, "VSR needs at least one replica")
        self.replicaCount = replicaCount
        self.initialMembers = Array(0..<replicaCount)
    }

    /// `slots` replica ids of which `initialMembers` form epoch 0: any number of distinct ids
    /// (quorums are majorities).
    public init(slots: Int, initialMembers: [Int]) {
        precondition(Reconfiguration(members: initialMembers).isValid(slots: slots), "distinct replicas below slots")
        self.replicaCount = slots
        self.initialMembers = initialMembers
    }

    /// `f` of the initial configuration: the replicas that may fail, `⌊(n−1)/2⌋`.
    public var faultsTolerated: Int { (initialMembers.count - 1) / 2 }
    /// A majority of the initial configuration, `⌊n/2⌋+1` (`f + 1` when `n = 2f+1`): replicas
    /// (counting oneself) in every quorum.
    public var quorum: Int { initialMembers.count / 2 + 1 }
    /// The primary of `view` in the initial configuration (§4: round robin over the members).
    public func primary(of view: UInt64) -> Int { initialMembers[Int(view % UInt64(initialMembers.count))] }
}
