import Common

/// One action of a transaction. A transaction carries one or more; they run in order, and if one fails
/// none of their effects remain.
///
/// Encoded as `varint(tag) || fields`; tags are stable and never reused (docs/l1-transactions.md).
/// Modules add cases with new tags.
public enum Message: Hashable, Sendable {
    /// Moves `amount` from the signer's account to `to` (tag 1). The amount must not be zero.
    case send(to: Address, amount: Amount)

    /// The tag of ``send(to:amount:)``.
    static let sendTag: UInt64 = 1

    /// The message kind's name, for events and logs.
    public var kind: String {
        switch self {
        case .send: "send"
        }
    }

    /// Checks what needs no state (Cosmos' `ValidateBasic`); a message failing this makes its transaction
    /// invalid, never included in a block. Returns why, or `nil` if the message is well-formed.
    func statelessProblem() -> String? {
        switch self {
        case .send(_, let amount):
            amount.isZero ? "send amount must be positive" : nil
        }
    }
}

extension Message: CanonicalCodable {
    /// `varint(tag)` then the fields; `send`: `01 || to (20 bytes) || varint(amount)`.
    public func encode(to writer: inout ByteWriter) {
        switch self {
        case .send(let to, let amount):
            writer.writeVarint(Self.sendTag)
            writer.write(to)
            writer.write(amount)
        }
    }

    /// Reads a tag and its fields; rejects an unknown tag.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let at = reader.offset
        let tag = try reader.readVarint(UInt64.self, "message tag")
        switch tag {
        case Self.sendTag:
            let to = try reader.read(Address.self)
            let amount = try reader.read(Amount.self)
            self = .send(to: to, amount: amount)
        default:
            throw .unknownTag(what: "message", offset: at, tag: tag)
        }
    }
}
