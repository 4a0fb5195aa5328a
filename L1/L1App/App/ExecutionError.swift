import Common

/// Why executing a transaction (or part of one) stopped.
enum ExecutionError: Error {
    /// The transaction is at fault: its result carries this code and log.
    case rejected(ResultCode, String)
    /// The application is at fault (storage failed, state is corrupt): the node must stop.
    case application(ApplicationError)
}
