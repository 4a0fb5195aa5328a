/// The outcome of a transaction or a query: a stable number that clients and RPC responses carry.
///
/// Numbers never change meaning and are never reused; new codes are appended. `0` is success; any other
/// code comes with a log message saying what was wrong. The codes a transaction can get, and whether a
/// transaction with that code may enter a block, are listed in docs/l1-transactions.md.
public enum ResultCode: UInt32, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// Success.
    case ok = 0
    /// The bytes are not a canonical transaction (truncated, trailing bytes, a length over its cap, an
    /// unknown message tag, a public key off the curve...). Never included in a block.
    case badEncoding = 1
    /// The transaction is for another chain id. Never included in a block.
    case wrongChain = 2
    /// The signature does not verify for the signer's key over the transaction. Never included in a block.
    case badSignature = 3
    /// The nonce is not the signer's next nonce. Never included in a block.
    case badNonce = 4
    /// A balance is too small: for the fee (the transaction is then never included) or for a message (the
    /// transaction is included, fails, and still pays its fee).
    case insufficientFunds = 5
    /// The fee is below the chain's minimum fee. Never included in a block.
    case feeTooLow = 6
    /// A balance would exceed the largest representable amount (2^128 - 1).
    case amountOverflow = 7
    /// A message is malformed though it decodes (a zero amount, no message at all). Never included.
    case invalidMessage = 8
    /// The transaction is larger than the maximum transaction size. Never included in a block.
    case transactionTooLarge = 9
    /// A query named a path the application does not serve.
    case unknownQueryPath = 10
    /// A query's path or data is malformed (e.g. an address that is not bech32).
    case invalidQuery = 11
    /// A query asked for a height whose state is not (or no longer, or not yet) available.
    case heightUnavailable = 12

    /// Whether this is ``ok``.
    public var isOK: Bool { self == .ok }

    /// The code's name in snake case, e.g. `fee_too_low`, for logs and RPC responses.
    public var description: String {
        switch self {
        case .ok: "ok"
        case .badEncoding: "bad_encoding"
        case .wrongChain: "wrong_chain"
        case .badSignature: "bad_signature"
        case .badNonce: "bad_nonce"
        case .insufficientFunds: "insufficient_funds"
        case .feeTooLow: "fee_too_low"
        case .amountOverflow: "amount_overflow"
        case .invalidMessage: "invalid_message"
        case .transactionTooLarge: "transaction_too_large"
        case .unknownQueryPath: "unknown_query_path"
        case .invalidQuery: "invalid_query"
        case .heightUnavailable: "height_unavailable"
        }
    }
}
