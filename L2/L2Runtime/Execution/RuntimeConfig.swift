import Common

/// The rollup's fixed parameters: they are part of the rollup's definition, identical on the sequencer, on
/// every verifier and in the L1 settlement module. Genesis writes them into the state
/// (``StateKeys/runtimeConfig``), so the genesis root, and every state root after it, commits to them: a node
/// reads them back with ``committed(in:)`` instead of trusting a file.
public struct RuntimeConfig: Hashable, Sendable {
    /// The rollup's chain id; transactions naming another are rejected.
    public var chainID: String
    /// The smallest fee a transaction may carry, and what an admitted transaction pays at least.
    public var minimumFee: Amount
    /// What 1,000 fuel of rules evaluation costs on top of ``minimumFee`` (0: rules fuel is free, up to
    /// ``RuntimeRuleLimits/fuelPerTransaction``). A transaction's fee is the most it pays: what it carries above
    /// the minimum buys its fuel, and what it does not use stays with the sender (docs/l2-transactions.md 2).
    public var feePerThousandFuel: Amount
    /// The account each block's fees are credited to at its end (the sequencer operator's), or `nil` to keep
    /// them in the fee pool (``StateKeys/feePool``), which nothing pays out.
    public var feeRecipient: Address?

    /// Creates a configuration.
    public init(
        chainID: String, minimumFee: Amount = 0, feePerThousandFuel: Amount = 0, feeRecipient: Address? = nil
    ) {
        self.chainID = chainID
        self.minimumFee = minimumFee
        self.feePerThousandFuel = feePerThousandFuel
        self.feeRecipient = feeRecipient
    }

    /// The rules fuel a transaction carrying `fee` may spend: what the fee buys above the minimum, rounded down,
    /// at most ``RuntimeRuleLimits/fuelPerTransaction``.
    public func fuelBudget(fee: Amount) -> RuleFuelLimit {
        let cap = RuleFuelLimit(fuel: RuntimeRuleLimits.fuelPerTransaction, boughtByFee: false)
        let price = feePerThousandFuel.value
        guard price > 0 else { return cap }
        let allowance = (fee.subtracting(minimumFee) ?? .zero).value
        // floor(allowance × 1,000 / price) in 256 bits; a quotient of 2^128 or more is past the cap anyway.
        let scaled = allowance.multipliedFullWidth(by: 1000)
        guard scaled.high < price else { return cap }
        let bought = price.dividingFullWidth(scaled).quotient
        guard bought < UInt128(cap.fuel) else { return cap }
        return RuleFuelLimit(fuel: UInt64(bought), boughtByFee: true)
    }

    /// The fee that buys all the fuel a transaction may spend (``RuntimeRuleLimits/fuelPerTransaction``): a
    /// transaction carrying it never runs out of fuel a higher fee would buy, and pays only what it uses.
    public var fullFuelFee: Amount {
        feeCharged(fee: .max, fuel: RuntimeRuleLimits.fuelPerTransaction)
    }

    /// What a transaction carrying `fee` pays when its rules evaluations spent `fuel` (within the budget the
    /// fee bought): the minimum fee and the fuel, rounded up to a whole unit, never more than `fee`.
    public func feeCharged(fee: Amount, fuel: UInt64) -> Amount {
        // ceil(fuel × price / 1,000) in 256 bits; a quotient of 2^128 or more is more than any fee.
        let product = UInt128(fuel).multipliedFullWidth(by: feePerThousandFuel.value)
        guard product.high < 1000 else { return fee }
        let (quotient, remainder) = UInt128(1000).dividingFullWidth(product)
        let (fuelFee, overflow) = quotient.addingReportingOverflow(remainder == 0 ? 0 : 1)
        guard !overflow, let total = minimumFee.adding(Amount(fuelFee)) else { return fee }
        return min(total, fee)
    }
}

extension RuntimeConfig: CustomStringConvertible {
    /// `chain_id "…", minimum_fee …, fee_per_thousand_fuel …[, fee_recipient …]`, as genesis.json names them.
    public var description: String {
        "chain_id \"\(chainID)\", minimum_fee \(minimumFee), fee_per_thousand_fuel \(feePerThousandFuel)"
            + (feeRecipient.map { ", fee_recipient \($0)" } ?? "")
    }
}

extension RuntimeConfig: CanonicalCodable {
    /// `string(chainID) || varint(minimumFee) || varint(feePerThousandFuel)`, then `address(feeRecipient)` (20
    /// bytes) only when there is one: a configuration without a recipient encodes as it did before recipients
    /// existed, so its genesis root is unchanged.
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(chainID)
        writer.write(minimumFee)
        writer.write(feePerThousandFuel)
        if let feeRecipient { writer.write(feeRecipient) }
    }

    /// Reads the fields in order; the recipient is there when bytes remain.
    public init(from reader: inout ByteReader) throws(CodecError) {
        chainID = try reader.readString(cap: TransactionLimits.maxChainIDBytes, "chain id")
        minimumFee = try reader.read(Amount.self)
        feePerThousandFuel = try reader.read(Amount.self)
        feeRecipient = reader.remaining > 0 ? try reader.read(Address.self) : nil
    }

    /// The parameters `state` was created with (written by ``Runtime/initialize(genesis:state:)``), or `nil` for
    /// a state no rollup genesis wrote.
    ///
    /// - Throws: the store's error, or ``Common/StateError/corruptStore(_:)`` if the entry does not decode.
    public static func committed<S: StateStore>(in state: inout S) throws(StateError) -> RuntimeConfig? {
        try state.record(RuntimeConfig.self, at: StateKeys.runtimeConfig)
    }
}
