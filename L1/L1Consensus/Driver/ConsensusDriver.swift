import Common

/// Runs the pure ``ConsensusEngine`` for one node: checks signatures and blocks before the engine sees them,
/// journals every input before processing it, signs through the private validator, executes decided blocks,
/// keeps the evidence pool, buffers messages of the next height, answers catch-up requests, and replays the
/// journal after a restart. It performs no I/O itself: it calls its services and returns effects (messages and
/// timers) for its host, so the real node and the deterministic simulation share it.
public final class ConsensusDriver<Peer: Hashable & Sendable> {
    /// The current engine (read-only view for RPC, metrics and tests).
    public private(set) var engine: ConsensusEngine
    /// The chain state after the last decided block.
    public private(set) var state: ChainState
    /// Pending and committed evidence.
    public private(set) var evidence = EvidencePool()

    private let signer: ConsensusSigner?
    private let journal: ConsensusJournal
    private let executor: BlockExecutor
    private let store: ConsensusStore
    private let gossipInterval: Duration
    private var replaying = false
    private var now = Timestamp.epoch
    private var effects = [DriverEffect<Peer>]()
    private var verdicts: [BlockID: BlockVerdict] = [:]
    private var seen = Set<Hash>()
    private var nextHeightBuffer = [(ConsensusMessage, Peer?)]()
    private var requested = Set<Height>()
    private var served: [Peer: Height] = [:]
    private var servedInSecond: [Peer: Int] = [:]
    private var servedSecond: UInt64 = 0
    private var bufferedBytes = 0
    /// Set when the node cannot continue safely (a failed replay, commit or write); every input is then ignored.
    public private(set) var haltReason: String?

    /// Most messages of the next height kept until it starts.
    public static var maxBufferedMessages: Int { 4_096 }
    /// Most bytes of next-height messages kept until it starts.
    public static var maxBufferedBytes: Int { 16 << 20 }
    /// Most decided blocks served to one peer per second (catch-up requests and replies to stale messages).
    public static var maxServedPerPeerPerSecond: Int { 50 }
    /// How many recent blocks are reread at start to remember which evidence they committed.
    public static var evidenceRescanBlocks: UInt64 { 256 }
    /// Most message hashes remembered for deduplication within a height.
    public static var maxSeenMessages: Int { 200_000 }

    /// Whether the node knows it is behind: it asked a peer for a decided block it has not received.
    public var isCatchingUp: Bool { !requested.isEmpty }

    /// A driver continuing from `state` (the genesis state, or the one loaded from the store).
    public init(
        state: ChainState, timeouts: TimeoutConfig, signer: ConsensusSigner?, journal: ConsensusJournal,
        executor: BlockExecutor, store: ConsensusStore, gossipInterval: Duration = .seconds(1)
    ) {
        self.state = state
        self.signer = signer
        self.journal = journal
        self.executor = executor
        self.store = store
        self.gossipInterval = gossipInterval
        engine = ConsensusEngine(chainID: state.chainID, timeouts: timeouts, ownKey: signer?.publicKey)
    }

    /// Starts the next height, first replaying whatever the journal holds for it (after a crash).
    public func start(now: Timestamp) -> [DriverEffect<Peer>] {
        self.now = now
        let height = state.nextHeight
        // Evidence committed in recent blocks must not be proposed again: the pool's memory of it is rebuilt
        // from the blocks (a crash may have left it in the saved pending list).
        var recent = state.lastBlockHeight
        while recent > Height(0), state.lastBlockHeight.rawValue - recent.rawValue < Self.evidenceRescanBlocks {
            if let block = store.block(at: recent) { evidence.markCommitted(block.evidence) }
            recent = Height(recent.rawValue - 1)
        }
        for item in store.pendingEvidence() {
            _ = try? evidence.add(
                item, state: state, validators: { self.validators(at: $0) }, blockTime: { self.blockTime(at: $0) })
        }
        // The height's start is part of the replay: a block this node built before a crash is in the journal,
        // and building another one now would ask the private validator for a conflicting proposal.
        replaying = true
        feed(.startHeight(state.heightStart))
        do {
            // A crash between saving the last block and marking its height in the journal leaves the marker
            // out; write it now, or the next height's inputs could not be found on the next restart.
            try journal.ensureEndHeight(state.lastBlockHeight)
            let recorded = try journal.inputs(forHeight: height).filter { $0.height == height }
            for input in recorded { feed(input) }
        } catch {
            // Without the journal this validator would forget its lock: it must not go on.
            halt("journal replay of height \(height) failed: \(error)")
        }
        replaying = false
        buildBlockIfAwaited()
        effects.append(.schedule(.gossip, after: gossipInterval))
        return drainEffects()
    }

