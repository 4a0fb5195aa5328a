/// What an L2 transaction does. The raw value is the kind's byte in the transaction encoding and in batches;
/// a byte outside this list is a decoding error. docs/l2-transactions.md gives each kind's payload, who may
/// send it and what it checks.
public enum TransactionKind: UInt8, CaseIterable, Hashable, Sendable {
    /// Moves tokens between accounts.
    case transfer = 1
    /// Burns tokens on L2 and records a withdrawal entry that the bridge pays on L1.
    case withdraw = 2
    /// Stores a rules program (content-addressed by its hash) for zones and resources to reference.
    case storeProgram = 3
    /// Founds a zone (a Data Space) governed by a rules program.
    case foundZone = 4
    /// Replaces a zone's rules, if its current rules permit revision and the new ones permit establishment.
    case reviseZoneRules = 5
    /// Registers a resource (dataset, service, algorithm, infrastructure, identity, workflow engine).
    case registerResource = 6
    /// Updates a resource's endpoint, metadata, consent program or price (its controller only).
    case updateResource = 7
    /// Withdraws a resource: always allowed to its controller; no grant is issued on it afterwards.
    case dereferenceResource = 8
    /// Puts a resource (or the sender) into a zone, if the zone's rules and the resource's consent permit.
    case joinZone = 9
    /// Takes a resource (or the sender) out of a zone: always allowed.
    case leaveZone = 10
    /// Anchors a credential (a hash of a claim by an issuer about a subject), offered to the subject: it counts
    /// in the subject's rules requests once the subject accepts it.
    case issueCredential = 11
    /// Revokes a credential, by its issuer only; final.
    case revokeCredential = 12
    /// Asks a workflow engine to run over resources in a zone, escrowing the payment.
    case requestExecution = 13
    /// The named engine reports an execution's progress: started, delivered or failed.
    case reportExecution = 14
    /// Cancels an execution: the consumer before it starts, anyone after its deadline.
    case cancelExecution = 15
    /// The subject of a credential accepts it: it joins what the subject holds (what its rules requests see).
    case acceptCredential = 16
    /// The subject of a credential dismisses it: it leaves what the subject holds. The issuer's record stays.
    case dismissCredential = 17
    /// A zone's founder takes tokens out of the zone's pool (its tax and join fees) into its account.
    case claimZonePool = 18

    /// Whether the kind's body may evaluate rules programs (and so spend fuel its fee pays for):
    /// ``reviseZoneRules``, ``joinZone`` and ``requestExecution``. Any other kind is charged the minimum fee.
    public var evaluatesRules: Bool {
        switch self {
        case .reviseZoneRules, .joinZone, .requestExecution: true
        default: false
        }
    }

    /// The kind's name in JSON and in docs, e.g. `requestExecution`.
    public var name: String { String(describing: self) }

    /// The kind named `name` (as ``name`` spells it), or `nil`.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}
