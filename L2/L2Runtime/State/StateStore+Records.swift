import Common

extension StateStore {
    /// The record at `key` decoded as `T`, or `nil` if there is none.
    ///
    /// - Throws: the store's error, or ``Common/StateError/corruptStore(_:)`` if the stored bytes do not
    ///   decode (the runtime wrote them, so this is a broken store, never a user's mistake).
    mutating func record<T: CanonicalDecodable>(_ type: T.Type, at key: StateKey) throws(StateError) -> T? {
        guard let bytes = try get(key) else { return nil }
        do {
            return try T(canonicalBytes: bytes)
        } catch {
            throw .corruptStore("record in \(key.namespace) does not decode: \(error)")
        }
    }

    /// The address of the account with `index`, or `nil` if no account has it.
    ///
    /// - Throws: the store's error, or ``Common/StateError/corruptStore(_:)`` if the index holds something
    ///   other than an address.
    mutating func address(ofIndex index: AccountIndex) throws(StateError) -> Address? {
        guard let bytes = try get(StateKeys.accountIndex(index)) else { return nil }
        guard let address = try? Address(bytes: bytes) else {
            throw .corruptStore("account index \(index) holds \(bytes.count) bytes, not an address")
        }
        return address
    }

    /// Writes the canonical encoding of `value` at `key`.
    mutating func setRecord(_ value: some CanonicalEncodable, at key: StateKey) throws(StateError) {
        try set(key, value.canonicalBytes)
    }
}
