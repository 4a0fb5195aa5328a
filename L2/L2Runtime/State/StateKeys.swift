import Common

/// Where the runtime keeps each record in the state tree: every key is a ``Common/StateKey`` (namespace and
/// key bytes, hashed into the tree path). The table is in docs/l2-transactions.md.
public enum StateKeys {
    /// The account at `address`: an ``Account``.
    public static func account(_ address: Address) -> StateKey {
        StateKey(namespace: "l2/account", key: address.bytes)
    }

    /// The address of the account with index `index`: 20 bytes.
    public static func accountIndex(_ index: AccountIndex) -> StateKey {
        StateKey(namespace: "l2/account-index", key: index.canonicalBytes)
    }

    /// The index the next new account gets: a varint.
    public static let nextAccountIndex = StateKey(namespace: "l2/meta", "next-account-index")

    /// The rollup's parameters, written once at genesis: a ``RuntimeConfig``.
    public static let runtimeConfig = StateKey(namespace: "l2/meta", "runtime-config")

    /// The fee pool, which collects every transaction fee: an ``Common/Amount``.
    public static let feePool = StateKey(namespace: "l2/pool", "fees")

    /// A stored rules program, by the hash of its source: the UTF-8 source bytes.
    public static func program(_ id: Hash) -> StateKey {
        StateKey(namespace: "l2/program", key: id.bytes)
    }

    /// A zone, by id: a ``Zone``.
    public static func zone(_ id: Hash) -> StateKey {
        StateKey(namespace: "l2/zone", key: id.bytes)
    }

    /// A zone's pool, which collects its tax and join fees: an ``Common/Amount``.
    public static func zonePool(_ zone: Hash) -> StateKey {
        StateKey(namespace: "l2/zone-pool", key: zone.bytes)
    }

    /// A resource, by id: a ``Resource``.
    public static func resource(_ id: Hash) -> StateKey {
        StateKey(namespace: "l2/resource", key: id.bytes)
    }

    /// A zone membership: a ``Membership``; key `zone (32) || member` (``ZoneMember`` encoding).
    public static func membership(zone: Hash, member: ZoneMember) -> StateKey {
        StateKey(namespace: "l2/membership", key: zone.bytes + member.canonicalBytes)
    }

    /// A credential, by id: a ``Credential``.
    public static func credential(_ id: Hash) -> StateKey {
        StateKey(namespace: "l2/credential", key: id.bytes)
    }

    /// The credentials an account holds: a ``HeldCredentials``.
    public static func heldCredentials(_ holder: Address) -> StateKey {
        StateKey(namespace: "l2/held-credentials", key: holder.bytes)
    }

    /// An execution order, by id: an ``ExecutionOrder``.
    public static func execution(_ id: Hash) -> StateKey {
        StateKey(namespace: "l2/execution", key: id.bytes)
    }

    /// The report number `sequence` (0, 1, ...) of an execution order: an ``ExecutionReport``; key
    /// `execution (32) || varint(sequence)`.
    public static func executionReport(_ execution: Hash, _ sequence: UInt32) -> StateKey {
        var writer = ByteWriter(capacity: 37)
        writer.write(execution)
        writer.writeVarint(sequence)
        return StateKey(namespace: "l2/execution-report", key: writer.bytes)
    }

    /// The access grant of `engine` on `resource` for `execution`: an ``AccessGrant``; key
    /// `engine (32) || resource (32) || execution (32)`.
    public static func accessGrant(engine: Hash, resource: Hash, execution: Hash) -> StateKey {
        StateKey(namespace: "l2/grant", key: engine.bytes + resource.bytes + execution.bytes)
    }

    /// The provenance of a produced resource: a ``Provenance``.
    public static func provenance(_ resource: Hash) -> StateKey {
        StateKey(namespace: "l2/provenance", key: resource.bytes)
    }

    /// The withdrawal entry number `sequence`: a ``Withdrawal``; key `varint(sequence)`.
    public static func withdrawal(_ sequence: UInt64) -> StateKey {
        var writer = ByteWriter(capacity: 10)
        writer.writeVarint(sequence)
        return StateKey(namespace: "l2/withdrawal", key: writer.bytes)
    }

    /// The number of withdrawal entries recorded so far: a varint.
    public static let withdrawalCount = StateKey(namespace: "l2/meta", "withdrawal-count")
}
