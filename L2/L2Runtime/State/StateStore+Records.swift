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

    /// Writes the canonical encoding of `value` at `key`.
    mutating func setRecord(_ value: some CanonicalEncodable, at key: StateKey) throws(StateError) {
        try set(key, value.canonicalBytes)
    }
}
