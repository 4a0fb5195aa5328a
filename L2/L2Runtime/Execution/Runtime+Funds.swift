import Common

extension Runtime {
    /// Takes `amount` from the account at `address`, or fails with ``FailureReason/insufficientFunds``.
    func debit(_ amount: Amount, from address: Address, state: inout StagedState) throws(BodyError) {
        guard var account = try state.load(Account.self, StateKeys.account(address)),
            let remaining = account.balance.subtracting(amount)
        else { throw .failed(.insufficientFunds) }
        account.balance = remaining
        try state.store(account, StateKeys.account(address))
    }

    /// Adds `amount` to the account at `address` (created if new), or fails with
    /// ``FailureReason/amountOverflow``.
    func deposit(_ amount: Amount, to address: Address, state: inout StagedState) throws(BodyError) {
        guard !amount.isZero else { return }
        let credited = try lift { () throws(StateError) in try credit(amount, to: address, state: &state) }
        guard credited != nil else { throw .failed(.amountOverflow) }
    }

    /// Adds `amount` to a zone's pool, or fails with ``FailureReason/amountOverflow``.
    func depositToZonePool(_ amount: Amount, zone: Hash, state: inout StagedState) throws(BodyError) {
        guard !amount.isZero else { return }
        let pool = try state.load(Amount.self, StateKeys.zonePool(zone)) ?? .zero
        guard let total = pool.adding(amount) else { throw .failed(.amountOverflow) }
        try state.store(total, StateKeys.zonePool(zone))
    }

    /// ``TransactionKind/transfer``: moves the amount from the sender to the recipient.
    func transfer(_ payload: TransferPayload, call: Call, state: inout StagedState) throws(BodyError) {
        guard !payload.amount.isZero else { throw .failed(.zeroAmount) }
        try debit(payload.amount, from: call.sender, state: &state)
        try deposit(payload.amount, to: payload.recipient, state: &state)
    }

    /// ``TransactionKind/withdraw``: burns the amount and records a withdrawal entry for the bridge.
    func withdraw(_ payload: WithdrawPayload, call: Call, state: inout StagedState) throws(BodyError) {
        guard !payload.amount.isZero else { throw .failed(.zeroAmount) }
        try debit(payload.amount, from: call.sender, state: &state)
        let sequence = try state.load(WithdrawalCount.self, StateKeys.withdrawalCount)?.value ?? 0
        guard sequence < UInt64.max else { throw .failed(.amountOverflow) }
        let entry = Withdrawal(
            sequence: sequence, owner: call.sender, recipient: payload.recipient, amount: payload.amount,
            blockNumber: call.block.number)
        try state.store(entry, StateKeys.withdrawal(sequence))
        try state.store(WithdrawalCount(value: sequence + 1), StateKeys.withdrawalCount)
        state.emit(
            .withdrawalRecorded(
                sequence: sequence, owner: call.sender, recipient: payload.recipient, amount: payload.amount))
    }
}

/// The number of withdrawal entries recorded: a varint at ``StateKeys/withdrawalCount``.
struct WithdrawalCount: CanonicalCodable {
    var value: UInt64

    init(value: UInt64) {
        self.value = value
    }

    func encode(to writer: inout ByteWriter) { writer.writeVarint(value) }

    init(from reader: inout ByteReader) throws(CodecError) {
        value = try reader.readVarint(UInt64.self, "withdrawal count")
    }
}
