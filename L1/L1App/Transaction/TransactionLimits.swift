/// The size caps of an L1 transaction. Every length a decoder reads is checked against one of these before
/// anything is allocated.
public enum TransactionLimits {
    /// The most bytes a signed transaction may have (checked before decoding).
    public static let maxBytes = 8192
    /// The most messages one transaction may carry.
    public static let maxMessages = 32
    /// The most bytes of a chain id (CometBFT's limit).
    public static let maxChainIDBytes = 50
}
