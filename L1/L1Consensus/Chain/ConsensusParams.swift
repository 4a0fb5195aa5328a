/// Chain-wide consensus limits, fixed at genesis.
public struct ConsensusParams: Hashable, Sendable, Codable {
    /// The largest encoded block.
    public var maxBlockBytes: Int
    /// The most bytes of evidence one block may carry.
    public var maxEvidenceBytes: Int
    /// Evidence expires when it is older than this many blocks **and** older than `evidenceMaxAge`.
    public var evidenceMaxAgeBlocks: UInt64
    /// Evidence expires when it is older than this **and** older than `evidenceMaxAgeBlocks`.
    public var evidenceMaxAge: Duration
    /// How far a fresh proposal's time may be ahead of the local clock and still be timely.
    public var timelyPrecision: Duration
    /// How long a proposal may take to arrive and still be timely (added to the lower bound).
    public var timelyMessageDelay: Duration

    /// Parameters; the defaults suit a LAN or WAN validator set.
    public init(
        maxBlockBytes: Int = 4 << 20, maxEvidenceBytes: Int = 1 << 20, evidenceMaxAgeBlocks: UInt64 = 100_000,
        evidenceMaxAge: Duration = .seconds(48 * 3600), timelyPrecision: Duration = .seconds(1),
        timelyMessageDelay: Duration = .seconds(3)
    ) {
        self.maxBlockBytes = maxBlockBytes
        self.maxEvidenceBytes = maxEvidenceBytes
        self.evidenceMaxAgeBlocks = evidenceMaxAgeBlocks
        self.evidenceMaxAge = evidenceMaxAge
        self.timelyPrecision = timelyPrecision
        self.timelyMessageDelay = timelyMessageDelay
    }
}
