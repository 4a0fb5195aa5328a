import Common

/// Why a transaction was rejected or failed: a stable code (in receipts, RPC errors and docs) and a message.
///
/// Codes below 100 concern the envelope and reject the transaction; codes from 100 on concern what the
/// transaction asked and fail it (fee paid, nonce advanced). Codes are never reused.
public enum FailureReason: UInt16, CaseIterable, Hashable, Sendable, Error {
    // Envelope: the transaction is rejected and touches nothing.
    /// The transaction names another chain id.
    case wrongChain = 1
    /// The signature is not the sender's signature of the body.
    case badSignature = 2
    /// The sender is named by an index no account has, or by an account that has no key yet.
    case unknownSender = 3
    /// The nonce is below the sender's next nonce (a replay).
    case nonceTooLow = 4
    /// The nonce is above the sender's next nonce (a gap).
    case nonceTooHigh = 5
    /// The sender's balance does not cover the fee.
    case cannotPayFee = 6
    /// The fee is below the runtime's minimum.
    case feeTooLow = 7

    // Execution: the fee is paid and the nonce advanced, but nothing else happens.
    /// The payload does not decode as the kind's payload.
    case malformedPayload = 100
    /// The sender's balance does not cover what the transaction moves.
    case insufficientFunds = 101
    /// A sum would pass 2^128 - 1.
    case amountOverflow = 102
    /// The transaction moves a zero amount where a positive one is needed.
    case zeroAmount = 103
    /// A rules program does not parse, is not stratifiable or exceeds a size cap.
    case invalidProgram = 104
    /// No program is stored under the hash named.
    case unknownProgram = 105
    /// No zone has the id named.
    case unknownZone = 106
    /// No resource has the id named.
    case unknownResource = 107
    /// The sender does not control the resource.
    case notController = 108
    /// A field is out of range (a tax above 100%, an empty or duplicated list, an empty or too long string).
    case invalidParameter = 109
    /// The zone's rules do not permit the action (a deny, or no permit).
    case deniedByZoneRules = 110
    /// A resource's consent program does not permit the action.
    case deniedByConsent = 111
    /// The workflow engine's admission program does not permit the execution.
    case deniedByEngine = 112
    /// A rules evaluation ran out of fuel or exceeded a limit (a failed evaluation never permits).
    case rulesEvaluationFailed = 113
    /// The resource was dereferenced by its controller.
    case resourceDereferenced = 114
    /// The resource, the engine or the sender is not a member of the zone.
    case notMember = 115
    /// The member already belongs to the zone.
    case alreadyMember = 116
    /// No credential has the id named.
    case unknownCredential = 117
    /// Only the credential's issuer may revoke it.
    case notIssuer = 118
    /// The credential is already revoked.
    case credentialRevoked = 119
    /// The subject already holds the most credentials it may hold (revoked and expired ones do not count).
    case tooManyCredentials = 120
    /// The resource named as the engine is not a workflow engine.
    case notAnEngine = 121
    /// The deadline is not after the block time.
    case deadlineInPast = 122
    /// The payment is below the zone's minimum or the sum of the prices of the engine and the resources.
    case paymentBelowPrice = 123
    /// No execution order has the id named.
    case unknownExecution = 124
    /// Only the order's engine (its controller) may report on it.
    case notEngine = 125
    /// The order cannot move to the status reported (or is already final).
    case invalidTransition = 126
    /// The order's deadline has passed: it can only be cancelled now.
    case executionExpired = 127
    /// Only the consumer may cancel before the deadline, and only before the engine started.
    case cannotCancel = 128
    /// A consumed resource is not one of the order's resources.
    case resourceNotInOrder = 129
    /// The produced resource already has the most provenance links it may have.
    case tooManyProvenanceLinks = 130
    /// The member is not in the zone.
    case notInZone = 131
    /// The rules evaluations ran out of the fuel the fee bought (below the per-transaction cap): a higher fee
    /// buys more.
    case outOfFuel = 132
    /// A resource a report names as produced is controlled by neither the order's consumer nor the engine's
    /// controller.
    case notProducer = 133
    /// Only the credential's subject may accept or dismiss it.
    case notSubject = 134
    /// The credential's validity window has ended.
    case credentialExpired = 135
    /// The subject already holds the credential.
    case alreadyHeld = 136
    /// The subject does not hold the credential.
    case notHeld = 137
    /// The deadline is further from the block time than an order may run (``ExecutionOrder/maxWindowMillis``).
    case deadlineTooFar = 138
    /// The sender did not found the zone (only its founder claims its pool).
    case notFounder = 139

