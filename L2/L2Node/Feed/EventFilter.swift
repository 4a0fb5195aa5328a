import Common
import L2Runtime

/// Which feed events a subscriber wants: `?engine=<resource id hex | strata1 address>&kinds=a,b&from_block=n`.
///
/// An engine given as a resource id matches events about that engine; given as an address, events about any
/// engine that address controls. No parameter means everything.
public struct EventFilter: Hashable, Sendable {
    /// The engine to follow.
    public enum Engine: Hashable, Sendable {
        /// One workflow engine resource.
        case resource(Hash)
        /// Every engine this address controls.
        case controller(Address)
    }

    /// The engine to follow, or `nil` for all events.
    public var engine: Engine?
    /// The kind names (``L2Runtime/RuntimeEvent/Kind/name``) to pass, or `nil` for all.
    public var kinds: Set<String>?
    /// The first block whose events are wanted, sealed or not yet; `nil` for the blocks sealed from the
    /// connection on.
    public var fromBlock: UInt64?

    /// Creates a filter.
    public init(engine: Engine? = nil, kinds: Set<String>? = nil, fromBlock: UInt64? = nil) {
        self.engine = engine
        self.kinds = kinds
        self.fromBlock = fromBlock
    }

    /// Reads a filter from a query string's parameters; a bad value is an error that names it.
    public init(parameters: [(String, String)]) throws(IngestError) {
        for (name, value) in parameters {
            switch name {
            case "engine":
                if let id = Hash(hex: value) {
                    engine = .resource(id)
                } else if let address = try? Address(value) {
                    engine = .controller(address)
                } else {
                    throw .badParameter("engine must be a resource id (64 hex digits) or a strata1... address")
                }
            case "kinds":
                let names = Set(value.split(separator: ",").map(String.init))
                if let unknown = names.subtracting(RuntimeEvent.Kind.names).sorted().first {
                    throw .badParameter(
                        "unknown event kind \"\(unknown)\"; kinds are \(RuntimeEvent.Kind.names.sorted().joined(separator: ", "))"
                    )
                }
                kinds = names
            case "from_block":
                guard let number = UInt64(value) else { throw .badParameter("from_block must be a block number") }
                fromBlock = number
            default:
                throw .badParameter("unknown parameter \"\(name)\"; the feed takes engine, kinds and from_block")
            }
        }
    }

    /// Whether `event` passes.
    public func matches(_ event: FeedEvent) -> Bool {
        if let fromBlock, event.blockNumber < fromBlock { return false }
        if let kinds, !kinds.contains(event.kind.name) { return false }
        switch engine {
        case nil: return true
        case .resource(let id): return event.engine == id
        case .controller(let address): return event.engineController == address
        }
    }
}
