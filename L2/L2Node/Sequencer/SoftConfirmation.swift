import Common
import L2Runtime

/// The sequencer's promise about one transaction: it is in block ``blockNumber`` at ``index`` with
/// ``status``. The sequencer signs it only once the transaction is durable in its log, so after any crash the
/// transaction is still there, at the same place.
///
/// Bytes: `txHash (32) || varint(blockNumber) || varint(index) || status (1: 0 success, 1 failed) ||
/// [varint(reason) if failed]`. The confirmations answered together are signed at once
/// (``SoftConfirmationSet``): one BIP-340 signature over their Merkle root.
public struct SoftConfirmation: Hashable, Sendable {
    /// How the transaction ended (rejected transactions are never in a block, so never confirmed).
    public enum Status: Hashable, Sendable {
        /// It did what it asked.
        case success
        /// It paid its fee and advanced its nonce, and nothing else happened.
        case failed(FailureReason)
    }

    /// The transaction id.
    public var transactionHash: Hash
    /// The block it is in.
    public var blockNumber: UInt64
    /// Its position in the block, from 0.
    public var index: UInt32
    /// How it ended.
    public var status: Status

    /// Creates a confirmation.
    public init(transactionHash: Hash, blockNumber: UInt64, index: UInt32, status: Status) {
        self.transactionHash = transactionHash
        self.blockNumber = blockNumber
        self.index = index
        self.status = status
    }
}

extension SoftConfirmation: CanonicalCodable {
    /// `txHash || varint(blockNumber) || varint(index) || status || [varint(reason)]`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(transactionHash)
        writer.writeVarint(blockNumber)
        writer.writeVarint(index)
        switch status {
        case .success:
            writer.write(UInt8(0))
        case .failed(let reason):
            writer.write(UInt8(1))
            writer.writeVarint(reason.rawValue)
        }
    }

    /// Reads the fields in order; an unknown status or reason is an error.
    public init(from reader: inout ByteReader) throws(CodecError) {
        transactionHash = try reader.readHash("transaction hash")
        blockNumber = try reader.readVarint(UInt64.self, "block number")
        index = try reader.readVarint(UInt32.self, "index")
        let offset = reader.offset
        switch try reader.readUInt8("status") {
        case 0: status = .success
        case 1:
            let code = try reader.readVarint(UInt16.self, "failure reason")
            guard let reason = FailureReason(rawValue: code) else {
                throw .unknownTag(what: "failure reason", offset: offset + 1, tag: UInt64(code))
            }
            status = .failed(reason)
        case let tag: throw .unknownTag(what: "confirmation status", offset: offset, tag: UInt64(tag))
        }
    }
}

/// The soft confirmations the sequencer answers together (one request's confirmed transactions, in request
/// order), signed at once: one BIP-340 signature by the sequencer key over
/// `signingDigest(.l2SoftConfirmation, chainID, root || varint(count))`, where `root` is the ``MerkleList``
/// root of the confirmations' canonical bytes and `count` their number. Each confirmation stays checkable
/// alone with its inclusion proof (``SignedSoftConfirmation``).
///
/// One signature per request instead of one per transaction: signing was about a tenth of the sequencer's
/// CPU per transaction, and a client checks a whole answer with one verification.
public enum SoftConfirmationSet {
    /// The message signed for a set with `root` and `count` confirmations: `root (32) || varint(count)`.
    public static func signedMessage(root: Hash, count: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        writer.write(root)
        writer.writeVarint(count)
        return writer.bytes
    }

    /// The digest the sequencer signs for a set with `root` and `count` confirmations.
    public static func signingDigest(root: Hash, count: UInt64, chainID: String) -> Hash {
        Common.signingDigest(
            domain: .l2SoftConfirmation, chainID: chainID, message: signedMessage(root: root, count: count))
    }

    /// The leaf hashes of `confirmations`, in order.
    public static func leafHashes(_ confirmations: [SoftConfirmation]) -> [Hash] {
        confirmations.map { MerkleList.leafHash($0.canonicalBytes) }
    }

