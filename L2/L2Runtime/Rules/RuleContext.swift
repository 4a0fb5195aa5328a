/// The request a program is asked about, as the host supplies it.
///
/// The host passes the context as a value; the engine turns it into facts of the context predicates
/// (`action/1`, `subject/1`, `zone/1`, `resource/1`, `time/1`, `balance/2`, `credential/3`) plus any
/// ``extraFacts``, sorted and without duplicates (``facts``), so the order in which the host listed balances,
/// credentials or extra facts never changes a result. The host is trusted: it decides which credentials
/// are valid at ``time`` and which extra facts (an offered payment, a zone's members) a request carries.
public struct RuleContext: Hashable, Sendable {
    /// An account's balance, the fact `balance(Account, Amount)`.
    public struct Balance: Hashable, Sendable {
        /// The account (usually its address as an atom).
        public var account: RuleTerm
        /// The amount in the smallest unit.
        public var amount: Int64

        /// Creates a balance fact.
        public init(account: RuleTerm, amount: Int64) {
            self.account = account
            self.amount = amount
        }
    }

    /// A credential held by `holder`, the fact `credential(Holder, Type, Issuer)`.
    public struct Credential: Hashable, Sendable {
        /// Who holds the credential.
        public var holder: RuleTerm
        /// The credential type, such as `'dataset-access'`.
        public var type: RuleTerm
        /// Who issued it.
        public var issuer: RuleTerm

        /// Creates a credential fact.
        public init(holder: RuleTerm, type: RuleTerm, issuer: RuleTerm) {
            self.holder = holder
            self.type = type
            self.issuer = issuer
        }
    }

    /// The action asked for, the fact `action(A)`: `read`, `join`, `execute`, ...
    public var action: RuleTerm
    /// Who asks, the fact `subject(S)`.
    public var subject: RuleTerm
    /// The zone the request is in, the fact `zone(Z)` (absent when `nil`).
    public var zone: RuleTerm?
    /// The resource the request is about, the fact `resource(R)` (absent when `nil`).
    public var resource: RuleTerm?
    /// The block time in seconds, the fact `time(T)`.
    public var time: Int64
    /// Balances the host makes visible, the facts `balance(Account, Amount)`.
    public var balances: [Balance]
    /// Credentials valid at ``time``, the facts `credential(Holder, Type, Issuer)`.
    public var credentials: [Credential]
    /// Any other facts the host supplies (an offered payment, a zone's members, ...).
    public var extraFacts: [RuleFact]

    /// Creates a request context.
    public init(
        action: RuleTerm, subject: RuleTerm, zone: RuleTerm? = nil, resource: RuleTerm? = nil, time: Int64 = 0,
        balances: [Balance] = [], credentials: [Credential] = [], extraFacts: [RuleFact] = []
    ) {
        self.action = action
        self.subject = subject
        self.zone = zone
        self.resource = resource
        self.time = time
        self.balances = balances
        self.credentials = credentials
        self.extraFacts = extraFacts
    }

    /// Every context fact, sorted in ``RuleFact`` order and without duplicates.
    public var facts: [RuleFact] {
        var all: [RuleFact] = [
            RuleFact("action", [action]), RuleFact("subject", [subject]), RuleFact("time", [.integer(time)]),
        ]
        if let zone {
            all.append(RuleFact("zone", [zone]))
        }
        if let resource {
            all.append(RuleFact("resource", [resource]))
        }
        all += balances.map { RuleFact("balance", [$0.account, .integer($0.amount)]) }
        all += credentials.map { RuleFact("credential", [$0.holder, $0.type, $0.issuer]) }
        all += extraFacts
        all.sort()
        var unique: [RuleFact] = []
        unique.reserveCapacity(all.count)
        for fact in all where unique.last != fact {
            unique.append(fact)
        }
        return unique
    }

    /// The context predicates a program may read but never define, as `name/arity`.
    static let reservedPredicates: [PredicateKey] = [
        PredicateKey(name: "action", arity: 1), PredicateKey(name: "balance", arity: 2),
        PredicateKey(name: "credential", arity: 3), PredicateKey(name: "resource", arity: 1),
        PredicateKey(name: "subject", arity: 1), PredicateKey(name: "time", arity: 1),
        PredicateKey(name: "zone", arity: 1),
    ]
}
