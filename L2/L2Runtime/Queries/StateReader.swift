import Common

/// One step of a resource's chain of custody: `resource` was produced by `link`'s execution.
public struct ProvenanceStep: Hashable, Sendable {
    /// The produced resource.
    public var resource: Hash
    /// How, where, when and from what it was produced.
    public var link: ProvenanceLink

    /// Creates a step.
    public init(resource: Hash, link: ProvenanceLink) {
        self.resource = resource
        self.link = link
    }
}

/// A record with the state key it is stored under, so a node can return it with a state proof
/// (``Common/StateTree/proof(for:version:)`` of ``Common/StateKey/path``) that a client checks with Common alone.
public struct ProvableRecord<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The key the value is (or would be) stored under.
    public var key: StateKey
    /// The value, or `nil` if there is none (the proof is then an exclusion proof).
    public var value: Value?

    /// Creates a provable record.
    public init(key: StateKey, value: Value?) {
        self.key = key
        self.value = value
    }
}

/// Read-only queries over the runtime's state in any store (the node's tree at a version, an overlay, a
/// witness): accounts, zones, resources, executions with their reports, provenance, access grants and
/// withdrawals.
public struct StateReader<S: StateStore> {
    /// The store read.
    public var store: S

    /// A reader over `store`.
    public init(_ store: S) {
        self.store = store
    }

    /// The account at `address`.
    public mutating func account(_ address: Address) throws(StateError) -> Account? {
        try store.record(Account.self, at: StateKeys.account(address))
    }

    /// The address and account with index `index`.
    public mutating func account(index: AccountIndex) throws(StateError) -> (address: Address, account: Account)? {
        guard let address = try store.address(ofIndex: index), let account = try account(address) else { return nil }
        return (address, account)
    }

    /// The fee pool's balance.
    public mutating func feePool() throws(StateError) -> Amount {
        try store.record(Amount.self, at: StateKeys.feePool) ?? .zero
    }

    /// The source of the stored program `id`.
    public mutating func program(_ id: Hash) throws(StateError) -> [UInt8]? {
        try store.get(StateKeys.program(id))
    }

    /// The zone `id`.
    public mutating func zone(_ id: Hash) throws(StateError) -> Zone? {
        try store.record(Zone.self, at: StateKeys.zone(id))
    }

    /// The pool of zone `id` (its tax and join fees).
    public mutating func zonePool(_ id: Hash) throws(StateError) -> Amount {
        try store.record(Amount.self, at: StateKeys.zonePool(id)) ?? .zero
    }

    /// The membership of `member` in `zone`.
    public mutating func membership(zone: Hash, member: ZoneMember) throws(StateError) -> Membership? {
        try store.record(Membership.self, at: StateKeys.membership(zone: zone, member: member))
    }

    /// The resource `id`.
    public mutating func resource(_ id: Hash) throws(StateError) -> Resource? {
        try store.record(Resource.self, at: StateKeys.resource(id))
    }

    /// The credential `id`.
    public mutating func credential(_ id: Hash) throws(StateError) -> Credential? {
        try store.record(Credential.self, at: StateKeys.credential(id))
    }

    /// The ids of the credentials `holder` holds.
    public mutating func heldCredentials(_ holder: Address) throws(StateError) -> [Hash] {
        try store.record(HeldCredentials.self, at: StateKeys.heldCredentials(holder))?.ids ?? []
    }

    /// The execution order `id` with its reports, in order.
    public mutating func execution(_ id: Hash) throws(StateError) -> (
        order: ExecutionOrder, reports: [ExecutionReport]
    )? {
        guard let order = try store.record(ExecutionOrder.self, at: StateKeys.execution(id)) else { return nil }
        var reports: [ExecutionReport] = []
        for sequence in 0..<order.reportCount {
            if let report = try store.record(ExecutionReport.self, at: StateKeys.executionReport(id, sequence)) {
                reports.append(report)
            }
        }
        return (order, reports)
    }

    /// The access grant of `engine` on `resource` for `execution`, with its key for a proof.
    public mutating func accessGrant(engine: Hash, resource: Hash, execution: Hash) throws(StateError)
        -> ProvableRecord<AccessGrant>
    {
        let key = StateKeys.accessGrant(engine: engine, resource: resource, execution: execution)
        return ProvableRecord(key: key, value: try store.record(AccessGrant.self, at: key))
    }

    /// The chain of custody of `resource`: the links that produced it, then those that produced what they
    /// consumed, breadth first, each resource visited once, at most `maxSteps` steps.
    public mutating func provenance(of resource: Hash, maxSteps: Int = 64) throws(StateError) -> [ProvenanceStep] {
        var steps: [ProvenanceStep] = []
        var queue: [Hash] = [resource]
        var visited: [Hash] = [resource]
        var next = 0
        while next < queue.count, steps.count < maxSteps {
            let current = queue[next]
            next += 1
            guard let provenance = try store.record(Provenance.self, at: StateKeys.provenance(current)) else {
                continue
            }
            for link in provenance.links where steps.count < maxSteps {
                steps.append(ProvenanceStep(resource: current, link: link))
                for consumed in link.consumed where !visited.contains(consumed) {
                    visited.append(consumed)
                    queue.append(consumed)
                }
            }
        }
        return steps
    }

    /// How many withdrawal entries were recorded.
    public mutating func withdrawalCount() throws(StateError) -> UInt64 {
        try store.record(WithdrawalCount.self, at: StateKeys.withdrawalCount)?.value ?? 0
    }

    /// The withdrawal entries from `sequence` on, at most `limit` (the bridge pays them on L1).
    public mutating func withdrawals(from sequence: UInt64 = 0, limit: Int = 100) throws(StateError) -> [Withdrawal] {
        let count = try withdrawalCount()
        var entries: [Withdrawal] = []
        var current = sequence
        while current < count, entries.count < limit {
            if let entry = try store.record(Withdrawal.self, at: StateKeys.withdrawal(current)) {
                entries.append(entry)
            }
            current += 1
        }
        return entries
    }

    /// The withdrawal entry `sequence`, with its key for a proof.
    public mutating func withdrawal(_ sequence: UInt64) throws(StateError) -> ProvableRecord<Withdrawal> {
        let key = StateKeys.withdrawal(sequence)
        return ProvableRecord(key: key, value: try store.record(Withdrawal.self, at: key))
    }
}
