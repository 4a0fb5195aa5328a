import Common

extension Runtime {
    /// The zone `id`, or fails with ``FailureReason/unknownZone``.
    func loadZone(_ id: Hash, state: inout StagedState) throws(BodyError) -> Zone {
        guard let zone = try state.load(Zone.self, StateKeys.zone(id)) else { throw .failed(.unknownZone) }
        return zone
    }

    /// ``TransactionKind/foundZone``: records a zone governed by a stored program.
    func foundZone(_ payload: FoundZonePayload, call: Call, state: inout StagedState)
        throws(BodyError)
    {
        guard payload.pricing.taxBasisPoints <= ZonePricing.maxTaxBasisPoints else {
            throw .failed(.invalidParameter)
        }
        try requireProgram(payload.rules, state: &state)
        let zone = Zone(
            id: call.newID(RecordID.zone), founder: call.sender, rules: payload.rules, visibility: payload.visibility,
            pricing: payload.pricing, revision: 0)
        try state.store(zone, StateKeys.zone(zone.id))
        state.emit(.zoneFounded(zone: zone.id, founder: call.sender))
    }

    /// ``TransactionKind/claimZonePool``: the zone's founder takes `amount` (positive, at most the pool) out of
    /// the zone's pool into its account.
    func claimZonePool(_ payload: ClaimZonePoolPayload, call: Call, state: inout StagedState) throws(BodyError) {
        guard !payload.amount.isZero else { throw .failed(.zeroAmount) }
        let zone = try loadZone(payload.zone, state: &state)
        guard zone.founder == call.sender else { throw .failed(.notFounder) }
        let pool = try state.load(Amount.self, StateKeys.zonePool(zone.id)) ?? .zero
        guard let remaining = pool.subtracting(payload.amount) else { throw .failed(.insufficientFunds) }
        try state.store(remaining, StateKeys.zonePool(zone.id))
        try deposit(payload.amount, to: call.sender, state: &state)
        state.emit(.zonePoolClaimed(zone: zone.id, founder: call.sender, amount: payload.amount))
    }

    /// ``TransactionKind/reviseZoneRules``: replaces the rules if the current rules permit `revise` and the new
    /// rules permit `establish`, both for the sender.
    func reviseZoneRules(
        _ payload: ReviseZoneRulesPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        var zone = try loadZone(payload.zone, state: &state)
        try requireProgram(payload.rules, state: &state)
        let revise = try ruleRequest(action: "revise", subject: call.sender, zone: zone.id, call: call, state: &state)
        try require(
            zone.rules, permits: revise.context(resource: nil), else: .deniedByZoneRules, call: call, state: &state)
        var establish = revise.base
        establish.action = .atom("establish")
        try require(
            payload.rules, permits: LoadedRuleContext(establish), else: .deniedByZoneRules, call: call, state: &state)
        guard zone.revision < UInt64.max else { throw .failed(.invalidParameter) }
        zone.rules = payload.rules
        zone.revision += 1
        try state.store(zone, StateKeys.zone(zone.id))
        state.emit(.zoneRulesRevised(zone: zone.id, rules: payload.rules))
    }

    /// ``TransactionKind/joinZone``: the zone's rules (and, for a resource, its consent) must permit `join`;
    /// the join fee goes to the zone's pool.
    func joinZone(_ payload: JoinZonePayload, call: Call, state: inout StagedState) throws(BodyError) {
        let zone = try loadZone(payload.zone, state: &state)
        var consent: Hash?
        if let id = payload.resource {
            let resource = try loadControlledResource(id, call: call, state: &state)
            guard !resource.dereferenced else { throw .failed(.resourceDereferenced) }
            consent = resource.consent
        }
        let member = payload.member(sender: call.sender)
        let key = StateKeys.membership(zone: zone.id, member: member)
        guard try !state.exists(key) else { throw .failed(.alreadyMember) }
        let request = try ruleRequest(action: "join", subject: call.sender, zone: zone.id, call: call, state: &state)
        let context = request.context(resource: payload.resource)
        try require(zone.rules, permits: context, else: .deniedByZoneRules, call: call, state: &state)
        if let consent {
            try require(consent, permits: context, else: .deniedByConsent, call: call, state: &state)
        }
        if !zone.pricing.joinFee.isZero {
            try debit(zone.pricing.joinFee, from: call.sender, state: &state)
            try depositToZonePool(zone.pricing.joinFee, zone: zone.id, state: &state)
        }
        try state.store(Membership(joinedAtMillis: call.now), key)
        state.emit(.memberJoined(zone: zone.id, member: member))
    }

    /// ``TransactionKind/leaveZone``: always allowed to the member (a resource's controller for a resource).
    func leaveZone(_ payload: LeaveZonePayload, call: Call, state: inout StagedState)
        throws(BodyError)
    {
        if let id = payload.resource {
            _ = try loadControlledResource(id, call: call, state: &state)
        }
        let member = payload.member(sender: call.sender)
        let key = StateKeys.membership(zone: payload.zone, member: member)
        guard try state.exists(key) else { throw .failed(.notInZone) }
        try state.remove(key)
        state.emit(.memberLeft(zone: payload.zone, member: member))
    }
}
