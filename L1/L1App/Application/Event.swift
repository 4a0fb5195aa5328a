/// Something that happened while executing a block or a transaction, reported to clients (RPC
/// subscriptions, `tx_search`). Events are outputs only: they are not part of the app hash.
public struct Event: Hashable, Sendable, Codable {
    /// What happened, e.g. `transfer`, `fee`, `misbehavior`.
    public var type: String
    /// The event's key/value pairs, in the order the application emitted them.
    public var attributes: [EventAttribute]

    /// Creates an event.
    public init(type: String, attributes: [EventAttribute]) {
        self.type = type
        self.attributes = attributes
    }

    /// The value of the first attribute named `key`, or `nil`.
    public subscript(key: String) -> String? {
        attributes.first { $0.key == key }?.value
    }
}

/// One key/value pair of an ``Event``.
public struct EventAttribute: Hashable, Sendable, Codable {
    /// The attribute's name, e.g. `sender`.
    public var key: String
    /// The attribute's value, as text (amounts carry their denomination, e.g. `250ustrata`).
    public var value: String
    /// Whether the node should index the attribute for searches.
    public var index: Bool

    /// Creates an attribute, indexed unless told otherwise.
    public init(key: String, value: String, index: Bool = true) {
        self.key = key
        self.value = value
        self.index = index
    }
}
