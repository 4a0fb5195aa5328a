/// What a signature is for: a tag string bound into every signing digest, so that a signature made for one
/// purpose (a transaction, a vote, a handshake...) never verifies as another.
///
/// Tags read `strata/<layer>/<purpose>/v<version>`; bump the version when the signed bytes change meaning.
public struct SigningDomain: Hashable, Sendable, CustomStringConvertible {
    /// The tag, e.g. `strata/l1/tx/v1`.
    public let tag: String

    /// A domain with tag `tag`.
    public init(_ tag: String) {
        self.tag = tag
    }

    /// The tag.
    public var description: String { tag }

    /// An L1 transaction signed by an account key: `strata/l1/tx/v1`.
    public static let l1Transaction = SigningDomain("strata/l1/tx/v1")
    /// A consensus vote (prevote or precommit) signed by a validator key: `strata/l1/vote/v1`.
    public static let l1Vote = SigningDomain("strata/l1/vote/v1")
    /// A block proposal signed by the proposing validator: `strata/l1/proposal/v1`.
    public static let l1Proposal = SigningDomain("strata/l1/proposal/v1")
    /// An L2 (rollup) transaction signed by an account key: `strata/l2/tx/v1`.
    public static let l2Transaction = SigningDomain("strata/l2/tx/v1")
    /// A sequencer's soft confirmations (signed receipts) of L2 transactions, signed as the Merkle root of the
    /// confirmations answered together: `strata/l2/receipt/v2` (v1 signed one confirmation's bytes).
    public static let l2SoftConfirmation = SigningDomain("strata/l2/receipt/v2")
    /// A sequencer's statement that a sealed L2 block (number, hash, state root) is in its chain, served beside
    /// every read of committed state: `strata/l2/block/v1`.
    public static let l2BlockAttestation = SigningDomain("strata/l2/block/v1")
    /// The P2P handshake, signed by a node key: `strata/p2p/handshake/v1`.
    public static let p2pHandshake = SigningDomain("strata/p2p/handshake/v1")
}
