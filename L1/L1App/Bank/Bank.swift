import Common

/// The bank module: account balances and nonces, the fee collector, transfers.
///
/// State: account records (``Account``) under `bank/account`, the parameters (``BankParams``) under
/// `bank/params`. Every sum and difference is checked; an overflow is a transaction error, never a trap.
public enum Bank {
    /// The account fees are paid to: the first 20 bytes of BLAKE2b-256 of `strata/module/fee_collector`.
    /// No key controls it.
    public static let feeCollector = Address(digest: Hash.blake2b(Array("strata/module/fee_collector".utf8)))

    /// The account record of `address`, or ``Account/empty`` if it has none.
    static func account(_ address: Address, in store: inout some StateStore) throws(ExecutionError) -> Account {
        try store.record(Account.self, at: Account.stateKey(address)) ?? .empty
    }

    /// Writes the account record of `address`.
    static func setAccount(_ account: Account, of address: Address, in store: inout some StateStore)
        throws(ExecutionError)
    {
        try store.setRecord(account, at: Account.stateKey(address))
    }

    /// The parameters in force.
    static func params(in store: inout some StateStore) throws(ExecutionError) -> BankParams {
        guard let params = try store.record(BankParams.self, at: BankParams.stateKey) else {
            throw .application(.corruptState("the bank parameters are missing from the state"))
        }
        return params
    }

    /// Adds `amount` to the balance of `address`.
    ///
    /// - Throws: ``ResultCode/amountOverflow`` if the balance would pass 2^128 - 1.
    static func credit(_ amount: Amount, to address: Address, denom: String, in store: inout some StateStore)
        throws(ExecutionError)
    {
        var account = try account(address, in: &store)
        guard let balance = account.balance.adding(amount) else {
            throw .rejected(
                .amountOverflow,
                "balance of \(address) would overflow: \(account.balance.formatted(denom)) + \(amount.formatted(denom))"
            )
        }
        account.balance = balance
        try setAccount(account, of: address, in: &store)
    }

    /// Moves `amount` from `sender` to `recipient` (which may be the sender).
    ///
    /// - Throws: ``ResultCode/insufficientFunds`` if the sender's balance is below `amount`,
    ///   ``ResultCode/amountOverflow`` if the recipient's balance would overflow.
    static func send(
        from sender: Address, to recipient: Address, amount: Amount, denom: String, in store: inout some StateStore
    ) throws(ExecutionError) -> Event {
        var account = try account(sender, in: &store)
        guard let balance = account.balance.subtracting(amount) else {
            throw .rejected(
                .insufficientFunds,
                "insufficient funds: balance \(account.balance.formatted(denom)), need \(amount.formatted(denom))")
        }
        account.balance = balance
        try setAccount(account, of: sender, in: &store)
        try credit(amount, to: recipient, denom: denom, in: &store)
        return Event(
            type: "transfer",
            attributes: [
                EventAttribute(key: "sender", value: sender.description),
                EventAttribute(key: "recipient", value: recipient.description),
                EventAttribute(key: "amount", value: amount.formatted(denom)),
            ])
    }
}
