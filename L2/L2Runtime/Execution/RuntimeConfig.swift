import Common

/// The rollup's fixed parameters: they are part of the rollup's definition, identical on the sequencer, on
/// every verifier and in the L1 settlement module. Genesis writes them into the state
/// (``StateKeys/runtimeConfig``), so the genesis root, and every state root after it, commits to them: a node
/// reads them back with ``committed(in:)`` instead of trusting a file.
public struct RuntimeConfig: Hashable, Sendable, Codable {
    /// The rollup's chain id; transactions naming another are rejected.
    public var chainID: String
    /// The smallest fee a transaction may carry, and what an admitted transaction pays at least.
    public var minimumFee: Amount
    /// What 1,000 fuel of rules evaluation costs on top of ``minimumFee`` (0: rules fuel is free, up to
    /// ``RuntimeRuleLimits/fuelPerTransaction``). A transaction's fee is the most it pays: what it carries above
    /// the minimum buys its fuel, and what it does not use stays with the sender (docs/l2-transactions.md 2).
    public var feePerThousandFuel: Amount

    /// Creates a configuration.
    public init(chainID: String, minimumFee: Amount = 0, feePerThousandFuel: Amount = 0) {
        self.chainID = chainID
        self.minimumFee = minimumFee
        self.feePerThousandFuel = feePerThousandFuel
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
    /// `chain_id "…", minimum_fee …, fee_per_thousand_fuel …`, as genesis.json names them.
    public var description: String {
        "chain_id \"\(chainID)\", minimum_fee \(minimumFee), fee_per_thousand_fuel \(feePerThousandFuel)"
    }
}

extension RuntimeConfig: CanonicalCodable {
    /// `string(chainID) || varint(minimumFee) || varint(feePerThousandFuel)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeString(chainID)
        writer.write(minimumFee)
        writer.write(feePerThousandFuel)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        chainID = try reader.readString(cap: TransactionLimits.maxChainIDBytes, "chain id")
        minimumFee = try reader.read(Amount.self)
        feePerThousandFuel = try reader.read(Amount.self)
    }

    /// The parameters `state` was created with (written by ``Runtime/initialize(genesis:state:)``), or `nil` for
    /// a state no rollup genesis wrote.
    ///
    /// - Throws: the store's error, or ``Common/StateError/corruptStore(_:)`` if the entry does not decode.
    public static func committed<S: StateStore>(in state: inout S) throws(StateError) -> RuntimeConfig? {
        try state.record(RuntimeConfig.self, at: StateKeys.runtimeConfig)
    }
}
