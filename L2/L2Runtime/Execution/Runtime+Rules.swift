import Common

/// The fixed bounds of the runtime's rules evaluations.
public enum RuntimeRuleLimits {
    /// The most fuel one program evaluation gets (docs/rules.md gives the costs).
    public static let fuelPerEvaluation: UInt64 = 100_000
    /// The fuel all the evaluations of one transaction share: an evaluation gets ``fuelPerEvaluation`` or what
    /// the transaction has left, whichever is less. It bounds the work one transaction can ask for, whatever
    /// the number of programs it names (a request for execution on 16 resources runs 18).
    public static let fuelPerTransaction: UInt64 = 200_000
}

/// A request to evaluate against one or more programs: everything but the resource is shared.
struct RuleRequest {
    /// The context without a resource, its facts loaded once for every program the request is evaluated on.
    let loaded: LoadedRuleContext

    init(base: RuleContext) {
        loaded = LoadedRuleContext(base)
    }

    /// The context without a resource.
    var base: RuleContext { loaded.context }

    /// The context for `resource` (or for none).
    func context(resource: Hash?) -> LoadedRuleContext {
        loaded.with(resource: resource.map(RuleAtoms.id))
    }
}

/// How the runtime names things in rules facts.
enum RuleAtoms {
    /// An account: its bech32 address as an atom, e.g. `strata1...`.
    static func address(_ address: Address) -> RuleTerm { .atom(address.description) }
    /// A zone, resource or execution: its id in lower-case hex as an atom.
    static func id(_ id: Hash) -> RuleTerm { .atom(id.description) }
    /// An amount, clamped to Int64 (the language's integers).
    static func amount(_ amount: Amount) -> RuleTerm { .integer(Int64(clamping: amount.value)) }
}

extension Runtime {
    /// The stored program `id`, parsed; fails with ``FailureReason/unknownProgram`` if none is stored.
    func loadProgram(_ id: Hash, state: inout StagedState) throws(BodyError) -> RuleProgram {
        guard let source = try lift({ () throws(StateError) in try state.get(StateKeys.program(id)) }) else {
            throw .failed(.unknownProgram)
        }
        do {
            return try programs.program(id, source: source)
        } catch {
            throw .failed(.invalidProgram)
        }
    }

    /// Fails with ``FailureReason/unknownProgram`` unless a program is stored under `id`.
    func requireProgram(_ id: Hash, state: inout StagedState) throws(BodyError) {
        guard try state.exists(StateKeys.program(id)) else { throw .failed(.unknownProgram) }
    }

    /// The request of `subject` for `action` in `zone`: the block time, the subject's balance and the
    /// credentials it holds that are valid now, and `extraFacts`.
    func ruleRequest(
        action: String, subject: Address, zone: Hash?, call: Call, extraFacts: [RuleFact] = [],
        state: inout StagedState
    ) throws(BodyError) -> RuleRequest {
        let subjectAtom = RuleAtoms.address(subject)
        let balance = try state.load(Account.self, StateKeys.account(subject))?.balance ?? .zero
        var credentials: [RuleContext.Credential] = []
        if let held = try state.load(HeldCredentials.self, StateKeys.heldCredentials(subject)) {
            for id in held.ids {
                guard let credential = try state.load(Credential.self, StateKeys.credential(id)),
                    credential.isValid(atMillis: call.now)
                else { continue }
                credentials.append(
                    RuleContext.Credential(
                        holder: subjectAtom, type: .atom(credential.type),
                        issuer: RuleAtoms.address(credential.issuer)))
            }
        }
        let context = RuleContext(
            action: .atom(action), subject: subjectAtom, zone: zone.map(RuleAtoms.id),
            time: Int64(call.now / 1000),
            balances: [RuleContext.Balance(account: subjectAtom, amount: Int64(clamping: balance.value))],
            credentials: credentials, extraFacts: extraFacts)
        return RuleRequest(base: context)
    }

    /// Evaluates program `id` on a loaded context with the fuel the call has left (at most
    /// ``RuntimeRuleLimits/fuelPerEvaluation``), and spends what it used; fails with `refusal` unless it
    /// permits. An evaluation that does not finish fails the transaction with ``FailureReason/outOfFuel`` when
    /// it ran out of fuel the fee limited (more fee would have bought more), and with
    /// ``FailureReason/rulesEvaluationFailed`` otherwise.
    func require(
        _ id: Hash, permits context: LoadedRuleContext, else refusal: FailureReason, call: Call,
        state: inout StagedState
    ) throws(BodyError) {
        let program = try loadProgram(id, state: &state)
        let given = min(RuntimeRuleLimits.fuelPerEvaluation, call.fuel.remaining)
        let evaluation = program.evaluate(loaded: context, fuel: given)
        call.fuel.spend(evaluation.fuelUsed)
        switch evaluation.decision {
        case .permitted: return
        case .denied, .notPermitted: throw .failed(refusal)
        case .failed(.outOfFuel) where call.fuel.limit.boughtByFee && given < RuntimeRuleLimits.fuelPerEvaluation:
            throw .failed(.outOfFuel)
        case .failed: throw .failed(.rulesEvaluationFailed)
        }
    }

    /// ``TransactionKind/storeProgram``: parses the source and stores it under its hash (storing a program
    /// already stored succeeds and changes nothing).
    func storeProgram(
        _ payload: StoreProgramPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        let program: RuleProgram
        do {
            program = try RuleProgram.decode(payload.source)
        } catch {
            throw .failed(.invalidProgram)
        }
        let key = StateKeys.program(program.id)
        if try state.exists(key) { return }
        try lift { () throws(StateError) in try state.set(key, payload.source) }
        programs.remember(program)
        state.emit(.programStored(program: program.id))
    }
}
