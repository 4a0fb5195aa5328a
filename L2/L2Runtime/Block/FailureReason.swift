import Common

/// Why a transaction was rejected or failed: a stable code (in receipts, RPC errors and docs) and a message.
///
/// Codes below 100 concern the envelope and reject the transaction; codes from 100 on concern what the
/// transaction asked and fail it (fee paid, nonce advanced). Codes are never reused.
public enum FailureReason: UInt16, CaseIterable, Hashable, Sendable, Error {
    // Envelope: the transaction is rejected and touches nothing.
    /// The transaction names another chain id.
    case wrongChain = 1
    /// The signature is not the sender's signature of the body.
    case badSignature = 2
    /// The sender is named by an index no account has, or by an account that has no key yet.
    case unknownSender = 3
    /// The nonce is below the sender's next nonce (a replay).
    case nonceTooLow = 4
    /// The nonce is above the sender's next nonce (a gap).
    case nonceTooHigh = 5
    /// The sender's balance does not cover the fee.
    case cannotPayFee = 6
    /// The fee is below the runtime's minimum.
    case feeTooLow = 7

    // Execution: the fee is paid and the nonce advanced, but nothing else happens.
    /// The payload does not decode as the kind's payload.
    case malformedPayload = 100
    /// The sender's balance does not cover what the transaction moves.
    case insufficientFunds = 101
    /// A sum would pass 2^128 - 1.
    case amountOverflow = 102
    /// The transaction moves a zero amount where a positive one is needed.
    case zeroAmount = 103

    /// What the code means, for people.
    public var message: String {
        switch self {
        case .wrongChain: "the transaction names another chain id"
        case .badSignature: "the signature is not the sender's signature of the transaction"
        case .unknownSender: "no account with a known key has the sender's index"
        case .nonceTooLow: "the nonce was already used"
        case .nonceTooHigh: "the nonce is ahead of the sender's next nonce"
        case .cannotPayFee: "the balance does not cover the fee"
        case .feeTooLow: "the fee is below the minimum"
        case .malformedPayload: "the payload does not decode as the kind's payload"
        case .insufficientFunds: "the balance does not cover the amount"
        case .amountOverflow: "the amount would overflow"
        case .zeroAmount: "the amount must be positive"
        }
    }

    /// Whether this reason rejects the transaction (envelope) rather than failing it (execution).
    public var rejects: Bool { rawValue < 100 }

    static func read(from reader: inout ByteReader) throws(CodecError) -> FailureReason {
        let offset = reader.offset
        let code = try reader.readVarint(UInt16.self, "failure reason")
        guard let reason = FailureReason(rawValue: code) else {
            throw .unknownTag(what: "failure reason", offset: offset, tag: UInt64(code))
        }
        return reason
    }
}
