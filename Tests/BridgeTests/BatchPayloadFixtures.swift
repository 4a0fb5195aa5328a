import Common
import L2Runtime

/// Random payloads of every kind for the batch suites, canonical for their kind, with ids drawn from small
/// pools so that the batch's id tables see repeats, first uses and lists.
extension BatchFixtures {
    /// The canonical payload bytes of a random, well-formed payload of `kind`.
    static func randomPayload(_ kind: TransactionKind, _ random: inout SplitMix64, time: UInt64) -> [UInt8] {
        func id(_ pool: UInt8) -> Hash {
            // Pools of 6 ids each (zones 1, resources 2, executions 3, other 4), some random ones too.
            Int.random(in: 0..<5, using: &random) == 0
                ? Hash(bytes: random.bytes(32))!
                : Hash(bytes: [pool, UInt8.random(in: 0..<6, using: &random)] + [UInt8](repeating: pool, count: 30))!
        }
        func ids(_ pool: UInt8, upTo cap: Int) -> [Hash] {
            var list: [Hash] = []
            for _ in 0..<Int.random(in: 0...cap, using: &random) {
                let next = id(pool)
                if !list.contains(next) { list.append(next) }
            }
            return list
        }
        func amount() -> Amount {
            Int.random(in: 0..<8, using: &random) == 0
                ? Amount(UInt128(random.next()) << 64 | UInt128(random.next()))
                : Amount(UInt128(UInt64.random(in: 0...1_000_000, using: &random)))
        }
        func millis() -> UInt64 {
            Int.random(in: 0..<6, using: &random) == 0
                ? random.next() : time &+ UInt64.random(in: 0...600_000, using: &random)
        }
        func address() -> Address { try! Address(bytes: random.bytes(20)) }
        func text(_ cap: Int) -> String {
            String(
                decoding: (0..<Int.random(in: 0...cap, using: &random)).map { _ in
                    UInt8.random(in: 0x61...0x7A, using: &random)
                }, as: UTF8.self)
        }
        func optionalID(_ pool: UInt8) -> Hash? { Bool.random(using: &random) ? id(pool) : nil }
        switch kind {
        case .transfer: return randomTransfer(&random).canonicalBytes
        case .withdraw: return WithdrawPayload(recipient: address(), amount: amount()).canonicalBytes
        case .storeProgram:
            return StoreProgramPayload(source: random.bytes(Int.random(in: 0...60, using: &random)))
                .canonicalBytes
        case .foundZone:
            return FoundZonePayload(
                rules: id(4), visibility: Bool.random(using: &random) ? .public : .private,
                pricing: ZonePricing(
                    taxBasisPoints: UInt16.random(in: 0...10_000, using: &random), minimumPayment: amount(),
                    joinFee: amount())
            ).canonicalBytes
        case .reviseZoneRules: return ReviseZoneRulesPayload(zone: id(1), rules: id(4)).canonicalBytes
        case .registerResource:
            return RegisterResourcePayload(
                kind: ResourceKind.allCases.randomElement(using: &random)!, endpoint: text(30), metadataHash: id(4),
                consent: id(4), price: amount()
            ).canonicalBytes
        case .updateResource:
            return UpdateResourcePayload(
                resource: id(2), endpoint: text(30), metadataHash: id(4), consent: id(4), price: amount()
            ).canonicalBytes
        case .dereferenceResource: return DereferenceResourcePayload(resource: id(2)).canonicalBytes
        case .joinZone: return JoinZonePayload(zone: id(1), resource: optionalID(2)).canonicalBytes
        case .leaveZone: return LeaveZonePayload(zone: id(1), resource: optionalID(2)).canonicalBytes
        case .issueCredential:
            return IssueCredentialPayload(
                subject: address(), type: text(20), claimHash: id(4), validFromMillis: millis(),
                validUntilMillis: millis()
            ).canonicalBytes
        case .revokeCredential, .acceptCredential, .dismissCredential:
            return CredentialPayload(credential: id(4)).canonicalBytes
        case .requestExecution:
            return RequestExecutionPayload(
                zone: id(1), engine: id(2), resources: ids(2, upTo: 5), paramsHash: id(4), payment: amount(),
                deadlineMillis: millis()
            ).canonicalBytes
        case .reportExecution:
            return ReportExecutionPayload(
                execution: id(3), status: ExecutionStatus.allCases.randomElement(using: &random)!,
                consumed: ids(2, upTo: 3), produced: ids(2, upTo: 3), evidenceHash: id(4)
            ).canonicalBytes
        case .cancelExecution: return CancelExecutionPayload(execution: id(3)).canonicalBytes
        case .claimZonePool: return ClaimZonePoolPayload(zone: id(1), amount: amount()).canonicalBytes
        }
    }
}
