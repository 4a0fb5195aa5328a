import Common
import Foundation
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWSTesting
import L2Node
import L2Runtime
import NIOCore
import Synchronization
import TestSupport
import Testing

/// ``EngineNodeClient`` over the HTTP routes in process; each submitted report is sealed at once.
struct RouterEngineNode: EngineNodeClient {
    let client: any TestClientProtocol
    let sequencer: Sequencer

    func execution(_ id: Hash) async throws -> API.ExecutionBody? { try await get("/v1/executions/\(id)") }

    func resource(_ id: Hash) async throws -> API.ResourceBody? { try await get("/v1/resources/\(id)") }

    func nextNonce(_ address: Address) async throws -> UInt64 {
        let account: API.AccountBody? = try await get("/v1/accounts/\(address)")
        return account?.nonce ?? 0
    }

    func submit(_ transaction: SignedTransaction) async throws -> Result<API.Confirmation, API.ErrorBody> {
        let body = ByteBuffer(bytes: try JSONEncoder().encode(API.SubmitTransaction(tx: Hex.encode(transaction.bytes))))
        let result = try await client.execute(uri: "/v1/tx", method: .post, body: body) { response in
            let data = Data(response.body.readableBytesView)
            if response.status == .ok {
                return Result<API.Confirmation, API.ErrorBody>.success(
                    try JSONDecoder().decode(API.Confirmation.self, from: data))
            }
            return .failure(try JSONDecoder().decode(API.ErrorBody.self, from: data))
        }
        try await sequencer.sealNow()
        return result
    }

    private func get<T: Decodable>(_ uri: String) async throws -> T? {
        try await client.execute(uri: uri, method: .get) { response in
            response.status == .ok ? try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView)) : nil
        }
    }
}

@Suite("Workflow engine: started, the service call, delivered or failed")
struct WorkflowEngineTests {
    static func requested(_ space: DataSpaceChain, _ execution: Hash, controller: Address) -> API.EventBody {
        API.EventBody(
            FeedEvent(
                blockNumber: 1, blockHash: .zero, blockTimeMillis: 0, transactionIndex: 0, transactionHash: .zero,
                kind: .executionRequested(
                    execution: execution, zone: space.zone, engine: space.engine, deadlineMillis: 0),
                engine: space.engine, engineController: controller))
    }

    func run(
        _ space: DataSpaceChain, event: API.EventBody, service: @escaping EngineServiceCall
    ) async throws -> WorkflowEngine.Outcome {
        let server = SequencerHTTPServer(sequencer: space.sequencer)
        let key = space.key(DataSpaceChain.dave)
        return try await Application(router: server.makeRouter()).test(.router) { client in
            let engine = WorkflowEngine(
                key: key, chainID: TestChain.chainID,
                node: RouterEngineNode(client: client, sequencer: space.sequencer),
                service: service)
            return await engine.handle(event)
        }
    }

    @Test("a requested execution is started, its service called with the job, and delivered with the answer's hash")
    func delivers() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let dave = space.key(DataSpaceChain.dave).publicKey.address
        let calls = Mutex<[(String, EngineJob)]>([])
        let answer = Array(#"{"result": 42}"#.utf8)
        let outcome = try await run(space, event: Self.requested(space, execution, controller: dave)) {
            endpoint, body in
            let job = try JSONDecoder().decode(EngineJob.self, from: Data(body))
            calls.withLock { $0.append((endpoint, job)) }
            return answer
        }
        #expect(outcome == .delivered(execution: execution, evidence: Hash.blake2b(answer)))
        let made = calls.withLock { $0 }
        #expect(made.count == 1 && made.first?.0 == "https://bob.example/data")
        #expect(made.first?.1.execution == execution.description && made.first?.1.resources.count == 1)
        let (_, found) = try await space.sequencer.readCommitted { reader throws(StateError) in
            try reader.execution(execution)
        }
        let (order, reports) = try #require(found)
        #expect(order.status == .delivered)
        #expect(reports.map(\.status) == [.started, .delivered])
        #expect(reports.last?.evidenceHash == Hash.blake2b(answer) && reports.last?.consumed == [space.dataset])
    }

    @Test("a service that fails makes the execution failed; events for other engines are ignored")
    func fails() async throws {
        struct Down: Error {}
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let dave = space.key(DataSpaceChain.dave).publicKey.address
        let outcome = try await run(space, event: Self.requested(space, execution, controller: dave)) { _, _ in
            throw Down()
        }
        guard case .failed(let failed, _) = outcome else {
            Issue.record("expected failed, got \(outcome)")
            return
        }
        #expect(failed == execution)
        let (_, found) = try await space.sequencer.readCommitted { reader throws(StateError) in
            try reader.execution(execution)
        }
        #expect(found?.order.status == .failed)
        let other = AccountPrivateKey().publicKey.address
        let ignored = try await run(space, event: Self.requested(space, execution, controller: other)) { _, _ in [] }
        #expect(ignored == .ignored)
    }

    @Test("a service's answer that names produced resources gives the delivered report its provenance")
    func producesResources() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let output = try await space.registerOutput(7)
        let dave = space.key(DataSpaceChain.dave).publicKey.address
        let answer = Array(#"{"produced": ["\#(output)"], "rows": 12}"#.utf8)
        let outcome = try await run(space, event: Self.requested(space, execution, controller: dave)) { _, _ in
            answer
        }
        #expect(outcome == .delivered(execution: execution, evidence: Hash.blake2b(answer)))
        let (_, found) = try await space.sequencer.readCommitted { reader throws(StateError) in
            try reader.execution(execution)
        }
        #expect(found?.reports.last?.produced == [output])
        let (_, provenance) = try await space.sequencer.readCommitted { reader throws(StateError) in
            try reader.provenance(of: output)
        }
        #expect(provenance.map(\.link.execution) == [execution])
    }

