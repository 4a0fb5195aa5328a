/// A key in the provable state: a namespace (`"bank/balance"`) and the key's bytes within it.
///
/// The tree itself is keyed by ``path``, a 256-bit hash, so keys of every namespace spread evenly
/// over the tree and two namespaces can never collide.
public struct StateKey: Hashable, Sendable {
    /// The namespace, e.g. `"bank/balance"`.
    public let namespace: String
    /// The key's bytes within the namespace.
    public let key: [UInt8]
    /// `BLAKE2b-256(varint(len(namespace)) || namespace || key)`: the key's position in the tree.
    public let path: Hash

    /// Creates a key and computes its path.
    public init(namespace: String, key: [UInt8]) {
        self.namespace = namespace
        self.key = key
        var writer = ByteWriter(capacity: namespace.utf8.count + key.count + 2)
        writer.writeString(namespace)
        writer.writeRaw(key)
        self.path = Hash.blake2b(writer.bytes)
    }

    /// Creates a key whose bytes are the UTF-8 of `key`.
    public init(namespace: String, _ key: String) {
        self.init(namespace: namespace, key: Array(key.utf8))
    }
}
