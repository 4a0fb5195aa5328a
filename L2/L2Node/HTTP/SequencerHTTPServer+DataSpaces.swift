import Common
import Foundation
import Hummingbird
import L2Runtime

/// Data-space queries: zones, resources, executions with their reports, provenance, and access grants with
/// state proofs. Each reads the state committed by a sealed block (`?block=n`, the latest by default), so
/// every answer names the block and state root it was read at.
extension SequencerHTTPServer {
    /// The most provenance steps one request may ask for (`?max_steps=`), and the default.
    static let maxProvenanceSteps = 256
    static let defaultProvenanceSteps = 64

    func zone(_ request: Request, _ parameter: String?) async -> Response {
        await committedQuery(request, id: parameter, what: "zone") {
            id, reader throws(StateError) -> (Zone, Amount)? in
            guard let zone = try reader.zone(id) else { return nil }
            return (zone, try reader.zonePool(id))
        } answer: { at, found in
            API.ZoneBody(found.0, pool: found.1, at: at)
        }
    }

    func resource(_ request: Request, _ parameter: String?) async -> Response {
        await committedQuery(request, id: parameter, what: "resource") {
            id, reader throws(StateError) -> Resource? in
            try reader.resource(id)
        } answer: { at, resource in
            API.ResourceBody(resource, at: at)
        }
    }

    func program(_ request: Request, _ parameter: String?) async -> Response {
        await committedQuery(request, id: parameter, what: "program") {
            id, reader throws(StateError) -> [UInt8]? in
            try reader.program(id)
        } answer: { at, source in
            API.ProgramBody(id: Hash.blake2b(source), source: source, at: at)
        }
    }

    func credential(_ request: Request, _ parameter: String?) async -> Response {
        await committedQuery(request, id: parameter, what: "credential") {
            id, reader throws(StateError) -> (Credential, held: Bool)? in
            guard let credential = try reader.credential(id) else { return nil }
            return (credential, try reader.heldCredentials(credential.subject).contains(id))
        } answer: { at, found in
            API.CredentialBody(found.0, held: found.held, at: at)
        }
    }

    func execution(_ request: Request, _ parameter: String?) async -> Response {
        await committedQuery(request, id: parameter, what: "execution") {
            id, reader throws(StateError) -> (order: ExecutionOrder, reports: [ExecutionReport])? in
            try reader.execution(id)
        } answer: { at, found in
            API.ExecutionBody(found.order, reports: found.reports, at: at)
        }
    }

    func provenance(_ request: Request, _ parameter: String?) async -> Response {
        var steps = Self.defaultProvenanceSteps
        if let text = request.uri.queryParameters.get("max_steps") {
            guard let value = Int(text), (1...Self.maxProvenanceSteps).contains(value) else {
                return Self.error(.badParameter("max_steps must be a number from 1 to \(Self.maxProvenanceSteps)"))
            }
            steps = value
        }
        let bound = steps
        return await committedQuery(request, id: parameter, what: "resource") {
            id, reader throws(StateError) -> [ProvenanceStep]? in
            guard try reader.resource(id) != nil else { return nil }
            // One step more than asked tells whether the walk was cut short.
            return try reader.provenance(of: id, maxSteps: bound + 1)
        } answer: { at, found in
            API.ProvenanceBody(
                resource: parameter ?? "", steps: found.prefix(bound).map(API.ProvenanceStepBody.init),
                truncated: found.count > bound, at: at)
        }
    }

    func grant(_ request: Request, execution: String?, resource: String?) async -> Response {
        guard let execution, let executionID = Hash(hex: execution) else {
            return Self.error(.badParameter("the execution id must be 64 hex digits"))
        }
        guard let resource, let resourceID = Hash(hex: resource) else {
            return Self.error(.badParameter("the resource id must be 64 hex digits"))
        }
        let block: UInt64?
        switch Self.blockParameter(request) {
        case .failure(let error): return Self.error(error)
        case .success(let number): block = number
        }
        do throws(IngestError) {
            let (at, found) = try await sequencer.readCommitted(block: block) {
                reader throws(StateError) -> (ProvableRecord<AccessGrant>, StateProof)? in
                guard let order = try reader.execution(executionID)?.order else { return nil }
                let grant = try reader.accessGrant(engine: order.engine, resource: resourceID, execution: executionID)
                return (grant, try reader.store.proof(for: grant.key))
            }
            guard let found else {
                return Self.error(.notFound("no execution \(execution) at block \(at.number)"))
            }
            let (grant, proof) = found
            return Self.json(
                200,
                API.GrantBody(
                    grant: grant.value.map(API.GrantFields.init), key: grant.key.path.description,
                    value: grant.value.map { Hex.encode($0.canonicalBytes) }, proof: Hex.encode(proof.canonicalBytes),
                    at: sealedAt(at)))
        } catch {
            return Self.error(error)
        }
    }

    /// The block read, attested with the sequencer's key.
    private func sealedAt(_ statement: BlockAttestation) -> API.SealedAt {
        API.SealedAt(statement, signature: sequencer.attest(statement), sequencer: sequencer.sequencerKey)
    }

    /// Parses `id` and `?block=`, reads with `read` at that block, and answers 200 with `answer`, 404 when
    /// `read` finds nothing, 400 for a bad id or block.
    private func committedQuery<Found: Sendable, Body: Encodable>(
        _ request: Request, id parameter: String?, what: String,
        read: @escaping @Sendable (Hash, inout StateReader<CommittedState>) throws(StateError) -> Found?,
        answer: (API.SealedAt, Found) -> Body
    ) async -> Response {
        guard let parameter, let id = Hash(hex: parameter) else {
            return Self.error(.badParameter("the \(what) id must be 64 hex digits"))
        }
        let block: UInt64?
        switch Self.blockParameter(request) {
        case .failure(let error): return Self.error(error)
        case .success(let number): block = number
        }
        do throws(IngestError) {
            let (at, found) = try await sequencer.readCommitted(block: block) { reader throws(StateError) in
                try read(id, &reader)
            }
            guard let found else {
                return Self.error(.notFound("no \(what) \(id) at block \(at.number)"))
            }
            return Self.json(200, answer(sealedAt(at), found))
        } catch {
            return Self.error(error)
        }
    }

    /// `?block=n`, or `nil` for the latest sealed block.
    static func blockParameter(_ request: Request) -> Result<UInt64?, IngestError> {
        guard let text = request.uri.queryParameters.get("block") else { return .success(nil) }
        guard let number = UInt64(text) else { return .failure(.badParameter("block must be a decimal number")) }
        return .success(number)
    }
}
