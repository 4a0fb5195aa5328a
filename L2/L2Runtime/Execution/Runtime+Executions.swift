import Common

extension Runtime {
    /// ``TransactionKind/requestExecution``: the zone's rules, every resource's consent and the engine's
    /// admission must permit `execute` (any deny wins); then the payment is escrowed in the order and the engine
    /// gets an access grant on each resource until the deadline.
    func requestExecution(
        _ payload: RequestExecutionPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        guard !payload.resources.isEmpty, !hasDuplicates(payload.resources),
            !payload.resources.contains(payload.engine)
        else { throw .failed(.invalidParameter) }
        guard payload.deadlineMillis > call.now else { throw .failed(.deadlineInPast) }
        let window = payload.deadlineMillis - call.now
        guard window <= ExecutionOrder.maxWindowMillis else { throw .failed(.deadlineTooFar) }
        let zone = try loadZone(payload.zone, state: &state)
        if zone.visibility == .private {
            try requireMember(.account(call.sender), of: zone.id, state: &state)
        }
        let engine = try loadResource(payload.engine, state: &state)
        guard engine.kind == .workflowEngine else { throw .failed(.notAnEngine) }
        guard !engine.dereferenced else { throw .failed(.resourceDereferenced) }
        try requireMember(.resource(engine.id), of: zone.id, state: &state)
        var resources: [Resource] = []
        resources.reserveCapacity(payload.resources.count)
        var total = engine.price
        for id in payload.resources {
            let resource = try loadResource(id, state: &state)
            guard !resource.dereferenced else { throw .failed(.resourceDereferenced) }
            try requireMember(.resource(id), of: zone.id, state: &state)
            guard let sum = total.adding(resource.price) else { throw .failed(.paymentBelowPrice) }
            total = sum
            resources.append(resource)
        }
        guard payload.payment >= total, payload.payment >= zone.pricing.minimumPayment else {
            throw .failed(.paymentBelowPrice)
        }
        let extraFacts = [
            RuleFact("payment", [RuleAtoms.amount(payload.payment)]),
            RuleFact("engine", [RuleAtoms.id(engine.id)]),
            // The seconds the engine's grants last, rounded up: a program cannot subtract `time` from a deadline.
            RuleFact("window", [.integer(Int64((window + 999) / 1000))]),
        ]
        let request = try ruleRequest(
            action: "execute", subject: call.sender, zone: zone.id, call: call, extraFacts: extraFacts, state: &state)
        try require(
            zone.rules, permits: request.context(resource: nil), else: .deniedByZoneRules, call: call, state: &state)
        for resource in resources {
            let context = request.context(resource: resource.id)
            try require(resource.consent, permits: context, else: .deniedByConsent, call: call, state: &state)
        }
        try require(
            engine.consent, permits: request.context(resource: engine.id), else: .deniedByEngine, call: call,
            state: &state)
        try debit(payload.payment, from: call.sender, state: &state)
        let order = ExecutionOrder(
            id: call.newID(RecordID.execution), consumer: call.sender, zone: zone.id, engine: engine.id,
            resources: payload.resources, prices: resources.map(\.price), paramsHash: payload.paramsHash,
            payment: payload.payment, deadlineMillis: payload.deadlineMillis, requestedAtMillis: call.now,
            status: .requested, reportCount: 0)
        try state.store(order, StateKeys.execution(order.id))
        state.emit(
            .executionRequested(
                execution: order.id, zone: zone.id, engine: engine.id, deadlineMillis: order.deadlineMillis))
        for resource in order.resources {
            let grant = AccessGrant(
                engine: engine.id, resource: resource, execution: order.id, zone: zone.id,
                expiresAtMillis: order.deadlineMillis)
            try state.store(grant, StateKeys.accessGrant(engine: engine.id, resource: resource, execution: order.id))
            state.emit(
                .accessGranted(
                    engine: engine.id, resource: resource, execution: order.id, expiresAtMillis: order.deadlineMillis))
        }
    }