    /// Handles a message from `peer` received at `now`.
    public func receive(_ message: ConsensusMessage, from peer: Peer?, now: Timestamp) -> [DriverEffect<Peer>] {
        guard haltReason == nil else { return [] }
        self.now = now
        handle(message, from: peer)
        return drainEffects()
    }

    /// Handles a timer that fired at `now`.
    public func timerFired(_ timer: DriverTimer, now: Timestamp) -> [DriverEffect<Peer>] {
        guard haltReason == nil else { return [] }
        self.now = now
        switch timer {
        case .consensus(let timeout):
            feed(.timeout(timeout))
        case .commit(let height):
            guard height == state.lastBlockHeight, engine.height == height else { break }
            if let fuller = engine.commitForDecision() {
                do { try store.updateCommit(fuller) } catch {
                    effects.append(.problem("could not store the fuller commit of \(height): \(error)"))
                }
            }
            startNextHeight()
        case .gossip:
            regossip()
            effects.append(.schedule(.gossip, after: gossipInterval))
        }
        return drainEffects()
    }

    // MARK: - Messages

    private func handle(_ message: ConsensusMessage, from peer: Peer?) {
        switch message {
        case .proposal(let signed, let block):
            let height = signed.proposal.height
            if height == engine.height && engine.step != .commit {
                handleProposal(signed, block, original: message)
            } else {
                handleOtherHeight(height, message, from: peer)
            }
        case .vote(let vote):
            if vote.vote.height == engine.height {
                handleVote(vote, original: message)
            } else {
                handleOtherHeight(vote.vote.height, message, from: peer)
            }
        case .evidence(let item):
            addEvidence(item)
        case .commitRequest(let height):
            if let peer, height <= state.lastBlockHeight, height > Height(0), mayServe(peer),
                let block = store.block(at: height), let commit = store.commit(at: height)
            {
                effects.append(.send(.decidedBlock(block, commit), to: peer))
            }
        case .decidedBlock(let block, let commit):
            handleDecidedBlock(block, commit, from: peer)
        }
    }

    private func handleOtherHeight(_ height: Height, _ message: ConsensusMessage, from peer: Peer?) {
        if height < engine.height || (height == engine.height && engine.step == .commit) {
            // The sender is behind: send it the decided block it is working on.
            if let peer, height <= state.lastBlockHeight, height > Height(0), served[peer] != height, mayServe(peer),
                let block = store.block(at: height), let commit = store.commit(at: height)
            {
                served[peer] = height
                effects.append(.send(.decidedBlock(block, commit), to: peer))
            }
            return
        }
        // The sender is ahead: keep next-height messages for later, and ask for what we miss.
        if height == engine.height.next, nextHeightBuffer.count < Self.maxBufferedMessages {
            let size = message.canonicalBytes.count
            if bufferedBytes + size <= Self.maxBufferedBytes {
                bufferedBytes += size
                nextHeightBuffer.append((message, peer))
            }
        }
        if let peer, engine.step != .commit, requested.insert(engine.height).inserted {
            effects.append(.send(.commitRequest(engine.height), to: peer))
        }
    }

    private func handleProposal(_ signed: SignedProposal, _ block: Block, original: ConsensusMessage) {
        let proposal = signed.proposal
        // Rounds the engine would not take are dropped before any work (computing the proposer of a far round
        // costs in proportion to the round) and are not marked seen, so the same proposal counts when its round
        // comes. Identical bytes are judged once: a relayed copy is neither re-verified nor re-relayed.
        guard proposal.round <= engine.round.next, proposal.blockID == block.id, firstSight(original),
            let validators = engine.validators,
            let index = engine.proposerIndex(for: proposal.round), let proposer = validators.validator(at: index),
            proposal.blockID == block.id, signed.verify(publicKey: proposer.publicKey, chainID: state.chainID)
        else { return }
        effects.append(.broadcast(original))
        feed(.proposal(signed, block, verdict(for: block)))
    }

    private func handleVote(_ vote: SignedVote, original: ConsensusMessage) {
        // A vote the engine would refuse (unknown signer, or a far round past the signer's quota) is neither
        // journaled nor relayed, nor marked seen.
        guard engine.wouldCount(vote), firstSight(original), let validators = engine.validators,
            let validator = validators.validator(at: Int(vote.validatorIndex)),
            vote.verify(publicKey: validator.publicKey, chainID: state.chainID)
        else { return }
        effects.append(.broadcast(original))
        feed(.vote(vote))
    }

