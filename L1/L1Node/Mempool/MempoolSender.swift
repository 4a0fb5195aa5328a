import Common

/// Whose transaction this is, for nonce ordering and eviction: the account the application named, or (when the
/// application names none) the transaction itself, which then orders alone.
public enum MempoolSender: Hashable, Sendable, CustomStringConvertible {
    /// An account: its transactions are taken in nonce order.
    case account(Address)
    /// A transaction with no sender: it depends on nothing and nothing depends on it.
    case transaction(Hash)

    public var description: String {
        switch self {
        case .account(let address): address.description
        case .transaction(let hash): "transaction \(hash)"
        }
    }
}
