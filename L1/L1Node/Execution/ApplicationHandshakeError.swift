import Common
import L1App
import L1Consensus

/// Why the node refuses to start: the application and the block store disagree in a way replay cannot fix.
public enum ApplicationHandshakeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The application failed.
    case application(ApplicationError)
    /// The block store failed.
    case store(BlockStoreError)
    /// Replaying a block failed.
    case execution(ApplicationExecutorError)
    /// The genesis given, the application's genesis and the block store's genesis differ.
    case genesisMismatch(String)
    /// The application has committed blocks the block store does not have.
    case applicationAhead(applicationHeight: UInt64, storeHeight: UInt64)
    /// The application's state root at `height` is not the one the block store recorded.
    case appHashMismatch(height: UInt64, application: Hash, store: Hash)
    /// Replaying a stored block gave another chain state than the stored one.
    case replayDiverged(height: Height, reason: String)
    /// A block the application needs is missing from the store.
    case missingBlock(Height)

    public var description: String {
        switch self {
        case .application(let error): "handshake: the application failed: \(error)"
        case .store(let error): "handshake: \(error)"
        case .execution(let error): "handshake: replay failed: \(error)"
        case .genesisMismatch(let reason): "handshake: genesis mismatch: \(reason)"
        case .applicationAhead(let app, let store):
            "handshake: the application is at height \(app) but the block store only at \(store); the application "
                + "state is from another data directory or the block store lost blocks: restore them together"
        case .appHashMismatch(let height, let app, let store):
            "handshake: at height \(height) the application's app hash is \(app) but the block store recorded "
                + "\(store): the application state does not belong to this chain"
        case .replayDiverged(let height, let reason):
            "handshake: replaying block \(height) diverged from the stored chain state: \(reason)"
        case .missingBlock(let height): "handshake: block \(height) is missing from the block store"
        }
    }
}
