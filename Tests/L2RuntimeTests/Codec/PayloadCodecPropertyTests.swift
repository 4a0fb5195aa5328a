import Common
import PropertyBased
import Testing

@testable import L2Runtime

@Suite("Payload and record codecs")
struct PayloadCodecPropertyTests {
    static let hashes = Gen<UInt8>.value().array(of: 32).map { Hash(bytes: $0) ?? .zero }
    static let addresses = Gen<UInt8>.value().array(of: 20).map { (try? Address(bytes: $0)) ?? TestChain.alice.address }

    /// Checks decode(encode(x)) == x, that every strict prefix fails and that a trailing byte is refused.
    static func roundTrip<T: CanonicalCodable & Equatable>(_ value: T) {
        let bytes = value.canonicalBytes
        #expect((try? T(canonicalBytes: bytes)) == value)
        for cut in 0..<bytes.count {
            #expect((try? T(canonicalBytes: Array(bytes[..<cut]))) == nil)
        }
        #expect((try? T(canonicalBytes: bytes + [0])) == nil)
    }

    @Test("every payload round-trips and rejects truncation and trailing bytes")
    func payloads() async {
        await propertyCheck(
            count: 150,
            input: Self.hashes.array(of: 0...4), Self.addresses, Gen<UInt64>.value(), Gen<Int>.int(in: 0...5)
        ) { hashes, address, number, choice in
            let h = hashes + [Hash.zero, Hash.zero, Hash.zero]
            let amount = Amount(UInt128(number) << UInt128(choice * 13))
            let text = "uri-\(number % 997)-é"
            Self.roundTrip(TransferPayload(recipient: address, amount: amount))
            Self.roundTrip(WithdrawPayload(recipient: address, amount: amount))
            Self.roundTrip(StoreProgramPayload(source: text))
            let pricing = ZonePricing(
                taxBasisPoints: UInt16(truncatingIfNeeded: number), minimumPayment: amount,
                joinFee: Amount(UInt128(number)))
            Self.roundTrip(
                FoundZonePayload(
                    rules: h[0], visibility: choice.isMultiple(of: 2) ? .public : .private, pricing: pricing))
            Self.roundTrip(ReviseZoneRulesPayload(zone: h[0], rules: h[1]))
            let kind = ResourceKind(rawValue: UInt8(choice)) ?? .dataset
            Self.roundTrip(
                RegisterResourcePayload(kind: kind, endpoint: text, metadataHash: h[1], consent: h[2], price: amount))
            Self.roundTrip(
                UpdateResourcePayload(resource: h[0], endpoint: text, metadataHash: h[1], consent: h[2], price: amount))
            Self.roundTrip(DereferenceResourcePayload(resource: h[0]))
            Self.roundTrip(JoinZonePayload(zone: h[0], resource: choice > 2 ? h[1] : nil))
            Self.roundTrip(LeaveZonePayload(zone: h[0], resource: choice > 2 ? h[1] : nil))
            Self.roundTrip(
                IssueCredentialPayload(
                    subject: address, type: text, claimHash: h[0], validFromMillis: number,
                    validUntilMillis: number / 2))
            Self.roundTrip(CredentialPayload(credential: h[0]))
            Self.roundTrip(
                RequestExecutionPayload(
                    zone: h[0], engine: h[1], resources: hashes, paramsHash: h[2], payment: amount,
                    deadlineMillis: number))
            let status = ExecutionStatus(rawValue: UInt8(choice % 5)) ?? .started
            Self.roundTrip(
                ReportExecutionPayload(
                    execution: h[0], status: status, consumed: hashes, produced: hashes.reversed(), evidenceHash: h[1]))
            Self.roundTrip(CancelExecutionPayload(execution: h[0]))
        }
    }

