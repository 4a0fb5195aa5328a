import Common
import L2Runtime

/// The sequencer's promise about one transaction: it is in block ``blockNumber`` at ``index`` with
/// ``status``. The sequencer signs it only once the transaction is durable in its log, so after any crash the
/// transaction is still there, at the same place.
///
/// Bytes (what is signed): `txHash (32) || varint(blockNumber) || varint(index) || status (1: 0 success,
/// 1 failed) || [varint(reason) if failed]`; the signature is BIP-340 over
/// `signingDigest(.l2SoftConfirmation, chainID, bytes)` by the sequencer key.
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

    /// The digest the sequencer signs.
    public func signingDigest(chainID: String) -> Hash {
        Common.signingDigest(domain: .l2SoftConfirmation, chainID: chainID, message: canonicalBytes)
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

/// A soft confirmation with the sequencer's signature.
public struct SignedSoftConfirmation: Hashable, Sendable {
    /// What is confirmed.
    public var confirmation: SoftConfirmation
    /// The sequencer's public key.
    public var sequencer: AccountPublicKey
    /// The BIP-340 signature of ``SoftConfirmation/signingDigest(chainID:)``.
    public var signature: SchnorrSignature

    /// Signs `confirmation` with the sequencer's `key`.
    public init(_ confirmation: SoftConfirmation, chainID: String, key: AccountPrivateKey) {
        self.confirmation = confirmation
        self.sequencer = key.publicKey
        self.signature = key.sign(digest: confirmation.signingDigest(chainID: chainID))
    }

    /// Pairs a confirmation with a signature (check it with ``verify(chainID:)``).
    public init(confirmation: SoftConfirmation, sequencer: AccountPublicKey, signature: SchnorrSignature) {
        self.confirmation = confirmation
        self.sequencer = sequencer
        self.signature = signature
    }

    /// Whether the signature is ``sequencer``'s over the confirmation for `chainID`.
    public func verify(chainID: String) -> Bool {
        sequencer.verify(signature, digest: confirmation.signingDigest(chainID: chainID))
    }
}
