import Common

/// An L2 account in state: its key once known, its index, its next nonce and its balance.
///
/// An account appears when it is first credited or first sends; it gets the next ``AccountIndex`` then.
/// Its key is known once it has sent a transaction by key (or was given with its key at genesis); only then
/// may it send by index.
public struct Account: Hashable, Sendable {
    /// The 32 bytes of the account's x-only public key, once known. They were checked to be a key when it was
    /// first stored; a record read back keeps the bytes and parses them only when ``publicKey`` is asked for.
    /// (Parsing is a square root on the curve: done on every read, it was a quarter of the runtime's time.)
    public private(set) var publicKeyBytes: [UInt8]?
    /// The account's x-only public key, once known (`nil` too should its stored bytes not be a key, which only a
    /// corrupt store could make).
    public var publicKey: AccountPublicKey? {
        get { publicKeyBytes.flatMap { try? AccountPublicKey(bytes: $0) } }
        set { publicKeyBytes = newValue?.bytes }
    }
    /// The account's index.
    public var index: AccountIndex
    /// The nonce its next transaction must carry.
    public var nonce: UInt64
    /// Its balance.
    public var balance: Amount

    /// Creates an account record.
    public init(publicKey: AccountPublicKey?, index: AccountIndex, nonce: UInt64, balance: Amount) {
        self.publicKeyBytes = publicKey?.bytes
        self.index = index
        self.nonce = nonce
        self.balance = balance
    }
}

extension Account: CanonicalCodable {
    /// `optional(publicKey) || varint(index) || varint(nonce) || varint(balance)`.
    public func encode(to writer: inout ByteWriter) {
        if let publicKeyBytes {
            writer.write(UInt8(1))
            writer.writeRaw(publicKeyBytes)
        } else {
            writer.write(UInt8(0))
        }
        writer.write(index)
        writer.writeVarint(nonce)
        writer.write(balance)
    }

    /// Reads the fields in order (the key's bytes without parsing them, see ``publicKeyBytes``).
    public init(from reader: inout ByteReader) throws(CodecError) {
        let flag = reader.offset
        switch try reader.readUInt8("optional flag") {
        case 0: publicKeyBytes = nil
        case 1: publicKeyBytes = try reader.readRaw(count: AccountPublicKey.byteCount, "account public key")
        case let other: throw .unknownTag(what: "optional flag", offset: flag, tag: UInt64(other))
        }
        index = try reader.read(AccountIndex.self)
        nonce = try reader.readVarint(UInt64.self, "nonce")
        balance = try reader.read(Amount.self)
    }
}