    @Test("an answer naming a resource neither party controls, or an unknown one, fails the execution instead")
    func refusesForeignProducts() async throws {
        var space = try await DataSpaceChain()
        let dave = space.key(DataSpaceChain.dave).publicKey.address
        for (named, reason) in [
            (space.dataset, "neither the consumer nor the engine"), (Hash.blake2b([0xee]), "unknown"),
        ] {
            let execution = try await space.requestExecution()
            let outcome = try await run(space, event: Self.requested(space, execution, controller: dave)) { _, _ in
                Array(#"{"produced": ["\#(named)"]}"#.utf8)
            }
            guard case .failed(_, let why) = outcome else {
                Issue.record("expected failed, got \(outcome)")
                continue
            }
            #expect(why.contains(reason), "\(why)")
            let (_, found) = try await space.sequencer.readCommitted { reader throws(StateError) in
                try reader.execution(execution)
            }
            #expect(found?.order.status == .failed)
        }
    }

    @Test(
        "what an answer names as produced: nothing unless a JSON object's produced member, which must be ids",
        arguments: [
            ("done", 0, nil), (#"{"result": 1}"#, 0, nil), (#"[1, 2]"#, 0, nil), (#"{"produced": []}"#, 0, nil),
            (#"{"produced": "x"}"#, 0, "not a list"), (#"{"produced": ["zz"]}"#, 0, "not a resource id"),
            (#"{"produced": [1]}"#, 0, "not a list"), ("dup", 0, "twice"), ("two", 2, nil), ("many", 0, "over the cap"),
        ] as [(String, Int, String?)])
    func answers(body: String, count: Int, failure: String?) {
        let a = Hash.blake2b([1]).description
        let b = Hash.blake2b([2]).description
        let text =
            switch body {
            case "dup": #"{"produced": ["\#(a)", "\#(a)"]}"#
            case "two": #"{"produced": ["\#(a)", "\#(b)"]}"#
            case "many":
                #"{"produced": [\#((0..<17).map { "\"\(Hash.blake2b([UInt8($0)]))\"" }.joined(separator: ","))]}"#
            default: body
            }
        do {
            let ids = try ServiceAnswer.produced(in: Array(text.utf8))
            #expect(failure == nil && ids.count == count, "\(body): \(ids)")
        } catch {
            #expect(failure.map { error.description.contains($0) } ?? false, "\(body): \(error)")
        }
    }

    @Test("following the live feed, the engine delivers an execution requested after it connected")
    func followsFeed() async throws {
        var space = try await DataSpaceChain()
        let request = space.signed(DataSpaceChain.carol, .requestExecution, space.request())
        let execution = RecordID.derive(RecordID.execution, transaction: request.hash)
        let sequencer = space.sequencer
        let key = space.key(DataSpaceChain.dave)
        let server = SequencerHTTPServer(sequencer: sequencer, configuration: SequencerHTTPConfiguration(port: 0))
        try await server.makeApplication().test(.live) { client in
            let engine = WorkflowEngine(
                key: key, chainID: TestChain.chainID, node: RouterEngineNode(client: client, sequencer: sequencer),
                service: { _, _ in Array("done".utf8) })
            _ = try await client.ws("/v1/events?engine=\(key.publicKey.address)&kinds=executionRequested") {
                inbound, _, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await engine.follow(inbound) }
                    group.addTask {
                        #expect(try await eventually { sequencer.events.subscriberCount > 0 })
                        #expect(await sequencer.process([request.bytes]).first?.success != nil)
                        try await sequencer.sealNow()
                        let delivered = try await Self.delivered(execution, on: sequencer)
                        #expect(delivered, "the execution was delivered")
                    }
                    // The watcher ends first (delivered or given up); then stop following.
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
        let (_, found) = try await sequencer.readCommitted { reader throws(StateError) in
            try reader.execution(execution)
        }
        #expect(found?.reports.map(\.status) == [.started, .delivered])
        #expect(found?.reports.last?.evidenceHash == Hash.blake2b(Array("done".utf8)))
    }

    @Test("reconnecting with from_block, the engine delivers an execution requested while it was away")
    func resumesFromABlock() async throws {
        var space = try await DataSpaceChain()
        let execution = try await space.requestExecution()
        let requested = await space.sequencer.tip.number
        let sequencer = space.sequencer
        let key = space.key(DataSpaceChain.dave)
        let server = SequencerHTTPServer(sequencer: sequencer, configuration: SequencerHTTPConfiguration(port: 0))
        let engine = LockedValue<WorkflowEngine?>(nil)
        try await server.makeApplication().test(.live) { client in
            let follower = WorkflowEngine(
                key: key, chainID: TestChain.chainID, node: RouterEngineNode(client: client, sequencer: sequencer),
                service: { _, _ in Array("done".utf8) })
            engine.value = follower
            let path = "/v1/events?engine=\(key.publicKey.address)&kinds=executionRequested&from_block=\(requested)"
            _ = try await client.ws(path) { inbound, _, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await follower.follow(inbound) }
                    group.addTask {
                        let delivered = try await Self.delivered(execution, on: sequencer)
                        #expect(delivered, "the execution requested before the connection was delivered")
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
        #expect(engine.value?.lastReceivedBlock == requested)
    }

    /// Whether `execution` reaches `delivered` on `sequencer`'s committed state within a few seconds.
    static func delivered(_ execution: Hash, on sequencer: Sequencer) async throws -> Bool {
        try await eventually(every: .milliseconds(10)) {
            let (_, status) = try await sequencer.readCommitted { reader throws(StateError) in
                try reader.execution(execution)?.order.status
            }
            return status == .delivered
        }
    }
}
