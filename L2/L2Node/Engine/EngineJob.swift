import Common

/// The JSON a workflow engine POSTs to a service to run an execution (docs/l2-api.md).
public struct EngineJob: Codable, Hashable, Sendable {
    /// One resource of the order.
    public struct JobResource: Codable, Hashable, Sendable {
        /// The resource id.
        public var id: String
        /// Its kind.
        public var kind: String
        /// Its endpoint URI.
        public var endpoint: String
    }

    /// The execution id.
    public var execution: String
    /// The zone it runs in.
    public var zone: String
    /// The engine (a resource id).
    public var engine: String
    /// Who asked for it.
    public var consumer: String
    /// The resources granted for it, in order.
    public var resources: [JobResource]
    /// The hash of the consumer's parameters.
    public var paramsHash: String
    /// The escrowed payment.
    public var payment: String
    /// The deadline (block time, ms).
    public var deadlineMs: UInt64

    enum CodingKeys: String, CodingKey {
        case execution, zone, engine, consumer, resources, payment
        case paramsHash = "params_hash"
        case deadlineMs = "deadline_ms"
    }
}
