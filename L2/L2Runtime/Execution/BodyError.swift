import Common

/// How a transaction body stops early: it fails with a reason (its staged writes are dropped, its fee is kept),
/// or the store fails (the whole block fails: a witness missing a key, a database error).
enum BodyError: Error {
    /// The transaction fails with this reason.
    case failed(FailureReason)
    /// The state store failed.
    case store(StateError)
}

/// What a transaction body knows about its call: the sender, the transaction's hash (for ids), the block, and
/// the rules fuel the transaction has left.
struct Call {
    /// The sender's address.
    var sender: Address
    /// The transaction's hash.
    var transactionHash: Hash
    /// The block.
    var block: BlockContext
    /// The fuel left to the transaction's rules evaluations, which all spend from it.
    var fuel: RuleFuelBudget

    /// The block time in milliseconds.
    var now: UInt64 { block.timestampMillis }

    /// The id of the record with `tag` this call creates.
    func newID(_ tag: String) -> Hash {
        RecordID.derive(tag, transaction: transactionHash)
    }
}

/// Runs `body`, turning a store error into ``BodyError/store(_:)``.
@inline(__always)
func lift<T>(_ body: () throws(StateError) -> T) throws(BodyError) -> T {
    do {
        return try body()
    } catch {
        throw .store(error)
    }
}

/// Decodes a payload, or fails with ``FailureReason/malformedPayload``.
func decodePayload<P: CanonicalDecodable>(_ type: P.Type, _ bytes: [UInt8]) throws(BodyError) -> P {
    do {
        return try P(canonicalBytes: bytes)
    } catch {
        throw .failed(.malformedPayload)
    }
}

/// Whether `list` has two equal elements (lists are short: at most a few dozen).
func hasDuplicates(_ list: [Hash]) -> Bool {
    for (position, element) in list.enumerated() where list[(position + 1)...].contains(element) {
        return true
    }
    return false
}

extension StagedState {
    /// The record at `key`, or `nil`.
    mutating func load<T: CanonicalDecodable>(_ type: T.Type, _ key: StateKey) throws(BodyError) -> T? {
        try lift { () throws(StateError) in try record(type, at: key) }
    }

    /// Writes `value` at `key`.
    mutating func store(_ value: some CanonicalEncodable, _ key: StateKey) throws(BodyError) {
        try lift { () throws(StateError) in try setRecord(value, at: key) }
    }

    /// Whether a value is stored at `key`.
    mutating func exists(_ key: StateKey) throws(BodyError) -> Bool {
        try lift { () throws(StateError) in try get(key) } != nil
    }

    /// Deletes the value at `key`.
    mutating func remove(_ key: StateKey) throws(BodyError) {
        try lift { () throws(StateError) in try delete(key) }
    }
}
