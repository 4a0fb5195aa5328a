import Common
import Foundation
import HummingbirdWebSocket
import L2Runtime
import Logging
import Synchronization

/// A reference workflow engine: for each execution requested of an engine its key controls, it reports
/// `started`, POSTs an ``EngineJob`` to the order's service, and reports `delivered` with the hash of the
/// service's answer as evidence and the resources the answer says it produced (``ServiceAnswer``), or `failed`
/// when the service cannot be called, fails, or names produced resources the report could not carry.
///
/// Reports are signed with the engine's key and sent one at a time, so nonces follow each other; a refusal
/// for a used nonce re-reads the account's next nonce and retries once.
///
/// ```swift
/// let engine = WorkflowEngine(key: key, chainID: chainID, node: client, service: post)
/// for event in feedEvents { _ = await engine.handle(event) }
/// ```
public actor WorkflowEngine {
    /// What handling one event came to.
    public enum Outcome: Hashable, Sendable {
        /// The event was not an execution requested of an engine this key controls.
        case ignored
        /// The execution was delivered; the evidence is the BLAKE2b-256 of the service's answer.
        case delivered(execution: Hash, evidence: Hash)
        /// The execution was reported failed, for this reason.
        case failed(execution: Hash, reason: String)
        /// A report could not be submitted (the sequencer refused it or was unreachable).
        case reportRefused(execution: Hash, reason: String)
    }

    /// The engine's controller address (its key's).
    public nonisolated let address: Address
    let key: AccountPrivateKey
    let chainID: String
    let fee: Amount
    let node: any EngineNodeClient
    let service: EngineServiceCall
    let logger: Logger
    private var nextNonce: UInt64?
    private nonisolated let received = Mutex<UInt64?>(nil)

    /// The highest block an event was received from (a block's events come together): where to resume the feed
    /// after a reconnection (`from_block`, inclusive; an execution already handled is skipped, as its order is no
    /// longer `requested`).
    public nonisolated var lastReceivedBlock: UInt64? { received.withLock { $0 } }

    /// An engine signing with `key` on `chainID`, paying `fee` per report.
    public init(
        key: AccountPrivateKey, chainID: String, fee: Amount = .zero, node: any EngineNodeClient,
        service: @escaping EngineServiceCall, logger: Logger = Logger(label: "strata.l2.engine")
    ) {
        self.address = key.publicKey.address
        self.key = key
        self.chainID = chainID
        self.fee = fee
        self.node = node
        self.service = service
        self.logger = logger
    }

    /// Handles one feed event: runs the execution if it was requested of an engine this key controls.
    public func handle(_ event: API.EventBody) async -> Outcome {
        guard event.kind == "executionRequested", event.engineController == address.description,
            let text = event.execution, let execution = Hash(hex: text)
        else { return .ignored }
        return await run(execution)
    }

    /// Follows a `/v1/events` websocket until it closes: its events go to a bounded queue (10,000) and are
    /// handled one at a time, so a long execution does not stop the socket from being read. Returns the error
    /// the feed ended with, if it sent one.
    @discardableResult
    public nonisolated func follow(_ inbound: WebSocketInboundStream) async throws -> API.ErrorBody? {
        let (queue, push) = AsyncStream.makeStream(of: API.EventBody.self, bufferingPolicy: .bufferingOldest(10_000))
        let logger = logger
        let ended = LockedValue<API.ErrorBody?>(nil)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in queue {
                    if case .reportRefused(let execution, let reason) = await self.handle(event) {
                        logger.error(
                            "execution not reported", metadata: ["execution": "\(execution)", "reason": "\(reason)"])
                    }
                }
            }
            group.addTask {
                defer { push.finish() }
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message else { continue }
                    let data = Data(text.utf8)
                    if let event = try? JSONDecoder().decode(API.EventBody.self, from: data) {
                        self.received.withLock { $0 = max($0 ?? 0, event.block) }
                        if case .dropped = push.yield(event) { logger.error("engine queue full; event dropped") }
                    } else if let error = try? JSONDecoder().decode(API.ErrorBody.self, from: data) {
                        ended.value = error
                        logger.warning(
                            "the feed ended", metadata: ["code": "\(error.code)", "message": "\(error.message)"])
                    }
                }
            }
            try await group.waitForAll()
        }
        return ended.value
    }

    /// Runs `execution`: started, the service call, then delivered or failed.
    public func run(_ execution: Hash) async -> Outcome {
        let order: API.ExecutionBody
        do {
            guard let found = try await node.execution(execution) else {
                return .reportRefused(execution: execution, reason: "the sequencer does not know the execution")
            }
            order = found
        } catch {
            return .reportRefused(execution: execution, reason: "\(error)")
        }
        guard order.status == "requested" else {
            return .reportRefused(execution: execution, reason: "the execution is already \(order.status)")
        }
        if let refusal = await report(execution, .started) {
            return .reportRefused(execution: execution, reason: refusal)
        }
        logger.info("execution started", metadata: ["execution": "\(execution)"])
        var answer: Result<[UInt8], EngineFailure> = await callService(order)
        var produced: [Hash] = []
        if case .success(let body) = answer {
            switch await producedResources(named: body, of: order) {
            case .success(let ids): produced = ids
            case .failure(let failure): answer = .failure(failure)
            }
        }
        switch answer {
        case .success(let body):
            let evidence = Hash.blake2b(body)
            let consumed = order.resources.compactMap { Hash(hex: $0) }
            if let refusal = await report(
                execution, .delivered, consumed: consumed, produced: produced, evidence: evidence)
            {
                return .reportRefused(execution: execution, reason: refusal)
            }
            logger.info(
                "execution delivered",
                metadata: ["execution": "\(execution)", "evidence": "\(evidence)", "produced": "\(produced.count)"])
            return .delivered(execution: execution, evidence: evidence)
        case .failure(let failure):
            let evidence = Hash.blake2b(Array(failure.description.utf8))
            if let refusal = await report(execution, .failed, evidence: evidence) {
                return .reportRefused(execution: execution, reason: refusal)
            }
            logger.warning(
                "execution failed", metadata: ["execution": "\(execution)", "reason": "\(failure.description)"])
            return .failed(execution: execution, reason: failure.description)
        }
    }

    /// Why a service call failed.
    struct EngineFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// Finds the service to call (the order's first `service` resource, else its first resource with an
    /// http(s) endpoint) and POSTs the job to it.
    private func callService(_ order: API.ExecutionBody) async -> Result<[UInt8], EngineFailure> {
        var resources: [EngineJob.JobResource] = []
        for text in order.resources {
            guard let id = Hash(hex: text) else { continue }
            do {
                guard let resource = try await node.resource(id) else {
                    return .failure(EngineFailure(description: "resource \(text) is unknown"))
                }
                resources.append(.init(id: resource.id, kind: resource.kind, endpoint: resource.endpoint))
            } catch {
                return .failure(EngineFailure(description: "reading resource \(text): \(error)"))
            }
        }
        let callable = resources.filter { Self.isHTTP($0.endpoint) }
        guard let target = callable.first(where: { $0.kind == "service" }) ?? callable.first else {
            return .failure(EngineFailure(description: "no resource of the order has an http(s) endpoint"))
        }
        let job = EngineJob(
            execution: order.id, zone: order.zone, engine: order.engine, consumer: order.consumer,
            resources: resources, paramsHash: order.paramsHash, payment: order.payment.description,
            deadlineMs: order.deadlineMs)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let body = try? encoder.encode(job) else {
            return .failure(EngineFailure(description: "the job does not encode"))
        }
        do {
            return .success(try await service(target.endpoint, Array(body)))
        } catch {
            return .failure(EngineFailure(description: "service \(target.endpoint): \(error)"))
        }
    }

    /// The produced resources an answer names, once each is known to be one the report may name: registered and
    /// controlled by the order's consumer or this engine's controller (else the runtime would fail the report with
    /// 107 or 133, and the order would stay started until its deadline).
    private func producedResources(named body: [UInt8], of order: API.ExecutionBody) async -> Result<
        [Hash], EngineFailure
    > {
        let ids: [Hash]
        do {
            ids = try ServiceAnswer.produced(in: body)
        } catch {
            return .failure(EngineFailure(description: error.description))
        }
        for id in ids {
            do {
                guard let resource = try await node.resource(id) else {
                    return .failure(EngineFailure(description: "the service names produced resource \(id), unknown"))
                }
                guard resource.controller == order.consumer || resource.controller == address.description else {
                    return .failure(
                        EngineFailure(
                            description:
                                "the service names produced resource \(id), controlled by \(resource.controller), "
                                + "neither the consumer nor the engine"))
                }
            } catch {
                return .failure(EngineFailure(description: "reading produced resource \(id): \(error)"))
            }
        }
        return .success(ids)
    }

    static func isHTTP(_ endpoint: String) -> Bool {
        endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://")
    }

    /// Signs and submits a report with the next nonce; returns why it was refused, or `nil` once confirmed.
    private func report(
        _ execution: Hash, _ status: ExecutionStatus, consumed: [Hash] = [], produced: [Hash] = [],
        evidence: Hash = .zero
    ) async -> String? {
        let payload = ReportExecutionPayload(
            execution: execution, status: status, consumed: consumed, produced: produced, evidenceHash: evidence)
        for attempt in 0..<2 {
            do {
                let nonce: UInt64
                if let known = nextNonce {
                    nonce = known
                } else {
                    nonce = try await node.nextNonce(address)
                }
                let transaction = Transaction(
                    chainID: chainID, sender: .key(key.publicKey), nonce: nonce, fee: fee, kind: .reportExecution,
                    payload: payload.canonicalBytes)
                switch try await node.submit(SignedTransaction(signing: transaction, with: key)) {
                case .success(let confirmation):
                    nextNonce = nonce + 1
                    if confirmation.status != "success" {
                        return "the \(status) report failed in execution (reason \(confirmation.reason ?? 0))"
                    }
                    return nil
                case .failure(let error):
                    // A used nonce (another client of the key, a restart): read the next one and try again.
                    nextNonce = nil
                    if error.name == "nonceTooLow", attempt == 0 { continue }
                    return "\(error.name) (\(error.code)): \(error.message)"
                }
            } catch {
                nextNonce = nil
                return "\(error)"
            }
        }
        return "the nonce kept moving"
    }
}
