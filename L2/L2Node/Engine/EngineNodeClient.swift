import Common
import L2Runtime

/// What a workflow engine needs from the sequencer: `l2d engine` implements it over HTTP, tests in process.
public protocol EngineNodeClient: Sendable {
    /// `GET /v1/executions/{id}`, or `nil` when there is no such execution.
    func execution(_ id: Hash) async throws -> API.ExecutionBody?
    /// `GET /v1/resources/{id}`, or `nil` when there is no such resource.
    func resource(_ id: Hash) async throws -> API.ResourceBody?
    /// The next nonce of `address` (`GET /v1/accounts/{address}`; 0 for an unknown account).
    func nextNonce(_ address: Address) async throws -> UInt64
    /// `POST /v1/tx`: the confirmation, or the sequencer's refusal.
    func submit(_ transaction: SignedTransaction) async throws -> Result<API.Confirmation, API.ErrorBody>
}

/// Calls a resource's service: a POST of `body` (JSON) to `endpoint`, returning the response body, or throwing
/// when the service cannot be reached or answers with an error status.
public typealias EngineServiceCall = @Sendable (_ endpoint: String, _ body: [UInt8]) async throws -> [UInt8]

/// A sequencer's refusal, as an engine's clients return it.
extension API.ErrorBody: Error {}
