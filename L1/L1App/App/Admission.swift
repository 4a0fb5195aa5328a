import Common

/// The checks that decide whether a transaction may enter a block (Cosmos' ante handler), and the fee and
/// nonce it pays when it does.
///
/// In order, each failure ending the checks (docs/l1-transactions.md, "Checks"):
/// 1. size at most ``TransactionLimits/maxBytes`` (``ResultCode/transactionTooLarge``);
/// 2. canonical decoding, no trailing bytes (``ResultCode/badEncoding``);
/// 3. the chain id is this chain's (``ResultCode/wrongChain``);
/// 4. one or more messages, each well-formed (``ResultCode/invalidMessage``);
/// 5. the fee is at least the minimum (``ResultCode/feeTooLow``);
/// 6. the signature verifies (``ResultCode/badSignature``);
/// 7. the nonce is the signer's next nonce (``ResultCode/badNonce``);
/// 8. the signer's balance covers the fee (``ResultCode/insufficientFunds``), and the fee collector's balance
///    can take it (``ResultCode/amountOverflow``; unreachable while the supply fits 128 bits).
///
/// Steps 1-6 read no state (``check(_:)``); 7-8 read the signer's account and, if they pass, take the fee to
/// the fee collector and advance the nonce (``charge(_:in:)``). A transaction failing any step changes nothing.
struct Admission {
    /// This chain's id.
    let chainID: String
    /// The bank parameters in force (denomination, minimum fee).
    let params: BankParams

    /// Steps 1-2: the transaction in `bytes`.
    func decode(_ bytes: [UInt8]) throws(ExecutionError) -> SignedTransaction {
        guard bytes.count <= TransactionLimits.maxBytes else {
            throw .rejected(
                .transactionTooLarge,
                "transaction of \(bytes.count) bytes is above the maximum of \(TransactionLimits.maxBytes) bytes")
        }
        do {
            return try SignedTransaction(bytes: bytes)
        } catch {
            throw .rejected(.badEncoding, "transaction does not decode: \(error)")
        }
    }

    /// Steps 3-6: everything that needs no state.
    func check(_ signed: SignedTransaction) throws(ExecutionError) {
        let tx = signed.transaction
        guard tx.chainID == chainID else {
            throw .rejected(.wrongChain, "transaction is for chain \"\(tx.chainID)\", this is \"\(chainID)\"")
        }
        guard !tx.messages.isEmpty else {
            throw .rejected(.invalidMessage, "transaction carries no message")
        }
        for (index, message) in tx.messages.enumerated() {
            if let problem = message.statelessProblem() {
                throw .rejected(.invalidMessage, "message \(index): \(problem)")
            }
        }
        guard tx.fee >= params.minFee else {
            throw .rejected(
                .feeTooLow,
                "fee \(tx.fee.formatted(params.denom)) below minimum \(params.minFee.formatted(params.denom))")
        }
        guard signed.hasValidSignature else {
            throw .rejected(
                .badSignature,
                "signature does not verify for signer \(tx.signer) on chain \"\(chainID)\": "
                    + "sign signingDigest(strata/l1/tx/v1, chain id, body) with the signer's key")
        }
    }

    /// Steps 7-8, then the payment: the fee moves from the signer to the fee collector and the signer's nonce
    /// advances. Returns the transaction's `tx` event.
    func charge(_ signed: SignedTransaction, in store: inout some StateStore) throws(ExecutionError) -> Event {
        let tx = signed.transaction
        let sender = tx.sender
        var account = try Bank.account(sender, in: &store)
        guard tx.nonce == account.nonce else {
            throw .rejected(.badNonce, "nonce \(tx.nonce) does not match the account's next nonce \(account.nonce)")
        }
        let (nextNonce, exhausted) = account.nonce.addingReportingOverflow(1)
        guard !exhausted else {
            throw .rejected(.badNonce, "the account's nonces are exhausted")
        }
        guard let balance = account.balance.subtracting(tx.fee) else {
            throw .rejected(
                .insufficientFunds,
                "balance \(account.balance.formatted(params.denom)) cannot pay fee \(tx.fee.formatted(params.denom))")
        }
        // Check the collector can take the fee before writing anything, so a failure leaves no write behind.
        let collector = try Bank.account(Bank.feeCollector, in: &store)
        guard collector.balance.adding(tx.fee) != nil else {
            throw .rejected(.amountOverflow, "the fee collector's balance would overflow")
        }
        account.balance = balance
        account.nonce = nextNonce
        try Bank.setAccount(account, of: sender, in: &store)
        try Bank.credit(tx.fee, to: Bank.feeCollector, denom: params.denom, in: &store)
        return Event(
            type: "tx",
            attributes: [
                EventAttribute(key: "sender", value: sender.description),
                EventAttribute(key: "nonce", value: String(tx.nonce)),
                EventAttribute(key: "fee", value: tx.fee.formatted(params.denom)),
            ])
    }
}
