import Common
import Foundation
import L1Consensus
import L1Storage

/// A whole validator set in one process, driven by one seed: a simulated network (delay, drop, duplicate,
/// reorder, partitions), crashes with restart from the journal, and byzantine validators that equivocate.
/// Invariants are checked after every event; the first violation is recorded with the seed that replays it.
final class SimulatedCluster {
    struct Options {
        var validators = 4
        var byzantine = 1
        /// Simulated time with faults (drops, partitions, crashes, equivocation).
        var chaos: Duration = .seconds(4)
        /// Simulated time after every fault is healed, in which progress is required.
        var calm: Duration = .seconds(4)
        /// When set, validator 0 stays down from genesis for this long and must then sync to the others.
        var lateJoin: Duration?
        /// How often (percent) a byzantine validator equivocates on a message it sends.
        var equivocationPercent: UInt64 = 50
        /// Heights every honest node must gain during the calm phase.
        var requiredProgress: UInt64 = 3
        var dropPercent: UInt64 = 10
        var duplicatePercent: UInt64 = 5
        var maxDelayMilliseconds: UInt64 = 30
        /// The engine's timeouts, scaled down 10x from the defaults: the algorithm does not depend on their
        /// size, and the run covers more heights and rounds per event.
        var timeouts = TimeoutConfig(
            propose: .milliseconds(300), proposeDelta: .milliseconds(50), prevote: .milliseconds(100),
            prevoteDelta: .milliseconds(50), precommit: .milliseconds(100), precommitDelta: .milliseconds(50),
            commit: .milliseconds(100))
    }

    enum Event {
        case deliver(ConsensusMessage, from: Int, to: Int)
        case timer(DriverTimer, node: Int, epoch: Int)
        case crash(Int)
        case restart(Int)
        case partition([Int])
        case heal
    }

    struct Scheduled {
        let time: UInt64
        let sequence: UInt64
        let event: Event
    }

    final class Node {
        let index: Int
        let key: Ed25519PrivateKey
        let byzantine: Bool
        let disk = SimulatedDisk()
        var driver: ConsensusDriver<Int>?
        var epoch = 0
        init(index: Int, key: Ed25519PrivateKey, byzantine: Bool) {
            self.index = index
            self.key = key
            self.byzantine = byzantine
        }
    }

    let seed: UInt64
    let options: Options
    let chainID = "sim-chain"
    var rng: SplitMix64
    let genesis: ChainState
    var nodes: [Node] = []
    var queue: [Scheduled] = []
    var sequence: UInt64 = 0
    var now: UInt64 = 0
    var partition: Set<Int>?
    var healed = false

    // Invariant bookkeeping.
    var decided: [Height: BlockID] = [:]
    var honestSignatures: [String: [UInt8]] = [:]
    var equivocations = Set<String>()
    var committedEvidence = Set<String>()
    var detectedEvidence = Set<String>()
    var violations: [String] = []
    var heightsAtHeal: [Int: Height] = [:]

    init(seed: UInt64, options: Options) {
        self.seed = seed
        self.options = options
        rng = SplitMix64(seed: seed)
        var keys = [Ed25519PrivateKey]()
        for index in 0..<options.validators {
            var seedBytes = [UInt8](repeating: 0, count: 32)
            seedBytes[0] = UInt8(index)
            seedBytes[1] = 0x5A
            keys.append(try! Ed25519PrivateKey(seed: seedBytes))
        }
        let power: Int64 = 10
        let set = try! ValidatorSet.genesis(keys.map { ($0.publicKey, power) })
        genesis = ChainState(
            chainID: chainID, genesisTime: Timestamp(milliseconds: 1_700_000_000_000), validators: set,
            appHash: Hash.blake2b(Array("genesis".utf8)))
        // Byzantine validators are the last ones by index.
        for (index, key) in keys.enumerated() {
            nodes.append(Node(index: index, key: key, byzantine: index >= options.validators - options.byzantine))
        }
    }

    var honest: [Node] { nodes.filter { !$0.byzantine } }

