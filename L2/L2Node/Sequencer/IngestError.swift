import L2Runtime

/// Why the sequencer did not take a transaction (or a request): a stable numeric code, a name, a message that
/// says what to do, and the HTTP status it is sent with. Codes 1-99 are the runtime's envelope
/// ``L2Runtime/FailureReason`` codes; codes from 200 on are the sequencer's own.
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stable code.
    public var code: Int
    /// The code's name, e.g. `nonceTooLow`.
    public var name: String
    /// What was wrong, for people.
    public var message: String
    /// The HTTP status (4xx for the client's mistakes, 503 when the sequencer cannot take anything).
    public var httpStatus: Int

    /// Creates an error.
    public init(code: Int, name: String, message: String, httpStatus: Int) {
        self.code = code
        self.name = name
        self.message = message
        self.httpStatus = httpStatus
    }

    /// `name (code): message`.
    public var description: String { "\(name) (\(code)): \(message)" }

    /// The runtime rejected the transaction for `reason` (an envelope failure).
    public static func rejected(_ reason: FailureReason, detail: String? = nil) -> IngestError {
        let status =
            switch reason {
            case .nonceTooLow: 409
            case .badSignature, .wrongChain: 400
            default: 422
            }
        let message = detail.map { "\(reason.message): \($0)" } ?? reason.message
        return IngestError(
            code: Int(reason.rawValue), name: String(describing: reason), message: message, httpStatus: status)
    }

    /// The bytes are not a canonical signed transaction.
    public static func malformedTransaction(_ detail: String) -> IngestError {
        IngestError(
            code: 200, name: "malformedTransaction", message: "the transaction does not decode: \(detail)",
            httpStatus: 400)
    }

    /// The request is not what the endpoint takes.
    public static func malformedRequest(_ detail: String) -> IngestError {
        IngestError(code: 201, name: "malformedRequest", message: detail, httpStatus: 400)
    }

    /// The body is over the cap.
    public static func bodyTooLarge(cap: Int) -> IngestError {
        IngestError(
            code: 202, name: "bodyTooLarge", message: "the request body is larger than \(cap) bytes; split it",
            httpStatus: 413)
    }

    /// The batch has too many transactions.
    public static func batchTooLarge(count: Int, cap: Int) -> IngestError {
        IngestError(
            code: 203, name: "batchTooLarge",
            message: "the batch has \(count) transactions, more than \(cap); split it", httpStatus: 413)
    }

    /// The mempool cannot hold the transaction while it waits for its nonce.
    public static func mempoolFull(_ detail: String) -> IngestError {
        IngestError(
            code: 204, name: "mempoolFull", message: "\(detail); send the missing nonces first or retry later",
            httpStatus: 429)
    }

    /// A transaction with the same sender and nonce is already waiting.
    public static func duplicate(nonce: UInt64) -> IngestError {
        IngestError(
            code: 205, name: "duplicateNonce", message: "a transaction with nonce \(nonce) from this sender is waiting",
            httpStatus: 409)
    }

    /// The transaction waited for its nonce gap to fill longer than the mempool keeps transactions.
    public static func expired(afterMillis: UInt64) -> IngestError {
        IngestError(
            code: 206, name: "expired",
            message: "the nonce gap before this transaction did not fill within \(afterMillis) ms", httpStatus: 408)
    }

    /// The sequencer stopped (a disk or state failure) and takes nothing.
    public static func unavailable(_ detail: String) -> IngestError {
        IngestError(code: 207, name: "unavailable", message: "the sequencer is stopped: \(detail)", httpStatus: 503)
    }

    /// Nothing is at the requested place.
    public static func notFound(_ detail: String) -> IngestError {
        IngestError(code: 208, name: "notFound", message: detail, httpStatus: 404)
    }

    /// The transaction is over ``L2Runtime/TransactionLimits/maxBytes``.
    public static func transactionTooLarge(bytes: Int) -> IngestError {
        IngestError(
            code: 209, name: "transactionTooLarge",
            message: "the transaction has \(bytes) bytes, more than \(TransactionLimits.maxBytes)", httpStatus: 413)
    }

    /// A path or query parameter is not what the endpoint takes (an id that is not 64 hex digits, an unknown
    /// event kind).
    public static func badParameter(_ detail: String) -> IngestError {
        IngestError(code: 210, name: "badParameter", message: detail, httpStatus: 400)
    }

    /// The event feed cut the subscriber off (it fell behind, too many subscribers, or the sequencer stopped).
    public static func streamEnded(_ detail: String) -> IngestError {
        IngestError(code: 211, name: "streamEnded", message: detail, httpStatus: 503)
    }
}
