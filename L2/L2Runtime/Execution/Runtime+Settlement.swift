import Common

extension Runtime {
    /// Pays a delivered order's escrow: each resource's controller gets the resource's price at request time,
    /// the engine's controller gets the rest; the zone's tax is taken from every share and goes to its pool.
    func payOut(_ order: ExecutionOrder, engine: Resource, state: inout StagedState)
        throws(BodyError)
    {
        let zone = try loadZone(order.zone, state: &state)
        let bps = zone.pricing.taxBasisPoints
        var remaining = order.payment
        var taxTotal = Amount.zero
        for (resourceID, price) in zip(order.resources, order.prices) {
            let resource = try loadResource(resourceID, state: &state)
            guard let rest = remaining.subtracting(price) else { throw .failed(.amountOverflow) }
            remaining = rest
            try payShare(price, to: resource.controller, order: order, bps: bps, tax: &taxTotal, state: &state)
        }
        try payShare(remaining, to: engine.controller, order: order, bps: bps, tax: &taxTotal, state: &state)
        try depositToZonePool(taxTotal, zone: zone.id, state: &state)
    }

    /// Pays `share` less the tax to `recipient`, adding the tax to `tax`.
    private func payShare(
        _ share: Amount, to recipient: Address, order: ExecutionOrder, bps: UInt16, tax: inout Amount,
        state: inout StagedState
    ) throws(BodyError) {
        let cut = Self.tax(on: share, basisPoints: bps)
        guard let net = share.subtracting(cut), let total = tax.adding(cut) else { throw .failed(.amountOverflow) }
        tax = total
        try deposit(net, to: recipient, state: &state)
        if !net.isZero {
            state.emit(.paid(execution: order.id, recipient: recipient, amount: net))
        }
    }

    /// `floor(amount × basisPoints / 10000)` without overflow, for `basisPoints` at most 10000.
    static func tax(on amount: Amount, basisPoints: UInt16) -> Amount {
        let bps = UInt128(min(basisPoints, ZonePricing.maxTaxBasisPoints))
        let (quotient, remainder) = amount.value.quotientAndRemainder(dividingBy: 10_000)
        // quotient × bps ≤ amount and remainder × bps < 10^8, so neither overflows.
        return Amount(quotient * bps + remainder * bps / 10_000)
    }

    /// Links each produced resource to what the delivered execution consumed.
    func recordProvenance(
        of report: ReportExecutionPayload, order: ExecutionOrder, call: Call, state: inout StagedState
    ) throws(BodyError) {
        let link = ProvenanceLink(
            execution: order.id, engine: order.engine, zone: order.zone, consumed: report.consumed,
            evidenceHash: report.evidenceHash, deliveredAtMillis: call.now)
        for produced in report.produced {
            let key = StateKeys.provenance(produced)
            var provenance = try state.load(Provenance.self, key) ?? Provenance(links: [])
            guard provenance.links.count < Provenance.cap else { throw .failed(.tooManyProvenanceLinks) }
            provenance.links.append(link)
            try state.store(provenance, key)
        }
    }
}
