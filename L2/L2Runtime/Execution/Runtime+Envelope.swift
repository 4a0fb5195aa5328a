import Common

/// A transaction's sender once resolved: its address and its account as it was before the transaction.
struct Sender {
    var address: Address
    var account: Account
}

extension Runtime {
    /// Checks the envelope (chain, sender, signature, nonce, fee) without writing anything: the sender, or
    /// the reason the transaction is rejected.
    ///
    /// - Parameter signature: the signature to check, or `nil` when the caller has checked it already (against
    ///   the key the sender resolves to) or the transaction is covered by a batch's aggregate signature.
    func admit<S: StateStore>(
        _ transaction: Transaction, signature: SchnorrSignature?, state: inout S
    ) throws(StateError) -> Result<Sender, FailureReason> {
        guard transaction.chainID == config.chainID else { return .failure(.wrongChain) }
        let address: Address
        var account: Account?
        /// The key to record on the account: the one a sender by key names.
        var named: AccountPublicKey?
        switch transaction.sender {
        case .key(let senderKey):
            address = senderKey.address
            account = try state.record(Account.self, at: StateKeys.account(address))
            if let signature, !senderKey.verify(signature, digest: transaction.signingDigest) {
                return .failure(.badSignature)
            }
            named = senderKey
        case .index(let index):
            guard let indexed = try state.address(ofIndex: index) else { return .failure(.unknownSender) }
            address = indexed
            account = try state.record(Account.self, at: StateKeys.account(address))
            guard account?.publicKeyBytes != nil else { return .failure(.unknownSender) }
            // The stored key is parsed (a square root on the curve) only when the signature is still unchecked.
            if let signature {
                guard let known = account?.publicKey else { return .failure(.unknownSender) }
                guard known.verify(signature, digest: transaction.signingDigest) else { return .failure(.badSignature) }
            }
        }
        let nonce = account?.nonce ?? 0
        guard transaction.nonce >= nonce else { return .failure(.nonceTooLow) }
        guard transaction.nonce == nonce else { return .failure(.nonceTooHigh) }
        guard transaction.fee >= config.minimumFee else { return .failure(.feeTooLow) }
        guard let existing = account, existing.balance >= transaction.fee else { return .failure(.cannotPayFee) }
        return .success(Sender(address: address, account: named.map { existing.with(publicKey: $0) } ?? existing))
    }

    /// The key that signs `sender`'s transactions: its own for a sender by key; for a sender by index, the key
    /// recorded on that account (`nil` if there is no such account or it has no key yet).
    ///
    /// The key a batch's aggregate signature must hold for a transaction is this, in the state the transaction
    /// executes on (``BlockBuilder/add(authorized:)``). An account's key never changes once recorded (its address
    /// is the key's hash), so for a transaction that had a key then, any later state gives the same answer: the
    /// sequencer's batcher reads its latest committed state.
    public static func signerKey<S: StateStore>(of sender: TransactionSender, in state: inout S) throws(StateError)
        -> AccountPublicKey?
    {
        switch sender {
        case .key(let key):
            return key
        case .index(let index):
            guard let address = try state.address(ofIndex: index) else { return nil }
            return try state.record(Account.self, at: StateKeys.account(address))?.publicKey
        }
    }

    /// Takes `fee` from the sender, advances its nonce and records its key.
    func chargeFee<S: StateStore>(_ fee: Amount, to sender: Sender, state: inout S) throws(StateError) {
        var account = sender.account
        account.balance = account.balance.subtracting(fee) ?? .zero
        account.nonce += 1
        try state.setRecord(account, at: StateKeys.account(sender.address))
    }

    /// Credits a block's `fees` to the rollup's fee recipient, or adds them to the fee pool when it has none (or
    /// when the recipient's balance cannot take them).
    func creditBlockFees<S: StateStore>(_ fees: Amount, state: inout S) throws(StateError) {
        guard !fees.isZero else { return }
        if let recipient = config.feeRecipient, try credit(fees, to: recipient, state: &state) != nil { return }
        let pool = try state.record(Amount.self, at: StateKeys.feePool) ?? .zero
        try state.setRecord(pool.adding(fees) ?? .max, at: StateKeys.feePool)
    }

    /// Adds `amount` to the account at `address`, creating it (with the next index) if it does not exist;
    /// `nil` if its balance would overflow.
    func credit<S: StateStore>(
        _ amount: Amount, to address: Address, state: inout S
    ) throws(StateError) -> Account? {
        var account: Account
        if let existing = try state.record(Account.self, at: StateKeys.account(address)) {
            account = existing
        } else {
            account = try newAccount(at: address, state: &state)
        }
        guard let balance = account.balance.adding(amount) else { return nil }
        account.balance = balance
        try state.setRecord(account, at: StateKeys.account(address))
        return account
    }

    /// A new, empty account at `address` with the next index (the index and the counter are written; the
    /// account record is the caller's to write).
    func newAccount<S: StateStore>(
        at address: Address, publicKey: AccountPublicKey? = nil, state: inout S
    ) throws(StateError) -> Account {
        let next = try state.record(AccountIndex.self, at: StateKeys.nextAccountIndex) ?? AccountIndex(0)
        try state.set(StateKeys.accountIndex(next), address.bytes)
        try state.setRecord(AccountIndex(next.value + 1), at: StateKeys.nextAccountIndex)
        return Account(publicKey: publicKey, index: next, nonce: 0, balance: .zero)
    }
}

extension Account {
    func with(publicKey: AccountPublicKey) -> Account {
        var copy = self
        copy.publicKey = publicKey
        return copy
    }
}
