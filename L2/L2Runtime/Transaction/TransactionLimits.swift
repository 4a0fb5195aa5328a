/// The size caps of an L2 transaction. Every length a decoder reads is checked against one of these before
/// anything is allocated.
public enum TransactionLimits {
    /// The most bytes a signed transaction may have (checked before decoding).
    public static let maxBytes = 24 * 1024
    /// The most bytes of a transaction's payload (a rules program of 16 KiB fits, with its framing).
    public static let maxPayloadBytes = 20 * 1024
    /// The most bytes of a chain id.
    public static let maxChainIDBytes = 50
}