    /// What the code means, for people.
    public var message: String {
        switch self {
        case .wrongChain: "the transaction names another chain id"
        case .badSignature: "the signature is not the sender's signature of the transaction"
        case .unknownSender: "no account with a known key has the sender's index"
        case .nonceTooLow: "the nonce was already used"
        case .nonceTooHigh: "the nonce is ahead of the sender's next nonce"
        case .cannotPayFee: "the balance does not cover the fee"
        case .feeTooLow: "the fee is below the minimum"
        case .malformedPayload: "the payload does not decode as the kind's payload"
        case .insufficientFunds: "the balance does not cover the amount"
        case .amountOverflow: "the amount would overflow"
        case .zeroAmount: "the amount must be positive"
        case .invalidProgram: "the rules program does not parse, is not stratifiable or exceeds a limit"
        case .unknownProgram: "no program is stored under that hash; store it first"
        case .unknownZone: "no zone has that id"
        case .unknownResource: "no resource has that id"
        case .notController: "only the resource's controller may do this"
        case .invalidParameter: "a field is out of range"
        case .deniedByZoneRules: "the zone's rules do not permit this"
        case .deniedByConsent: "a resource's consent does not permit this"
        case .deniedByEngine: "the workflow engine's admission does not permit this execution"
        case .rulesEvaluationFailed: "a rules evaluation ran out of fuel or exceeded a limit"
        case .resourceDereferenced: "the resource was dereferenced by its controller"
        case .notMember: "a resource, the engine or the sender is not a member of the zone"
        case .alreadyMember: "already a member of the zone"
        case .unknownCredential: "no credential has that id"
        case .notIssuer: "only the credential's issuer may revoke it"
        case .credentialRevoked: "the credential is already revoked"
        case .tooManyCredentials: "the subject holds the most credentials it may hold"
        case .notAnEngine: "the engine is not a workflow engine resource"
        case .deadlineInPast: "the deadline must be after the block time"
        case .paymentBelowPrice: "the payment is below the zone's minimum or the prices of the resources"
        case .unknownExecution: "no execution order has that id"
        case .notEngine: "only the order's workflow engine may report on it"
        case .invalidTransition: "the order cannot move to that status"
        case .executionExpired: "the order's deadline has passed; it can only be cancelled"
        case .cannotCancel: "only the consumer may cancel, before the engine starts, until the deadline"
        case .resourceNotInOrder: "a consumed resource is not one of the order's resources"
        case .tooManyProvenanceLinks: "the produced resource has the most provenance links it may have"
        case .notInZone: "not a member of the zone"
        case .outOfFuel: "the rules evaluations ran out of the fuel the fee bought; a higher fee buys more"
        case .notProducer:
            "a produced resource is controlled by neither the order's consumer nor the engine's controller"
        case .notSubject: "only the credential's subject may accept or dismiss it"
        case .credentialExpired: "the credential's validity window has ended"
        case .alreadyHeld: "the subject already holds the credential"
        case .notHeld: "the subject does not hold the credential"
        case .deadlineTooFar: "the deadline is more than 30 days after the block time"
        case .notFounder: "only the zone's founder may claim its pool"
        }
    }

    /// Whether this reason rejects the transaction (envelope) rather than failing it (execution).
    public var rejects: Bool { rawValue < 100 }

    static func read(from reader: inout ByteReader) throws(CodecError) -> FailureReason {
        let offset = reader.offset
        let code = try reader.readVarint(UInt16.self, "failure reason")
        guard let reason = FailureReason(rawValue: code) else {
            throw .unknownTag(what: "failure reason", offset: offset, tag: UInt64(code))
        }
        return reason
    }
}
