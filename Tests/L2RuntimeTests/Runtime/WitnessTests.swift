import Common
import Foundation
import Testing

@testable import L2Runtime

@Suite("Fraud-proof readiness: witness re-execution and determinism")
struct WitnessTests {
    typealias Keys = TestChain

    /// A block of every kind on `space`'s state: requests, reports, cancels, registry changes, funds, with
    /// successes, failures and a rejection.
    static func mixedBlock(_ space: DataSpace, open: Hash) throws -> [SignedTransaction] {
        let chain = space.chain
        var transactions: [SignedTransaction] = []
        var nonces: [(Address, UInt64)] = []
        func next(_ key: AccountPrivateKey) throws -> UInt64 {
            if let index = nonces.firstIndex(where: { $0.0 == key.address }) {
                nonces[index].1 += 1
                return nonces[index].1
            }
            let nonce = try chain.nonce(of: key)
            nonces.append((key.address, nonce))
            return nonce
        }
        func add(_ key: AccountPrivateKey, _ kind: TransactionKind, _ payload: some CanonicalEncodable) throws {
            transactions.append(try chain.transaction(key, kind, payload, nonce: next(key)))
        }
        let newcomer = TestChain.key(0x42).address
        try add(Keys.alice, .transfer, TransferPayload(recipient: newcomer, amount: 3))
        try add(Keys.bob, .withdraw, WithdrawPayload(recipient: Keys.bob.address, amount: 4))
        try add(Keys.carol, .storeProgram, StoreProgramPayload(source: "permit(read).\n"))
        try add(Keys.carol, .storeProgram, StoreProgramPayload(source: "permit(\n"))
        try add(Keys.carol, .requestExecution, space.request(payment: 150))
        try add(Keys.mallory, .requestExecution, space.request(payment: 10))
        try add(
            Keys.dave, .reportExecution, ReportExecutionPayload(execution: open, status: .started, evidenceHash: .zero))
        try add(
            Keys.dave, .reportExecution,
            ReportExecutionPayload(execution: open, status: .delivered, consumed: [space.dataset], evidenceHash: .zero))
        try add(Keys.alice, .claimZonePool, ClaimZonePoolPayload(zone: space.zone, amount: 1))
        try add(Keys.bob, .claimZonePool, ClaimZonePoolPayload(zone: space.zone, amount: 1))
        try add(Keys.carol, .joinZone, JoinZonePayload(zone: space.zone))
        try add(Keys.carol, .leaveZone, LeaveZonePayload(zone: space.zone))
        try add(
            Keys.alice, .issueCredential,
            IssueCredentialPayload(
                subject: Keys.carol.address, type: "t", claimHash: .zero, validFromMillis: 0, validUntilMillis: .max))
        let issued = RecordID.derive(RecordID.credential, transaction: try #require(transactions.last).hash)
        try add(Keys.carol, .acceptCredential, CredentialPayload(credential: issued))
        try add(Keys.carol, .dismissCredential, CredentialPayload(credential: issued))
        try add(Keys.carol, .acceptCredential, CredentialPayload(credential: issued))
        try add(Keys.mallory, .cancelExecution, CancelExecutionPayload(execution: open))
        try add(Keys.bob, .dereferenceResource, DereferenceResourcePayload(resource: space.dataset))
        try add(
            Keys.alice, .foundZone,
            FoundZonePayload(
                rules: Hash.blake2b(Array(DataSpace.openRules.utf8)), visibility: .public,
                pricing: ZonePricing(taxBasisPoints: 1, minimumPayment: 0, joinFee: 0)))
        try add(
            Keys.bob, .updateResource,
            UpdateResourcePayload(
                resource: space.engine, endpoint: "x", metadataHash: .zero, consent: .zero, price: 0))
        // A replayed nonce: rejected, and still in the block a verifier re-executes.
        transactions.append(
            try chain.transaction(Keys.alice, .transfer, TransferPayload(recipient: newcomer, amount: 1), nonce: 0))
        return transactions
    }

    @Test("a block of mixed kinds re-executes on its witness alone to the same header, receipts and events")
    func witnessReexecution() throws {
        let directory = FileManager.default.temporaryDirectory
            .appending(path: "l2-witness-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tree = try StateTree(path: directory.appending(path: "state.sqlite").path, options: .init(durable: false))
        var space = try DataSpace(tree: tree)
        let (open, _) = try space.requestExecution()
        let transactions = try Self.mixedBlock(space, open: open)
        let preRoot = try tree.rootHash()

        let context = BlockContext(number: 99, parentHash: Hash.blake2b([1]), timestampMillis: space.chain.time + 1000)
        var recording = try RecordingStore(fresh: StateOverlay(tree: tree))
        let executed = try space.chain.runtime.execute(context, transactions: transactions, state: &recording)
        let statuses = executed.receipts.map(\.status)
        #expect(statuses.contains(.success) && statuses.contains(failed(.invalidProgram)))
        #expect(statuses.contains(failed(.paymentBelowPrice)) && statuses.contains(.rejected(.nonceTooLow)))
        #expect(executed.events.count > 10)

        let witness = try StateWitness(canonicalBytes: recording.witness().canonicalBytes)
        var store = try WitnessStore(witness: witness, root: preRoot)
        // A fresh runtime: nothing cached from the first execution.
        let verifier = Runtime(config: space.chain.runtime.config)
        let replayed = try verifier.execute(context, transactions: transactions, state: &store)
        #expect(replayed == executed)
        #expect(store.root() == executed.header.stateRoot)
    }

    @Test("the same transactions on the same state in fresh stores give the same execution")
    func determinism() throws {
        let first = try DataSpace()
        let second = try DataSpace()
        #expect(try first.chain.root() == second.chain.root())
        let transactions = try Self.mixedBlock(first, open: Hash.blake2b([8]))
        let context = BlockContext(number: 7, parentHash: .zero, timestampMillis: first.chain.time + 500)
        var a = first.chain.state
        var b = second.chain.state
        let one = try first.chain.runtime.execute(context, transactions: transactions, state: &a)
        let two = try Runtime(config: first.chain.runtime.config).execute(
            context, transactions: transactions, state: &b)
        #expect(one == two)
        #expect(try a.root() == b.root())
    }
}
