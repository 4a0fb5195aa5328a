import Common

/// Something a block's transaction did that listeners (workflow engines, vaults, indexers) want to hear about.
///
/// Events are outputs of execution, like receipts, but they are **not** committed in any root: a node
/// recomputes them by re-executing the block. Only successful transactions emit events (a failed body's events
/// are dropped with its writes).
public struct RuntimeEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// A rules program was stored.
        case programStored(program: Hash)
        /// A zone was founded.
        case zoneFounded(zone: Hash, founder: Address)
        /// A zone's rules were replaced.
        case zoneRulesRevised(zone: Hash, rules: Hash)
        /// A resource was registered.
        case resourceRegistered(resource: Hash, controller: Address, kind: ResourceKind)
        /// A resource's endpoint, metadata, consent or price changed.
        case resourceUpdated(resource: Hash)
        /// A resource was withdrawn by its controller; no new grant is issued on it.
        case resourceDereferenced(resource: Hash)
        /// A member joined a zone.
        case memberJoined(zone: Hash, member: ZoneMember)
        /// A member left a zone.
        case memberLeft(zone: Hash, member: ZoneMember)
        /// A credential was issued.
        case credentialIssued(credential: Hash, issuer: Address, subject: Address)
        /// A credential was revoked.
        case credentialRevoked(credential: Hash)
        /// A credential's subject accepted it.
        case credentialAccepted(credential: Hash, subject: Address)
        /// A credential's subject dismissed it.
        case credentialDismissed(credential: Hash, subject: Address)
        /// An execution was requested and its payment escrowed.
        case executionRequested(execution: Hash, zone: Hash, engine: Hash, deadlineMillis: UInt64)
        /// The engine reported on an execution.
        case executionReported(execution: Hash, status: ExecutionStatus)
        /// An execution was cancelled and refunded.
        case executionCancelled(execution: Hash)
        /// `engine` may use `resource` for `execution` until `expiresAtMillis`.
        case accessGranted(engine: Hash, resource: Hash, execution: Hash, expiresAtMillis: UInt64)
        /// The grant of `engine` on `resource` for `execution` ended (delivered, failed or cancelled).
        case grantEnded(engine: Hash, resource: Hash, execution: Hash)
        /// `amount` was paid to `recipient` out of an execution's escrow.
        case paid(execution: Hash, recipient: Address, amount: Amount)
        /// An execution's escrow was refunded to its consumer.
        case refunded(execution: Hash, consumer: Address, amount: Amount)
        /// A zone's founder took `amount` out of the zone's pool.
        case zonePoolClaimed(zone: Hash, founder: Address, amount: Amount)
        /// A withdrawal entry was recorded for the bridge.
        case withdrawalRecorded(sequence: UInt64, owner: Address, recipient: Address, amount: Amount)
    }

    /// The position in the block of the transaction that emitted it.
    public var transactionIndex: UInt32
    /// What happened.
    public var kind: Kind

    /// Creates an event.
    public init(transactionIndex: UInt32, kind: Kind) {
        self.transactionIndex = transactionIndex
        self.kind = kind
    }
}