    private func makeDriver(for node: Node) throws -> ConsensusDriver<Int> {
        let honestKeys = honest.map(\.key.publicKey)
        let signer: ConsensusSigner =
            node.byzantine
            ? RecklessSigner(key: node.key)
            : PrivValidatorSigner(privValidator: try PrivValidator(key: node.key, store: node.disk.signStore))
        // Reopening the log after a crash recovers it: a torn tail is cut back to the last whole record.
        let log = try WriteAheadLog.open(medium: node.disk.walMedium)
        return ConsensusDriver<Int>(
            state: node.disk.latestState ?? genesis, timeouts: options.timeouts, signer: signer,
            journal: WALJournal(log: log),
            executor: SimulatedApplication(honestKeys: honestKeys, basePower: 10),
            store: SimulatedStore(disk: node.disk, genesis: genesis), gossipInterval: .milliseconds(300))
    }

    private var nowTimestamp: Timestamp { genesis.genesisTime.adding(.nanoseconds(Int64(now))) }

    private func schedule(_ event: Event, after delay: UInt64) {
        sequence += 1
        let item = Scheduled(time: now + delay, sequence: sequence, event: event)
        // A binary min-heap ordered by (time, sequence): equal times keep their scheduling order.
        queue.append(item)
        var child = queue.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.before(queue[child], queue[parent]) else { break }
            queue.swapAt(child, parent)
            child = parent
        }
    }

    private static func before(_ a: Scheduled, _ b: Scheduled) -> Bool {
        (a.time, a.sequence) < (b.time, b.sequence)
    }

    private func popEarliest() -> Scheduled {
        let first = queue[0]
        let last = queue.removeLast()
        guard !queue.isEmpty else { return first }
        queue[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < queue.count, Self.before(queue[left], queue[smallest]) { smallest = left }
            if right < queue.count, Self.before(queue[right], queue[smallest]) { smallest = right }
            guard smallest != parent else { break }
            queue.swapAt(parent, smallest)
            parent = smallest
        }
        return first
    }

    private func random(_ bound: UInt64) -> UInt64 { bound == 0 ? 0 : rng.next() % bound }

    // MARK: - Run

    func run() -> [String] {
        let chaosEnd = options.chaos.nanosecondsClamped
        let end = chaosEnd + options.calm.nanosecondsClamped
        for node in nodes {
            if let lateJoin = options.lateJoin, node.index == 0 {
                schedule(.restart(0), after: lateJoin.nanosecondsClamped)
            } else {
                boot(node)
            }
        }
        planFaults(until: chaosEnd)
        schedule(.heal, after: chaosEnd)
        while !queue.isEmpty, violations.isEmpty {
            let next = popEarliest()
            guard next.time <= end else { break }
            now = next.time
            process(next.event)
        }
        checkEnd()
        if ProcessInfo.processInfo.environment["STRATA_SIM_TRACE"] != nil {
            print(
                "seed \(seed): decided \(decided.count) heights, \(equivocations.count) equivocations, "
                    + "\(detectedEvidence.count) detected, \(committedEvidence.count) committed as evidence, "
                    + "\(sequence) events")
        }
        return violations
    }

    private func planFaults(until chaosEnd: UInt64) {
        var time: UInt64 = 0
        while true {
            time += 300_000_000 + random(1_500_000_000)
            guard time < chaosEnd else { break }
            switch random(3) {
            case 0:
                let victim = honest[Int(random(UInt64(honest.count)))].index
                schedule(.crash(victim), after: time)
                schedule(.restart(victim), after: time + 100_000_000 + random(1_500_000_000))
            case 1:
                var side = [Int]()
                for node in nodes where random(2) == 0 { side.append(node.index) }
                schedule(.partition(side), after: time)
                schedule(.heal, after: time + 200_000_000 + random(2_000_000_000))
            default:
                break
            }
        }
    }

    /// Whether `node` is the late joiner and its time has not come.
    private func isWaitingToJoin(_ node: Node) -> Bool {
        guard let lateJoin = options.lateJoin, node.index == 0 else { return false }
        return now < lateJoin.nanosecondsClamped
    }

    private var isJoinTime: Bool { options.lateJoin.map { now == $0.nanosecondsClamped } ?? false }

    private func boot(_ node: Node) {
        node.epoch += 1
        let driver: ConsensusDriver<Int>
        do { driver = try makeDriver(for: node) } catch {
            violations.append("seed \(seed): node \(node.index) could not restart: \(error)")
            return
        }
        node.driver = driver
        apply(driver.start(now: nowTimestamp), from: node)
    }

    private func process(_ event: Event) {
        switch event {
        case .deliver(let message, let from, let to):
            guard let driver = nodes[to].driver else { return }
            apply(driver.receive(message, from: from, now: nowTimestamp), from: nodes[to])
        case .timer(let timer, let index, let epoch):
            let node = nodes[index]
            guard node.epoch == epoch, let driver = node.driver else { return }
            apply(driver.timerFired(timer, now: nowTimestamp), from: node)
        case .crash(let index):
            let node = nodes[index]
            guard node.driver != nil, !healed else { return }
            node.driver = nil
            node.epoch += 1
            node.disk.crash(&rng)
        case .restart(let index):
            if nodes[index].driver == nil, index != 0 || !isWaitingToJoin(nodes[index]) || isJoinTime {
                boot(nodes[index])
            }
        case .partition(let side):
            if !healed { partition = Set(side) }
        case .heal:
            partition = nil
            if now >= options.chaos.nanosecondsClamped, !healed {
                healed = true
                for node in nodes where node.driver == nil && !isWaitingToJoin(node) { boot(node) }
                for node in honest { heightsAtHeal[node.index] = node.disk.latestState?.lastBlockHeight ?? Height(0) }
            }
        }
    }

    // MARK: - Effects and the network

    private func apply(_ effects: [DriverEffect<Int>], from node: Node) {
        for effect in effects {
            switch effect {
            case .broadcast(let message):
                broadcast(message, from: node)
            case .send(let message, let peer):
                send(message, from: node.index, to: peer)
            case .schedule(let timer, let duration):
                schedule(.timer(timer, node: node.index, epoch: node.epoch), after: duration.nanosecondsClamped)
            case .committed(let block, let commit):
                observeCommit(block, commit, by: node)
            case .problem(let text):
                if text.contains("invalid block proposed") == false, text.contains("peer sent") == false,
                    !node.byzantine, text.contains("refused to sign")
                {
                    violations.append("seed \(seed): node \(node.index) problem: \(text)")
                }
            case .halt(let reason):
                // No fault the simulation injects (crashes, torn logs, byzantine peers) may stop an honest node.
                if !node.byzantine { violations.append("seed \(seed): node \(node.index) halted: \(reason)") }
            }
        }
    }

    private func broadcast(_ message: ConsensusMessage, from node: Node) {
        let peers = nodes.indices.filter { $0 != node.index }
        if !node.byzantine {
            recordHonestSignature(message, by: node)
            if case .evidence(let item) = message { detectedEvidence.insert(key(for: item.voteA)) }
            for peer in peers { send(message, from: node.index, to: peer) }
            return
        }
        // A byzantine node equivocates on its own votes and proposals: half of the peers get a conflicting twin.
        guard random(100) < options.equivocationPercent, let twin = conflictingTwin(of: message, from: node) else {
            for peer in peers { send(message, from: node.index, to: peer) }
            return
        }
        for (position, peer) in peers.enumerated() {
            send(position % 2 == 0 ? message : twin, from: node.index, to: peer)
        }
    }

    private func conflictingTwin(of message: ConsensusMessage, from node: Node) -> ConsensusMessage? {
        switch message {
        case .vote(let signed):
            guard let set = node.driver?.engine.validators,
                set.index(of: node.key.publicKey) == Int(signed.validatorIndex)
            else { return nil }
            let other: BlockID? = signed.vote.blockID == nil ? BlockID(Hash.blake2b(rng.bytes(8))) : nil
            let vote = Vote(
                type: signed.vote.type, height: signed.vote.height, round: signed.vote.round, blockID: other)
            let twin = SignedVote(
                vote: vote, validatorIndex: signed.validatorIndex,
                signature: node.key.sign(message: vote.signBytes(chainID: chainID)))
            equivocations.insert(key(for: signed))
            return .vote(twin)
        case .proposal(let signed, let block):
            guard let engine = node.driver?.engine, let set = engine.validators,
                engine.proposerIndex(for: signed.proposal.round) == set.index(of: node.key.publicKey),
                signed.proposal.polRound == nil
            else { return nil }
            let header = block.header
            var changed = header
            changed.time = header.time.adding(.milliseconds(1))
            let twinBlock = Block(
                header: changed, transactions: block.transactions, evidence: block.evidence,
                lastCommit: block.lastCommit)
            let proposal = Proposal(
                height: signed.proposal.height, round: signed.proposal.round, polRound: nil, blockID: twinBlock.id)
            return .proposal(
                SignedProposal(
                    proposal: proposal, signature: node.key.sign(message: proposal.signBytes(chainID: chainID))),
                twinBlock)
        default:
            return nil
        }
    }

    private func send(_ message: ConsensusMessage, from: Int, to: Int) {
        if let partition, partition.contains(from) != partition.contains(to) { return }
        if !healed, random(100) < options.dropPercent { return }
        let copies = !healed && random(100) < options.duplicatePercent ? 2 : 1
        for _ in 0..<copies {
            schedule(
                .deliver(message, from: from, to: to),
                after: 1_000_000 + random(options.maxDelayMilliseconds * 1_000_000))
        }
    }

    // MARK: - Invariants

    private func key(for vote: SignedVote) -> String {
        "\(vote.validatorIndex)/\(vote.vote.height)/\(vote.vote.round)/\(vote.vote.type)"
    }

    private func recordHonestSignature(_ message: ConsensusMessage, by node: Node) {
        let (slot, bytes): (String, [UInt8])
        switch message {
        case .vote(let signed):
            guard let set = node.driver?.engine.validators,
                set.index(of: node.key.publicKey) == Int(signed.validatorIndex)
            else { return }
            slot = "\(node.index)/\(signed.vote.height)/\(signed.vote.round)/\(signed.vote.type)"
            bytes = signed.vote.signBytes(chainID: chainID)
        case .proposal(let signed, _):
            guard let engine = node.driver?.engine, let set = engine.validators,
                engine.proposerIndex(for: signed.proposal.round) == set.index(of: node.key.publicKey)
            else { return }
            slot = "\(node.index)/\(signed.proposal.height)/\(signed.proposal.round)/proposal"
            bytes = signed.proposal.signBytes(chainID: chainID)
        default:
            return
        }
        if let previous = honestSignatures[slot], previous != bytes {
            violations.append("seed \(seed): honest node \(node.index) double-signed \(slot)")
        }
        honestSignatures[slot] = bytes
    }

    private func observeCommit(_ block: Block, _ commit: Commit, by node: Node) {
        guard !node.byzantine else { return }
        let height = block.height
        if let existing = decided[height], existing != block.id {
            violations.append("seed \(seed): agreement violated at height \(height): \(existing) vs \(block.id)")
        }
        decided[height] = block.id
        if height > Height(1), let previous = decided[Height(height.rawValue - 1)], block.header.lastBlockID != previous
        {
            violations.append("seed \(seed): block \(height) does not extend the decided chain")
        }
        if !block.transactions.allSatisfy({ $0.first == SimulatedApplication.tag }) {
            violations.append("seed \(seed): invalid transaction committed at \(height)")
        }
        for item in block.evidence { committedEvidence.insert(key(for: item.voteA)) }
    }

    private func checkEnd() {
        guard violations.isEmpty else { return }
        for node in honest {
            let start = heightsAtHeal[node.index] ?? Height(0)
            let reached = node.disk.latestState?.lastBlockHeight ?? Height(0)
            if reached.rawValue < start.rawValue + options.requiredProgress {
                violations.append(
                    "seed \(seed): liveness: node \(node.index) went from height \(start) to \(reached) after healing")
            }
        }
        if options.lateJoin != nil {
            let top = honest.compactMap { $0.disk.latestState?.lastBlockHeight.rawValue }.max() ?? 0
            let joined = nodes[0].disk.latestState?.lastBlockHeight.rawValue ?? 0
            if joined + 2 < top {
                violations.append("seed \(seed): the late joiner reached height \(joined) of \(top)")
            }
        }
        // Every equivocation an honest validator detected, at a height decided well before the end, must be
        // committed as evidence. (An equivocation whose twin arrived only after every honest node had moved past
        // its height cannot be detected, in CometBFT either.)
        let final = decided.keys.max() ?? Height(0)
        for equivocation in equivocations.sorted() where detectedEvidence.contains(equivocation) {
            let parts = equivocation.split(separator: "/")
            guard parts.count == 4, let height = UInt64(parts[1]), height + 4 <= final.rawValue,
                heightsAtHeal.values.allSatisfy({ $0.rawValue > height })
            else { continue }
            if !committedEvidence.contains(equivocation) {
                violations.append("seed \(seed): equivocation \(equivocation) was never committed as evidence")
            }
        }
    }
}
