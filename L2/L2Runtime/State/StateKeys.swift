import Common

/// Where the runtime keeps each record in the state tree: every key is a ``Common/StateKey`` (namespace and
/// key bytes, hashed into the tree path). The table is in docs/l2-transactions.md.
public enum StateKeys {
    /// The account at `address`: an ``Account``.
    public static func account(_ address: Address) -> StateKey {
        StateKey(namespace: "l2/account", key: address.bytes)
    }

    /// The address of the account with index `index`: 20 bytes.
    public static func accountIndex(_ index: AccountIndex) -> StateKey {
        StateKey(namespace: "l2/account-index", key: index.canonicalBytes)
    }

    /// The index the next new account gets: a varint.
    public static let nextAccountIndex = StateKey(namespace: "l2/meta", "next-account-index")

    /// The fee pool, which collects every transaction fee: an ``Common/Amount``.
    public static let feePool = StateKey(namespace: "l2/pool", "fees")
}
