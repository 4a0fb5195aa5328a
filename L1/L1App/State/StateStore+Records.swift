import Common

extension StateStore {
    /// The record at `key` decoded as `T`, or `nil` if there is none.
    ///
    /// - Throws: ``ExecutionError/application(_:)`` with ``ApplicationError/storage(_:)`` if the store fails,
    ///   or ``ApplicationError/corruptState(_:)`` if the stored bytes do not decode.
    mutating func record<T: CanonicalDecodable>(_ type: T.Type, at key: StateKey) throws(ExecutionError) -> T? {
        let bytes: [UInt8]?
        do {
            bytes = try get(key)
        } catch {
            throw .application(.storage(error))
        }
        guard let bytes else { return nil }
        do {
            return try T(canonicalBytes: bytes)
        } catch {
            throw .application(.corruptState("record in \(key.namespace) does not decode: \(error)"))
        }
    }

    /// Writes the canonical encoding of `value` at `key`.
    mutating func setRecord(_ value: some CanonicalEncodable, at key: StateKey) throws(ExecutionError) {
        do {
            try set(key, value.canonicalBytes)
        } catch {
            throw .application(.storage(error))
        }
    }
}