    private func handleDecidedBlock(_ block: Block, _ commit: Commit, from peer: Peer?) {
        guard block.height == engine.height, engine.step != .commit, commit.height == block.height,
            commit.blockID == block.id
        else { return }
        do {
            try commit.verify(chainID: state.chainID, validators: state.validators)
            try state.validate(block) { item throws(EvidenceError) in try self.checkEvidence(item) }
        } catch {
            effects.append(.problem("peer sent an invalid decided block at \(block.height): \(error)"))
            return
        }
        requested.remove(block.height)
        feed(.committedBlock(block))
        for (index, entry) in commit.signatures.enumerated() {
            guard engine.step != .commit, let vote = commit.vote(forEntry: entry) else { continue }
            switch entry {
            case .commit(let signature), .nilVote(let signature):
                feed(.vote(SignedVote(vote: vote, validatorIndex: UInt32(index), signature: signature)))
            case .absent: continue
            }
        }
        // Block sync: a block learned from a peer's commit needs no commit timeout (its precommits are all in);
        // move on at once and ask the same peer for the next one.
        if engine.step == .commit, engine.decision?.id == block.id, state.lastBlockHeight == block.height {
            startNextHeight()
            if let peer, requested.insert(engine.height).inserted {
                effects.append(.send(.commitRequest(engine.height), to: peer))
            }
        }
    }

    private func firstSight(_ message: ConsensusMessage) -> Bool {
        // Forgetting only costs a repeated check, so a full memory simply starts over.
        if seen.count >= Self.maxSeenMessages { seen.removeAll(keepingCapacity: true) }
        return seen.insert(Hash.blake2b(message.canonicalBytes)).inserted
    }

    private func mayServe(_ peer: Peer) -> Bool {
        let second = now.nanoseconds / 1_000_000_000
        if second != servedSecond {
            servedSecond = second
            servedInSecond.removeAll(keepingCapacity: true)
        }
        let count = servedInSecond[peer, default: 0]
        guard count < Self.maxServedPerPeerPerSecond else { return false }
        servedInSecond[peer] = count + 1
        return true
    }

    private func halt(_ reason: String) {
        guard haltReason == nil else { return }
        haltReason = reason
        effects.append(.halt(reason))
    }

    private func verdict(for block: Block) -> BlockVerdict {
        let timely = state.isTimely(block, receivedAt: now)
        if let known = verdicts[block.id] { return BlockVerdict(isValid: known.isValid, isTimely: timely) }
        var valid = true
        do {
            try state.validate(block) { item throws(EvidenceError) in try self.checkEvidence(item) }
        } catch {
            valid = false
            effects.append(.problem("invalid block proposed at \(block.height): \(error)"))
        }
        if valid, !executor.accepts(block) { valid = false }
        verdicts[block.id] = BlockVerdict(isValid: valid, isTimely: timely)
        return BlockVerdict(isValid: valid, isTimely: timely)
    }

    private func checkEvidence(_ item: DuplicateVoteEvidence) throws(EvidenceError) {
        try evidence.check(
            item, state: state, validators: { self.validators(at: $0) }, blockTime: { self.blockTime(at: $0) })
    }

    private func validators(at height: Height) -> ValidatorSet? {
        height == state.nextHeight ? state.validators : store.validators(at: height)
    }

    private func blockTime(at height: Height) -> Timestamp? {
        height == state.lastBlockHeight ? state.lastBlockTime : store.blockTime(at: height)
    }

    private func addEvidence(_ item: DuplicateVoteEvidence) {
        do {
            let added = try evidence.add(
                item, state: state, validators: { self.validators(at: $0) }, blockTime: { self.blockTime(at: $0) })
            if added {
                effects.append(.broadcast(.evidence(item)))
                persistPendingEvidence()
            }
        } catch {
            // Invalid, expired or already committed evidence is dropped.
        }
    }

    private func persistPendingEvidence() {
        do { try store.savePendingEvidence(evidence.forProposal(maxBytes: .max)) } catch {
            effects.append(.problem("could not save pending evidence: \(error)"))
        }
    }

    // MARK: - The engine