    @Test("every state record round-trips")
    func records() async {
        await propertyCheck(
            count: 100, input: Self.hashes.array(of: 0...3), Self.addresses, Gen<UInt64>.value()
        ) { hashes, address, number in
            let h = hashes + [Hash.zero, Hash.zero]
            let amount = Amount(UInt128(number) * 3)
            Self.roundTrip(
                Zone(
                    id: h[0], founder: address, rules: h[1], visibility: .private,
                    pricing: ZonePricing(taxBasisPoints: 10, minimumPayment: amount, joinFee: 1), revision: number))
            Self.roundTrip(
                Resource(
                    id: h[0], controller: address, kind: .identity, endpoint: "e", metadataHash: h[1], consent: h[0],
                    price: amount, dereferenced: number.isMultiple(of: 2)))
            Self.roundTrip(Membership(joinedAtMillis: number))
            Self.roundTrip(ZoneMember.account(address))
            Self.roundTrip(ZoneMember.resource(h[0]))
            Self.roundTrip(
                Credential(
                    id: h[0], issuer: address, subject: address, type: "t", claimHash: h[1], validFromMillis: 1,
                    validUntilMillis: number, revoked: true))
            Self.roundTrip(HeldCredentials(ids: hashes))
            Self.roundTrip(
                ExecutionOrder(
                    id: h[0], consumer: address, zone: h[1], engine: h[0], resources: hashes,
                    prices: hashes.map { _ in amount }, paramsHash: h[1], payment: amount, deadlineMillis: number,
                    requestedAtMillis: 4, status: .started, reportCount: 2))
            Self.roundTrip(
                ExecutionReport(
                    status: .delivered, consumed: hashes, produced: [h[0]], evidenceHash: h[1], reportedAtMillis: number
                ))
            Self.roundTrip(
                AccessGrant(engine: h[0], resource: h[1], execution: h[0], zone: h[1], expiresAtMillis: number))
            Self.roundTrip(
                Withdrawal(sequence: number, owner: address, recipient: address, amount: amount, blockNumber: 3))
            let link = ProvenanceLink(
                execution: h[0], engine: h[1], zone: h[0], consumed: hashes, evidenceHash: h[1],
                deliveredAtMillis: number)
            Self.roundTrip(Provenance(links: [link, link]))
        }
    }

    @Test("random bytes never crash a payload decoder")
    func randomBytes() async {
        await propertyCheck(count: 3000, input: Gen<UInt8>.value().array(of: 0...160)) { bytes in
            _ = try? TransferPayload(canonicalBytes: bytes)
            _ = try? WithdrawPayload(canonicalBytes: bytes)
            _ = try? StoreProgramPayload(canonicalBytes: bytes)
            _ = try? FoundZonePayload(canonicalBytes: bytes)
            _ = try? ReviseZoneRulesPayload(canonicalBytes: bytes)
            _ = try? RegisterResourcePayload(canonicalBytes: bytes)
            _ = try? UpdateResourcePayload(canonicalBytes: bytes)
            _ = try? JoinZonePayload(canonicalBytes: bytes)
            _ = try? LeaveZonePayload(canonicalBytes: bytes)
            _ = try? IssueCredentialPayload(canonicalBytes: bytes)
            _ = try? CredentialPayload(canonicalBytes: bytes)
            _ = try? ClaimZonePoolPayload(canonicalBytes: bytes)
            _ = try? DereferenceResourcePayload(canonicalBytes: bytes)
            _ = try? RequestExecutionPayload(canonicalBytes: bytes)
            _ = try? ReportExecutionPayload(canonicalBytes: bytes)
            _ = try? CancelExecutionPayload(canonicalBytes: bytes)
            _ = try? SignedTransaction(bytes: bytes)
        }
    }

    @Test("random payloads of every kind fail their transaction cleanly, never trap")
    func randomPayloadsExecute() async throws {
        let chain = try TestChain()
        await propertyCheck(
            count: 200, input: Gen<UInt8>.value().array(of: 0...100),
            Gen<Int>.int(in: 1...TransactionKind.allCases.count)
        ) { bytes, kind in
            var state = chain.state
            let transaction = try? chain.transaction(
                TestChain.alice, TransactionKind(rawValue: UInt8(kind)) ?? .transfer, RawPayload(bytes: bytes))
            guard let transaction else { return }
            let context = BlockContext(number: 1, parentHash: .zero, timestampMillis: TestChain.genesisTime)
            let execution = try? chain.runtime.execute(context, transactions: [transaction], state: &state)
            #expect(execution?.receipts.first?.feePaid == 10)
        }
    }
}