    /// The digest the sequencer signs for `confirmations`, in order.
    public static func signingDigest(_ confirmations: [SoftConfirmation], chainID: String) -> Hash {
        signingDigest(
            root: MerkleList.root(leafHashes: leafHashes(confirmations)), count: UInt64(confirmations.count),
            chainID: chainID)
    }

    /// Signs `confirmations` (in order) with the sequencer's `key`: each with the one signature and its own
    /// inclusion proof. An empty list needs no signature and gives none.
    public static func sign(_ confirmations: [SoftConfirmation], chainID: String, key: AccountPrivateKey)
        -> [SignedSoftConfirmation]
    {
        guard !confirmations.isEmpty else { return [] }
        // The root and the proofs from one pass over the tree.
        let (root, proofs) = MerkleList.rootAndProofs(leafHashes: leafHashes(confirmations))
        let digest = signingDigest(root: root, count: UInt64(confirmations.count), chainID: chainID)
        return signed(confirmations, proofs: proofs, signature: key.sign(digest: digest), sequencer: key.publicKey)
    }

    /// Whether `signature` is `sequencer`'s over `confirmations` (in order) for `chainID`: how a client checks
    /// a whole answer with one verification.
    public static func verify(
        _ confirmations: [SoftConfirmation], signature: SchnorrSignature, sequencer: AccountPublicKey,
        chainID: String
    ) -> Bool {
        !confirmations.isEmpty
            && sequencer.verify(signature, digest: signingDigest(confirmations, chainID: chainID))
    }

    /// Each of `confirmations` (one signed set, in order) with `signature` and its own inclusion proof: what a
    /// client keeps to show one confirmation alone later.
    public static func signed(
        _ confirmations: [SoftConfirmation], signature: SchnorrSignature, sequencer: AccountPublicKey
    ) -> [SignedSoftConfirmation] {
        signed(
            confirmations, proofs: MerkleList.proofs(leafHashes: leafHashes(confirmations)), signature: signature,
            sequencer: sequencer)
    }

    private static func signed(
        _ confirmations: [SoftConfirmation], proofs: [MerkleListProof], signature: SchnorrSignature,
        sequencer: AccountPublicKey
    ) -> [SignedSoftConfirmation] {
        zip(confirmations, proofs).map {
            SignedSoftConfirmation(confirmation: $0, sequencer: sequencer, signature: signature, proof: $1)
        }
    }
}

/// A soft confirmation with the sequencer's signature over the set it was answered in, and its inclusion
/// proof in that set: checkable alone.
public struct SignedSoftConfirmation: Hashable, Sendable {
    /// What is confirmed.
    public var confirmation: SoftConfirmation
    /// The sequencer's public key.
    public var sequencer: AccountPublicKey
    /// The BIP-340 signature of the set (``SoftConfirmationSet/signingDigest(root:count:chainID:)``).
    public var signature: SchnorrSignature
    /// Where the confirmation sits in the signed set: its index, the set's size, and the Merkle path.
    public var proof: MerkleListProof

    /// Pairs a confirmation with a set's signature and its proof in that set (check it with
    /// ``verify(chainID:)``).
    public init(
        confirmation: SoftConfirmation, sequencer: AccountPublicKey, signature: SchnorrSignature,
        proof: MerkleListProof
    ) {
        self.confirmation = confirmation
        self.sequencer = sequencer
        self.signature = signature
        self.proof = proof
    }

    /// The root of the signed set, by the proof; `nil` if the proof does not fit a set of its size.
    var setRoot: Hash? { proof.root(leafHash: MerkleList.leafHash(confirmation.canonicalBytes)) }

    /// Whether the signature is ``sequencer``'s over a set, for `chainID`, that holds the confirmation where
    /// the proof says.
    public func verify(chainID: String) -> Bool {
        guard let root = setRoot else { return false }
        return sequencer.verify(
            signature, digest: SoftConfirmationSet.signingDigest(root: root, count: proof.count, chainID: chainID))
    }
}