    /// ``TransactionKind/reportExecution``: the engine's controller moves the order along a valid transition
    /// before the deadline, naming as produced only resources the consumer or itself controls. Delivered pays
    /// the providers and records provenance; failed refunds.
    func reportExecution(
        _ payload: ReportExecutionPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        var order = try loadOrder(payload.execution, state: &state)
        let engine = try loadResource(order.engine, state: &state)
        guard engine.controller == call.sender else { throw .failed(.notEngine) }
        guard order.status.mayReport(payload.status) else { throw .failed(.invalidTransition) }
        guard call.now < order.deadlineMillis else { throw .failed(.executionExpired) }
        guard !hasDuplicates(payload.consumed), !hasDuplicates(payload.produced) else {
            throw .failed(.invalidParameter)
        }
        for id in payload.consumed where !order.resources.contains(id) {
            throw .failed(.resourceNotInOrder)
        }
        // Only the parties to the order may say what it produced: anyone else could write a false chain of custody
        // onto a stranger's resource, and fill its provenance list so its own deliveries fail (130).
        for id in payload.produced {
            let produced = try loadResource(id, state: &state)
            guard produced.controller == order.consumer || produced.controller == engine.controller else {
                throw .failed(.notProducer)
            }
        }
        let report = ExecutionReport(
            status: payload.status, consumed: payload.consumed, produced: payload.produced,
            evidenceHash: payload.evidenceHash, reportedAtMillis: call.now)
        // At most two reports reach an order (the transitions allow no more), so the count cannot overflow.
        guard order.reportCount < UInt32.max else { throw .failed(.invalidTransition) }
        try state.store(report, StateKeys.executionReport(order.id, order.reportCount))
        order.reportCount += 1
        order.status = payload.status
        try state.store(order, StateKeys.execution(order.id))
        state.emit(.executionReported(execution: order.id, status: payload.status))
        switch payload.status {
        case .delivered:
            try payOut(order, engine: engine, state: &state)
            try recordProvenance(of: payload, order: order, call: call, state: &state)
            try endGrants(of: order, state: &state)
        case .failed:
            try refund(order, state: &state)
            try endGrants(of: order, state: &state)
        default:
            break
        }
    }

    /// ``TransactionKind/cancelExecution``: the consumer before the engine starts (and before the deadline), or
    /// anyone once the deadline has passed, cancels an open order; the payment is refunded.
    func cancelExecution(
        _ payload: CancelExecutionPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        var order = try loadOrder(payload.execution, state: &state)
        guard !order.status.isFinal else { throw .failed(.invalidTransition) }
        if call.now < order.deadlineMillis {
            guard call.sender == order.consumer, order.status == .requested else { throw .failed(.cannotCancel) }
        }
        order.status = .cancelled
        try state.store(order, StateKeys.execution(order.id))
        state.emit(.executionCancelled(execution: order.id))
        try refund(order, state: &state)
        try endGrants(of: order, state: &state)
    }

    /// The order `id`, or fails with ``FailureReason/unknownExecution``.
    func loadOrder(_ id: Hash, state: inout StagedState) throws(BodyError) -> ExecutionOrder {
        guard let order = try state.load(ExecutionOrder.self, StateKeys.execution(id)) else {
            throw .failed(.unknownExecution)
        }
        return order
    }

    /// Fails with ``FailureReason/notMember`` unless `member` belongs to `zone`.
    func requireMember(_ member: ZoneMember, of zone: Hash, state: inout StagedState)
        throws(BodyError)
    {
        guard try state.exists(StateKeys.membership(zone: zone, member: member)) else { throw .failed(.notMember) }
    }

    /// Deletes the order's access grants.
    func endGrants(of order: ExecutionOrder, state: inout StagedState) throws(BodyError) {
        for resource in order.resources {
            try state.remove(StateKeys.accessGrant(engine: order.engine, resource: resource, execution: order.id))
            state.emit(.grantEnded(engine: order.engine, resource: resource, execution: order.id))
        }
    }

    /// Returns the escrowed payment to the consumer.
    func refund(_ order: ExecutionOrder, state: inout StagedState) throws(BodyError) {
        try deposit(order.payment, to: order.consumer, state: &state)
        state.emit(.refunded(execution: order.id, consumer: order.consumer, amount: order.payment))
    }
}
