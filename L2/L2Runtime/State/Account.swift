import Common

/// An L2 account in state: its key once known, its index, its next nonce and its balance.
///
/// An account appears when it is first credited or first sends; it gets the next ``AccountIndex`` then.
/// Its key is known once it has sent a transaction by key (or was given with its key at genesis); only then
/// may it send by index.
public struct Account: Hashable, Sendable {
    /// The account's x-only public key, once known.
    public var publicKey: AccountPublicKey?
    /// The account's index.
    public var index: AccountIndex
    /// The nonce its next transaction must carry.
    public var nonce: UInt64
    /// Its balance.
    public var balance: Amount

    /// Creates an account record.
    public init(publicKey: AccountPublicKey?, index: AccountIndex, nonce: UInt64, balance: Amount) {
        self.publicKey = publicKey
        self.index = index
        self.nonce = nonce
        self.balance = balance
    }
}

extension Account: CanonicalCodable {
    /// `optional(publicKey) || varint(index) || varint(nonce) || varint(balance)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeOptional(publicKey)
        writer.write(index)
        writer.writeVarint(nonce)
        writer.write(balance)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        publicKey = try reader.readOptional(AccountPublicKey.self)
        index = try reader.read(AccountIndex.self)
        nonce = try reader.readVarint(UInt64.self, "nonce")
        balance = try reader.read(Amount.self)
    }
}
