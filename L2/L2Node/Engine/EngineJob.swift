import Common
import Foundation
import L2Runtime

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

/// What the reference engine reads in a service's 2xx answer, beyond hashing it as the evidence: a JSON object
/// may name the resources the execution produced, `{"produced": ["<resource id>", …]}`, which the `delivered`
/// report then carries (the resource's provenance). Any other answer produces nothing.
public enum ServiceAnswer {
    /// The resources `body` names as produced: none unless it is a JSON object with a `produced` member, which
    /// must then be a list of at most 16 distinct resource ids (64 hex digits).
    public static func produced(in body: [UInt8]) throws(ServiceCallError) -> [Hash] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let member = object["produced"]
        else { return [] }
        guard let names = member as? [String] else {
            throw ServiceCallError("the service's \"produced\" is not a list of resource ids")
        }
        guard names.count <= ExecutionReport.maxResources else {
            throw ServiceCallError(
                "the service's \"produced\" names \(names.count) resources, over the cap of \(ExecutionReport.maxResources)"
            )
        }
        var ids: [Hash] = []
        for name in names {
            guard let id = Hash(hex: name) else {
                throw ServiceCallError("the service's \"produced\" names \"\(name.prefix(80))\", not a resource id")
            }
            guard !ids.contains(id) else {
                throw ServiceCallError("the service's \"produced\" names \(id) twice")
            }
            ids.append(id)
        }
        return ids
    }
}
