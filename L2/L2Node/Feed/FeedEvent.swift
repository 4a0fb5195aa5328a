import Common
import L2Runtime

/// One runtime event as the feed publishes it: where it happened (block, transaction) and, for events about
/// an execution or a grant, the workflow engine concerned and the address that controls it, so that an engine
/// can follow only its own work.
public struct FeedEvent: Hashable, Sendable {
    /// The sealed block's number.
    public var blockNumber: UInt64
    /// The sealed block's hash.
    public var blockHash: Hash
    /// The block time, in milliseconds since the Unix epoch.
    public var blockTimeMillis: UInt64
    /// The emitting transaction's position in the block.
    public var transactionIndex: UInt32
    /// The emitting transaction's hash.
    public var transactionHash: Hash
    /// What happened.
    public var kind: RuntimeEvent.Kind
    /// The workflow engine (a resource id) the event concerns, if it concerns an execution or a grant.
    public var engine: Hash?
    /// The address that controls ``engine``, when the engine is known.
    public var engineController: Address?

    /// Creates a feed event.
    public init(
        blockNumber: UInt64, blockHash: Hash, blockTimeMillis: UInt64, transactionIndex: UInt32,
        transactionHash: Hash, kind: RuntimeEvent.Kind, engine: Hash? = nil, engineController: Address? = nil
    ) {
        self.blockNumber = blockNumber
        self.blockHash = blockHash
        self.blockTimeMillis = blockTimeMillis
        self.transactionIndex = transactionIndex
        self.transactionHash = transactionHash
        self.kind = kind
        self.engine = engine
        self.engineController = engineController
    }

    /// What ``events(of:reading:lookups:)`` has read: an execution's engine and an engine's controller never
    /// change once recorded, so these hold across blocks.
    public struct Lookups: Sendable {
        var engines: [Hash: Hash] = [:]
        var controllers: [Hash: Address] = [:]

        /// None yet.
        public init() {}
    }

    /// The events of `block`, each with its engine and the engine's controller read from `reader` (the state
    /// committed by that block). A record that cannot be read leaves the engine or controller unknown.
    public static func events<S: StateStore>(of block: SealedBlock, reading reader: inout StateReader<S>) -> [FeedEvent]
    {
        var lookups = Lookups()
        return events(of: block, reading: &reader, lookups: &lookups)
    }

    /// ``events(of:reading:)`` reading only what `lookups` does not hold yet, and adding it there.
    public static func events<S: StateStore>(
        of block: SealedBlock, reading reader: inout StateReader<S>, lookups: inout Lookups
    ) -> [FeedEvent] {
        // A long catch-up meets many executions: start over rather than grow without bound.
        if lookups.engines.count > 100_000 { lookups.engines.removeAll() }
        return block.events.map { event in
            var engine = event.kind.engine
            if engine == nil, let execution = event.kind.execution {
                if let known = lookups.engines[execution] {
                    engine = known
                } else if let order = try? reader.execution(execution)?.order {
                    lookups.engines[execution] = order.engine
                    engine = order.engine
                }
            }
            var controller: Address?
            if let engine {
                if let known = lookups.controllers[engine] {
                    controller = known
                } else if let resource = try? reader.resource(engine) {
                    lookups.controllers[engine] = resource.controller
                    controller = resource.controller
                }
            }
            let index = Int(event.transactionIndex)
            return FeedEvent(
                blockNumber: block.header.number, blockHash: block.header.hash,
                blockTimeMillis: block.header.timestampMillis, transactionIndex: event.transactionIndex,
                transactionHash: index < block.transactionHashes.count ? block.transactionHashes[index] : .zero,
                kind: event.kind, engine: engine, engineController: controller)
        }
    }
}

extension RuntimeEvent.Kind {
    /// The kind's name in the feed's JSON and its `kinds` filter (the case's name).
    public var name: String {
        switch self {
        case .programStored: "programStored"
        case .zoneFounded: "zoneFounded"
        case .zoneRulesRevised: "zoneRulesRevised"
        case .resourceRegistered: "resourceRegistered"
        case .resourceUpdated: "resourceUpdated"
        case .resourceDereferenced: "resourceDereferenced"
        case .memberJoined: "memberJoined"
        case .memberLeft: "memberLeft"
        case .credentialIssued: "credentialIssued"
        case .credentialRevoked: "credentialRevoked"
        case .credentialAccepted: "credentialAccepted"
        case .credentialDismissed: "credentialDismissed"
        case .executionRequested: "executionRequested"
        case .executionReported: "executionReported"
        case .executionCancelled: "executionCancelled"
        case .accessGranted: "accessGranted"
        case .grantEnded: "grantEnded"
        case .paid: "paid"
        case .refunded: "refunded"
        case .withdrawalRecorded: "withdrawalRecorded"
        case .zonePoolClaimed: "zonePoolClaimed"
        }
    }

    /// Every kind's name.
    public static let names: Set<String> = [
        "programStored", "zoneFounded", "zoneRulesRevised", "resourceRegistered", "resourceUpdated",
        "resourceDereferenced", "memberJoined", "memberLeft", "credentialIssued", "credentialRevoked",
        "credentialAccepted", "credentialDismissed", "executionRequested", "executionReported",
        "executionCancelled", "accessGranted", "grantEnded", "paid", "refunded", "withdrawalRecorded",
        "zonePoolClaimed",
    ]

    /// The engine the event names, if it names one.
    var engine: Hash? {
        switch self {
        case .executionRequested(_, _, let engine, _), .accessGranted(let engine, _, _, _),
            .grantEnded(let engine, _, _):
            engine
        default: nil
        }
    }

    /// The execution the event is about, if any.
    var execution: Hash? {
        switch self {
        case .executionRequested(let execution, _, _, _), .executionReported(let execution, _),
            .executionCancelled(let execution), .accessGranted(_, _, let execution, _),
            .grantEnded(_, _, let execution), .paid(let execution, _, _), .refunded(let execution, _, _):
            execution
        default: nil
        }
    }
}