    private func feed(_ input: ConsensusInput) {
        var queue = [input]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            if !replaying, next.journalBytes != nil {
                do { try journal.record(next) } catch {
                    effects.append(.problem("journal write failed, input dropped: \(error)"))
                    continue
                }
            }
            for output in engine.step(next) { perform(output, &queue) }
        }
    }

    private func perform(_ output: ConsensusOutput, _ queue: inout [ConsensusInput]) {
        switch output {
        case .buildBlock:
            // While replaying, the journal holds the block that was built; it follows as an input.
            guard !replaying else { return }
            if let block = buildBlock() { queue.append(.proposalBlock(block)) }
        case .signProposal(let proposal, let block):
            guard let signature = sign({ try $0.sign(proposal, chainID: state.chainID) }) else { return }
            let signed = SignedProposal(proposal: proposal, signature: signature)
            _ = firstSight(.proposal(signed, block))
            effects.append(.broadcast(.proposal(signed, block)))
            queue.append(.proposal(signed, block, verdict(for: block)))
        case .signVote(let vote):
            guard let signer, let index = engine.validators?.index(of: signer.publicKey),
                let signature = sign({ try $0.sign(vote, chainID: state.chainID) })
            else { return }
            let signed = SignedVote(vote: vote, validatorIndex: UInt32(index), signature: signature)
            _ = firstSight(.vote(signed))
            effects.append(.broadcast(.vote(signed)))
            queue.append(.vote(signed))
        case .scheduleTimeout(let timeout, let duration):
            effects.append(.schedule(.consensus(timeout), after: duration))
        case .decided(let block, let commit):
            commitDecision(block, commit)
        case .evidence(let item):
            addEvidence(item)
        case .enteredRound:
            break
        }
    }

    private func sign(_ body: (ConsensusSigner) throws -> Ed25519Signature) -> Ed25519Signature? {
        guard let signer else { return nil }
        do {
            // What we are about to sign must survive a crash in the journal first.
            try journal.sync()
            return try body(signer)
        } catch {
            // While replaying, a refusal only means the signature was already made (the signed message follows
            // from the journal); it is not a problem.
            if !replaying { effects.append(.problem("refused to sign: \(error)")) }
            return nil
        }
    }

    private func buildBlock() -> Block? {
        guard let signer else { return nil }
        let height = state.nextHeight
        let lastCommit = height == Height(1) ? nil : store.commit(at: state.lastBlockHeight)
        let items = evidence.forProposal(maxBytes: state.params.maxEvidenceBytes)
        let reserve = 4096 + (lastCommit?.canonicalBytes.count ?? 0) + items.reduce(0) { $0 + $1.canonicalBytes.count }
        let transactions = executor.transactions(
            forHeight: height, maxBytes: max(0, state.params.maxBlockBytes - reserve), time: now)
        return state.makeBlock(
            transactions: transactions, evidence: items, lastCommit: lastCommit, now: now,
            proposer: Validator.address(of: signer.publicKey))
    }

    private func buildBlockIfAwaited() {
        guard engine.isAwaitingOwnBlock, let block = buildBlock() else { return }
        feed(.proposalBlock(block))
    }

    private func commitDecision(_ block: Block, _ commit: Commit) {
        do {
            let results = try executor.execute(block)
            let next = try state.applying(block, results: results)
            try store.save(block, commit: commit, state: next)
            try journal.endHeight(block.height)
            evidence.update(committedIn: block, state: next)
            state = next
            if !block.evidence.isEmpty { persistPendingEvidence() }
            effects.append(.committed(block, commit))
            effects.append(.schedule(.commit(block.height), after: engine.timeouts.commit))
        } catch {
            // Executing or persisting a decided block failed: this node cannot continue safely.
            halt("could not commit block \(block.height): \(error)")
        }
    }

    private func startNextHeight() {
        verdicts = [:]
        seen = []
        requested = []
        served = [:]
        bufferedBytes = 0
        feed(.startHeight(state.heightStart))
        buildBlockIfAwaited()
        let buffered = nextHeightBuffer
        nextHeightBuffer = []
        for (message, peer) in buffered { handle(message, from: peer) }
    }

    /// Re-sends what peers may have lost: pending evidence, this validator's proposal and votes of the recent
    /// rounds, and the polka behind its valid block (a re-proposal is only accepted by peers that saw it).
    private func regossip() {
        // A catch-up request that got no answer may be asked again (of whichever peer is ahead next).
        requested.removeAll()
        for item in evidence.forProposal(maxBytes: state.params.maxEvidenceBytes) {
            effects.append(.broadcast(.evidence(item)))
        }
        guard engine.step != .commit, let signer, let validators = engine.validators,
            let index = validators.index(of: signer.publicKey)
        else { return }
        let first = engine.round.rawValue >= Self.regossipRounds ? engine.round.rawValue - Self.regossipRounds : 0
        for number in first...engine.round.rawValue {
            let round = Round(number)
            if let (proposal, block) = engine.proposal(for: round), engine.proposerIndex(for: round) == index {
                effects.append(.broadcast(.proposal(proposal, block)))
            }
            for type in [VoteType.prevote, .precommit] {
                for vote in engine.votes(type, round: round) where vote.validatorIndex == UInt32(index) {
                    effects.append(.broadcast(.vote(vote)))
                }
            }
        }
        if let valid = engine.valid {
            for vote in engine.votes(.prevote, round: valid.round) where vote.vote.blockID == valid.block.id {
                effects.append(.broadcast(.vote(vote)))
            }
        }
    }

    /// How many rounds back a validator re-sends its own votes.
    static var regossipRounds: UInt32 { 8 }

    private func drainEffects() -> [DriverEffect<Peer>] {
        defer { effects = [] }
        return effects
    }
}
