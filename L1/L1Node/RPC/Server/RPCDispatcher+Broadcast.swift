import Common
import L1App

/// The write methods: submitting transactions, with or without waiting for their check or their block.
extension RPCDispatcher {
    /// The transaction parameter of a broadcast: present and not empty.
    private func transaction(_ params: RPCParams) throws(RPCError) -> [UInt8] {
        let tx = try RPCParams.required(try params.bytes("tx"), "tx")
        guard !tx.isEmpty else { throw .invalidParams("tx is empty") }
        return tx
    }

    func broadcastTxSync(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let tx = try transaction(params)
        let check = try await run { () async throws(RPCBackendError) in try await backend.checkAndAdmit(tx) }
        return try encode(
            RPCModel.BroadcastTxResult(
                code: check.code.rawValue, data: "", log: check.log, codespace: check.code.description,
                hash: RPCEncoding.hex(SignedTransaction.hash(of: tx))))
    }

    func broadcastTxAsync(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let tx = try transaction(params)
        try await run { () async throws(RPCBackendError) in try await backend.submit(tx) }
        return try encode(
            RPCModel.BroadcastTxResult(
                code: ResultCode.ok.rawValue, data: "", log: "", codespace: ResultCode.ok.description,
                hash: RPCEncoding.hex(SignedTransaction.hash(of: tx))))
    }

    /// Checks the transaction, then waits for the committed-transaction event with its hash, for at most
    /// ``RPCConfiguration/broadcastTxCommitTimeout``. The event stream is opened before the check, so a block
    /// committed right after it is not missed; if the stream ends or the wait times out, the transaction index
    /// is asked once more before answering `-32006`.
    func broadcastTxCommit(_ params: RPCParams) async throws(RPCError) -> [UInt8] {
        let tx = try transaction(params)
        let hash = SignedTransaction.hash(of: tx)
        let events = backend.events()
        let check = try await run { () async throws(RPCBackendError) in try await backend.checkAndAdmit(tx) }
        guard check.isOK else {
            return try encode(
                RPCModel.BroadcastTxCommitResult(
                    checkTx: RPCModel.CheckTxResult(check),
                    txResult: RPCModel.TxResult(code: 0, data: "", log: "", codespace: "", events: []),
                    hash: RPCEncoding.hex(hash), height: "0"))
        }
        var committed = await Self.firstCommit(of: hash, in: events, timeout: configuration.broadcastTxCommitTimeout)
        if committed == nil {
            committed = try? await backend.transaction(hash: hash)
        }
        guard let committed else {
            throw RPCError(
                .timeout,
                "timed out waiting for tx \(RPCEncoding.hex(hash)) to be included in a block after "
                    + "\(configuration.broadcastTxCommitTimeout); it may still be committed: look it up with /tx")
        }
        return try encode(
            RPCModel.BroadcastTxCommitResult(
                checkTx: RPCModel.CheckTxResult(check), txResult: RPCModel.TxResult(committed.result),
                hash: RPCEncoding.hex(hash), height: String(committed.height.rawValue)))
    }

    /// The first `.tx` event for `hash` in `events`, or `nil` when the stream ends or `timeout` passes first.
    static func firstCommit(
        of hash: Hash, in events: AsyncStream<NodeEvent>, timeout: Duration
    ) async -> IndexedTransaction? {
        await withTaskGroup(of: IndexedTransaction?.self) { group in
            group.addTask {
                for await event in events {
                    if case .tx(let indexed) = event, indexed.hash == hash { return indexed }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
