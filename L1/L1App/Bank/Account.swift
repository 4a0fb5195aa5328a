import Common

/// An account's record in the state: its balance and its next nonce.
///
/// Stored under ``stateKey(_:)`` in its canonical encoding, `varint(balance) || varint(nonce)`; an address
/// with no record has a zero balance and nonce 0. The `/account/<address>` query returns these bytes.
public struct Account: Hashable, Sendable {
    /// The balance, in the base denomination.
    public var balance: Amount
    /// The nonce the account's next transaction must carry.
    public var nonce: UInt64

    /// An account with nothing and no transaction yet.
    public static let empty = Account(balance: .zero, nonce: 0)

    /// Creates an account record.
    public init(balance: Amount, nonce: UInt64) {
        self.balance = balance
        self.nonce = nonce
    }

    /// The state namespace of account records: `bank/account`.
    public static let namespace = "bank/account"

    /// The state key of `address`'s record: namespace `bank/account`, key the 20 address bytes.
    public static func stateKey(_ address: Address) -> StateKey {
        StateKey(namespace: namespace, key: address.bytes)
    }
}

extension Account: CanonicalCodable {
    /// `varint(balance) || varint(nonce)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(balance)
        writer.writeVarint(nonce)
    }

    /// Reads the balance then the nonce.
    public init(from reader: inout ByteReader) throws(CodecError) {
        balance = try reader.read(Amount.self)
        nonce = try reader.readVarint(UInt64.self, "nonce")
    }
}
