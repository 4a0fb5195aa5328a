import Common

/// Who sent a transaction: the signer's x-only public key, or the index the runtime gave the signer's account
/// once it was known. Both name the same account and the signature is checked against the same key; the
/// index form is 32 bytes shorter.
public enum TransactionSender: Hashable, Sendable {
    /// The signer's BIP-340 x-only public key.
    case key(AccountPublicKey)
    /// The index of the signer's account, which must already hold the signer's public key.
    case index(AccountIndex)
}

extension TransactionSender: CanonicalCodable {
    /// `0x00 || key (32)` or `0x01 || varint(index)`.
    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .key(let key):
            writer.write(UInt8(0))
            writer.write(key)
        case .index(let index):
            writer.write(UInt8(1))
            writer.write(index)
        }
    }

    /// Reads the tag then the key or the index; any other tag is an error.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let offset = reader.offset
        switch try reader.readUInt8("sender tag") {
        case 0: self = .key(try reader.read(AccountPublicKey.self))
        case 1: self = .index(try reader.read(AccountIndex.self))
        case let tag: throw .unknownTag(what: "sender", offset: offset, tag: UInt64(tag))
        }
    }
}
