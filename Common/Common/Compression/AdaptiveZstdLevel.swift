/// The zstd level the batcher uses for the next batch, chosen from its backlog.
///
/// When the sequencer is idle, slow high levels make batches (and L1 fees) smaller; when data piles up
/// waiting to be compressed and posted, fast low levels keep the batcher from falling further behind.
/// The table is a step function of the backlog: from each threshold on, its level applies. Levels
/// never rise as the backlog grows (the choice is monotonic), which the initializer enforces.
///
/// The backlog is measured in uncompressed bytes not yet compressed and posted; a negative value is
/// treated as zero.
public struct AdaptiveZstdLevel: Sendable, Equatable {
    /// One row of the table: from `backlogBytes` on (inclusive), use `level`.
    public struct Step: Sendable, Equatable {
        /// The smallest backlog, in bytes, at which this step applies.
        public var backlogBytes: Int
        /// The zstd level to use from that backlog on.
        public var level: Int

        /// Creates a step.
        public init(backlogBytes: Int, level: Int) {
            self.backlogBytes = backlogBytes
            self.level = level
        }
    }

    /// The level used below the first step's threshold (an idle batcher).
    public let idleLevel: Int
    /// The steps, with strictly increasing thresholds and non-increasing levels.
    public let steps: [Step]

    /// Strata's default: level 19 when idle, 15 from 1 MiB of backlog, 9 from 4 MiB, 3 from 16 MiB and
    /// 1 from 64 MiB.
    public static let standard = AdaptiveZstdLevel(
        validatedIdleLevel: 19,
        steps: [
            Step(backlogBytes: 1 << 20, level: 15),
            Step(backlogBytes: 4 << 20, level: 9),
            Step(backlogBytes: 16 << 20, level: 3),
            Step(backlogBytes: 64 << 20, level: 1),
        ])

    /// Creates a table.
    ///
    /// Throws ``ZstdError/invalidLevel(_:allowed:)`` for a level libzstd does not have and
    /// ``ZstdError/invalidLevelTable(reason:)`` unless thresholds are positive and strictly increasing
    /// and each level is at most the one before it.
    public init(idleLevel: Int, steps: [Step]) throws(ZstdError) {
        try Zstd.validate(level: idleLevel)
        var previous = Step(backlogBytes: 0, level: idleLevel)
        for step in steps {
            try Zstd.validate(level: step.level)
            guard step.backlogBytes > previous.backlogBytes else {
                throw .invalidLevelTable(
                    reason: "threshold \(step.backlogBytes) must be above \(previous.backlogBytes)")
            }
            guard step.level <= previous.level else {
                throw .invalidLevelTable(
                    reason: "level \(step.level) at \(step.backlogBytes) bytes is above level \(previous.level) "
                        + "for a smaller backlog: levels must not rise with the backlog")
            }
            previous = step
        }
        self.init(validatedIdleLevel: idleLevel, steps: steps)
    }

    private init(validatedIdleLevel: Int, steps: [Step]) {
        self.idleLevel = validatedIdleLevel
        self.steps = steps
    }

    /// The level for a backlog of `backlogBytes` uncompressed bytes.
    public func level(forBacklogBytes backlogBytes: Int) -> Int {
        var level = idleLevel
        for step in steps {
            guard backlogBytes >= step.backlogBytes else { break }
            level = step.level
        }
        return level
    }
}
