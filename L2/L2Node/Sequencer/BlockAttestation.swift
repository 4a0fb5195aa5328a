import Common
import L2Runtime

/// The sequencer's signed statement that block ``number``, sealed at ``timestampMillis`` with hash ``blockHash``
/// and state root ``stateRoot``, is in its chain, and, with ``latestAtMillis``, that at that time no later block
/// had been committed. Served beside every read of committed state, it is what lets a client that trusts only the
/// sequencer's key (a Secret Vault, say) trust the root a state proof leads to, without trusting the server that
/// answered.
///
/// The times are signed so that a client can refuse an old answer: a grant proven at a block a minute old may have
/// ended since (delivered, cancelled, its resource dereferenced), and the proof still verifies. No empty blocks
/// are made, so on a quiet chain the latest block can be old and still current: ``latestAtMillis`` says so. The
/// state is current as of ``currentAsOfMillis``, the later of the two times.
///
/// The message is `varint(number) || varint(timestampMillis) || blockHash (32) || stateRoot (32) ||
/// varint(latestAtMillis or 0)`, signed with BIP-340 over `signingDigest(.l2BlockAttestation, chainID, message)`.
/// Like a soft confirmation it is the sequencer's word before settlement: two attestations of one number with
/// different hashes, one claiming a block latest after a later block's time, or one that the batches posted later
/// contradict, prove that the sequencer equivocated.
public struct BlockAttestation: Hashable, Sendable {
    /// The block number.
    public var number: UInt64
    /// The block's time (its header's), in ms since the Unix epoch.
    public var timestampMillis: UInt64
    /// The block's hash (its header's).
    public var blockHash: Hash
    /// The state root in the block's header.
    public var stateRoot: Hash
    /// A time (ms since the Unix epoch, by the sequencer's clock) at which this block was the latest committed
    /// one, or `nil` when the sequencer does not say (a read of an older block).
    public var latestAtMillis: UInt64?

    /// The statement about a sealed block.
    public init(number: UInt64, timestampMillis: UInt64, blockHash: Hash, stateRoot: Hash, latestAtMillis: UInt64?) {
        self.number = number
        self.timestampMillis = timestampMillis
        self.blockHash = blockHash
        self.stateRoot = stateRoot
        self.latestAtMillis = latestAtMillis
    }

    /// The statement about `header`, the latest committed block at `latestAtMillis` if given.
    public init(_ header: BlockHeader, latestAtMillis: UInt64? = nil) {
        self.init(
            number: header.number, timestampMillis: header.timestampMillis, blockHash: header.hash,
            stateRoot: header.stateRoot, latestAtMillis: latestAtMillis)
    }

    /// The time as of which the block's state is attested current: the later of the block's time and
    /// ``latestAtMillis``.
    public var currentAsOfMillis: UInt64 { max(timestampMillis, latestAtMillis ?? 0) }

    /// `varint(number) || varint(timestampMillis) || blockHash || stateRoot || varint(latestAtMillis or 0)`.
    public var message: [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(number)
        writer.writeVarint(timestampMillis)
        writer.write(blockHash)
        writer.write(stateRoot)
        writer.writeVarint(latestAtMillis ?? 0)
        return writer.bytes
    }

    /// The digest the sequencer signs on the rollup `chainID`.
    public func signingDigest(chainID: String) -> Hash {
        Common.signingDigest(domain: .l2BlockAttestation, chainID: chainID, message: message)
    }

    /// Signs the statement with the sequencer's `key`.
    public func sign(chainID: String, key: AccountPrivateKey) -> SchnorrSignature {
        key.sign(digest: signingDigest(chainID: chainID))
    }

    /// Whether `signature` is `sequencer`'s over this statement on `chainID`.
    public func verify(_ signature: SchnorrSignature, sequencer: AccountPublicKey, chainID: String) -> Bool {
        sequencer.verify(signature, digest: signingDigest(chainID: chainID))
    }
}
