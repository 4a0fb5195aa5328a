import Common
import L1App
import L1Consensus

/// Why the execution adapter could not serve consensus. Every case means the node cannot trust its state to go
/// on: consensus halts on it.
public enum ApplicationExecutorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The application failed (storage, misuse).
    case application(ApplicationError)
    /// The mempool's recheck failed.
    case mempool(MempoolError)
    /// The block store failed.
    case store(BlockStoreError)
    /// A consensus time (unsigned nanoseconds) is beyond the application's signed 64-bit nanoseconds.
    case timeOutOfRange(nanoseconds: UInt64)
    /// No validator of the block's height has the proposer's address.
    case unknownProposer(address: String, height: Height)
    /// No validator of the evidence height has the misbehaving validator's address.
    case unknownMisbehavingValidator(address: String, height: Height)
    /// The application asked for a voting power consensus cannot represent.
    case invalidValidatorUpdate(String)
    /// The application returned a different number of results than the block has transactions.
    case resultCountMismatch(results: Int, transactions: Int)
    /// A block was executed while the previous executed block was never saved.
    case previousBlockNotSaved(Height)
    /// A block was saved that this executor did not execute (the executor must be the driver's store too).
    case saveWithoutExecution(Height)
    /// The node proposes but was created without its consensus key.
    case noProposerKey

    public var description: String {
        switch self {
        case .application(let error): "the application failed: \(error)"
        case .mempool(let error): "the mempool failed: \(error)"
        case .store(let error): "\(error)"
        case .timeOutOfRange(let nanoseconds):
            "time \(nanoseconds)ns since the epoch is beyond the application's range (2^63 - 1 ns)"
        case .unknownProposer(let address, let height): "proposer \(address) is not a validator of height \(height)"
        case .unknownMisbehavingValidator(let address, let height):
            "misbehaving validator \(address) is not a validator of height \(height)"
        case .invalidValidatorUpdate(let reason): "invalid validator update from the application: \(reason)"
        case .resultCountMismatch(let results, let transactions):
            "the application returned \(results) results for \(transactions) transactions"
        case .previousBlockNotSaved(let height):
            "block \(height) was executed but never saved: save it before executing the next one"
        case .saveWithoutExecution(let height):
            "block \(height) was saved without being executed here: give the driver this executor as its store"
        case .noProposerKey: "this node proposes a block but has no consensus key configured"
        }
    }
}
