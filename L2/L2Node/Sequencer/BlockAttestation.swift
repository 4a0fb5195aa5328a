import Common
import L2Runtime

/// The sequencer's signed statement that block ``number``, with hash ``blockHash`` and state root ``stateRoot``,
/// is in its chain. Served beside every read of committed state, it is what lets a client that trusts only the
/// sequencer's key (a Secret Vault, say) trust the root a state proof leads to, without trusting the server
/// that answered.
///
/// The message is `varint(number) || blockHash (32) || stateRoot (32)`, signed with BIP-340 over
/// `signingDigest(.l2BlockAttestation, chainID, message)`. Like a soft confirmation it is the sequencer's word
/// before settlement: two attestations of one number with different hashes, or one that the batches posted
/// later contradict, prove that the sequencer equivocated.
public struct BlockAttestation: Hashable, Sendable {
    /// The block number.
    public var number: UInt64
    /// The block's hash (its header's).
    public var blockHash: Hash
    /// The state root in the block's header.
    public var stateRoot: Hash

    /// The statement about a sealed block.
    public init(number: UInt64, blockHash: Hash, stateRoot: Hash) {
        self.number = number
        self.blockHash = blockHash
        self.stateRoot = stateRoot
    }

    /// The statement about `header`.
    public init(_ header: BlockHeader) {
        self.init(number: header.number, blockHash: header.hash, stateRoot: header.stateRoot)
    }

    /// `varint(number) || blockHash || stateRoot`.
    public var message: [UInt8] {
        var writer = ByteWriter()
        writer.writeVarint(number)
        writer.write(blockHash)
        writer.write(stateRoot)
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
