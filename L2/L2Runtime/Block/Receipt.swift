import Common

/// What executing one transaction did: the transaction id, its status, and the fee it paid.
///
/// A ``Status/rejected(_:)`` transaction (bad signature, wrong chain, wrong nonce, fee not covered) did not
/// touch state at all; a ``Status/failed(_:)`` one paid its fee and advanced its sender's nonce but changed
/// nothing else.
public struct Receipt: Hashable, Sendable {
    /// How a transaction ended.
    public enum Status: Hashable, Sendable {
        /// It did what it asked.
        case success
        /// It paid its fee and advanced its nonce, and nothing else happened, for `reason`.
        case failed(FailureReason)
        /// It was not executed at all, for `reason`: no fee, no nonce, no state.
        case rejected(FailureReason)
    }

    /// The transaction id.
    public var transactionHash: Hash
    /// How it ended.
    public var status: Status
    /// The fee it paid (zero when rejected).
    public var feePaid: Amount

    /// Creates a receipt.
    public init(transactionHash: Hash, status: Status, feePaid: Amount) {
        self.transactionHash = transactionHash
        self.status = status
        self.feePaid = feePaid
    }

    /// The ``Common/MerkleList`` root of `receipts`' canonical bytes, in order: what
    /// ``BlockHeader/receiptsRoot`` holds.
    public static func root(_ receipts: [Receipt]) -> Hash {
        MerkleList.root(receipts.map(\.canonicalBytes))
    }
}

extension Receipt: CanonicalCodable {
    /// `transactionHash || status (1: 0 success, 1 failed, 2 rejected) || [varint(reason) unless success] ||
    /// varint(feePaid)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(transactionHash)
        switch status {
        case .success:
            writer.write(UInt8(0))
        case .failed(let reason):
            writer.write(UInt8(1))
            writer.writeVarint(reason.rawValue)
        case .rejected(let reason):
            writer.write(UInt8(2))
            writer.writeVarint(reason.rawValue)
        }
        writer.write(feePaid)
    }

    /// Reads the fields in order; an unknown status or reason is an error.
    public init(from reader: inout ByteReader) throws(CodecError) {
        transactionHash = try reader.readHash("transaction hash")
        let offset = reader.offset
        switch try reader.readUInt8("receipt status") {
        case 0: status = .success
        case 1: status = .failed(try FailureReason.read(from: &reader))
        case 2: status = .rejected(try FailureReason.read(from: &reader))
        case let tag: throw .unknownTag(what: "receipt status", offset: offset, tag: UInt64(tag))
        }
        feePaid = try reader.read(Amount.self)
    }
}
