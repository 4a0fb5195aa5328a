import Common
import L1Consensus

/// Everything a simulated node keeps across a crash: the journal (only what was synced survives), the private
/// validator's last signature, the decided blocks and the chain state.
final class SimulatedDisk {
    var journalRecords: [[UInt8]] = []
    var journalSynced = 0
    var endHeights: [(Height, Int)] = []
    var lastSign: (height: Height, round: Round, step: UInt8, bytes: [UInt8], signature: Ed25519Signature)?
    var blocks: [Height: Block] = [:]
    var commits: [Height: Commit] = [:]
    var states: [Height: ChainState] = [:]
    var latestState: ChainState?
    var pendingEvidence: [DuplicateVoteEvidence] = []

    /// A crash: writes that were not synced are lost; a random prefix of them may survive (a torn tail).
    func crash(_ rng: inout SplitMix64) {
        let unsynced = journalRecords.count - journalSynced
        let kept = unsynced > 0 ? Int(rng.next() % UInt64(unsynced + 1)) : 0
        journalRecords.removeLast(unsynced - kept)
        journalSynced = journalRecords.count
    }
}

final class SimulatedJournal: ConsensusJournal {
    let disk: SimulatedDisk
    init(disk: SimulatedDisk) { self.disk = disk }

    func record(_ input: ConsensusInput) throws {
        if let bytes = input.journalBytes { disk.journalRecords.append(bytes) }
    }

    func sync() throws { disk.journalSynced = disk.journalRecords.count }

    func endHeight(_ height: Height) throws {
        disk.journalSynced = disk.journalRecords.count
        disk.endHeights.append((height, disk.journalRecords.count))
    }

    func inputs(forHeight height: Height) throws -> [ConsensusInput] {
        let start = disk.endHeights.last { $0.0 < height }?.1 ?? 0
        guard start <= disk.journalRecords.count else { return [] }
        return try disk.journalRecords[start...].map { try ConsensusInput(journalBytes: $0) }
    }
}

/// An honest private validator with the double-sign rules (refuse regressions and conflicts, re-sign identical).
final class SimulatedSigner: ConsensusSigner {
    let key: Ed25519PrivateKey
    let disk: SimulatedDisk
    init(key: Ed25519PrivateKey, disk: SimulatedDisk) {
        self.key = key
        self.disk = disk
    }

    var publicKey: Ed25519PublicKey { key.publicKey }

    struct Refused: Error {}

    func sign(_ vote: Vote, chainID: String) throws -> Ed25519Signature {
        try sign(vote.height, vote.round, vote.type == .prevote ? 2 : 3, vote.signBytes(chainID: chainID))
    }

    func sign(_ proposal: Proposal, chainID: String) throws -> Ed25519Signature {
        try sign(proposal.height, proposal.round, 1, proposal.signBytes(chainID: chainID))
    }

    private func sign(_ height: Height, _ round: Round, _ step: UInt8, _ bytes: [UInt8]) throws -> Ed25519Signature {
        if let last = disk.lastSign {
            if (height, round.rawValue, step) == (last.height, last.round.rawValue, last.step) {
                guard bytes == last.bytes else { throw Refused() }
                return last.signature
            }
            guard (height.rawValue, round.rawValue, step) > (last.height.rawValue, last.round.rawValue, last.step)
            else { throw Refused() }
        }
        let signature = key.sign(message: bytes)
        disk.lastSign = (height, round, step, bytes, signature)
        return signature
    }
}

/// A byzantine validator's signer: signs anything.
final class RecklessSigner: ConsensusSigner {
    let key: Ed25519PrivateKey
    init(key: Ed25519PrivateKey) { self.key = key }
    var publicKey: Ed25519PublicKey { key.publicKey }
    func sign(_ vote: Vote, chainID: String) throws -> Ed25519Signature {
        key.sign(message: vote.signBytes(chainID: chainID))
    }
    func sign(_ proposal: Proposal, chainID: String) throws -> Ed25519Signature {
        key.sign(message: proposal.signBytes(chainID: chainID))
    }
}

final class SimulatedStore: ConsensusStore {
    let disk: SimulatedDisk
    let genesis: ChainState
    init(disk: SimulatedDisk, genesis: ChainState) {
        self.disk = disk
        self.genesis = genesis
    }

    func save(_ block: Block, commit: Commit, state: ChainState) throws {
        disk.blocks[block.height] = block
        disk.commits[block.height] = commit
        disk.states[block.height] = state
        disk.latestState = state
    }

    func updateCommit(_ commit: Commit) throws { disk.commits[commit.height] = commit }
    func block(at height: Height) -> Block? { disk.blocks[height] }
    func commit(at height: Height) -> Commit? { disk.commits[height] }

    func validators(at height: Height) -> ValidatorSet? {
        if height == Height(1) { return genesis.validators }
        return disk.states[Height(height.rawValue - 1)]?.validators
    }

    func pendingEvidence() -> [DuplicateVoteEvidence] { disk.pendingEvidence }
    func savePendingEvidence(_ evidence: [DuplicateVoteEvidence]) throws { disk.pendingEvidence = evidence }

    func blockTime(at height: Height) -> Timestamp? {
        height == Height(0) ? genesis.genesisTime : disk.blocks[height]?.header.time
    }
}

/// A deterministic application: transactions are tagged bytes, the app hash chains the data hash, and every
/// fourth height raises one honest validator's power by one (exercising the H+2 rule).
final class SimulatedApplication: BlockExecutor {
    static let tag: UInt8 = 0x53
    let honestKeys: [Ed25519PublicKey]
    let basePower: Int64
    init(honestKeys: [Ed25519PublicKey], basePower: Int64) {
        self.honestKeys = honestKeys
        self.basePower = basePower
    }

    func transactions(forHeight height: Height, maxBytes: Int, time: Timestamp) -> [[UInt8]] {
        (0..<Int(height.rawValue % 3 + 1)).map {
            [Self.tag] + Hash.blake2b(Array("\(height)-\($0)-\(time)".utf8)).bytes
        }
    }

    func accepts(_ block: Block) -> Bool { block.transactions.allSatisfy { $0.first == Self.tag } }

    func execute(_ block: Block) throws -> BlockResults {
        let appHash = Hash.blake2b(block.header.appHash.bytes + block.header.dataHash.bytes)
        var updates = [ValidatorUpdate]()
        let height = block.height.rawValue
        if height % 4 == 0, !honestKeys.isEmpty {
            let key = honestKeys[Int(height / 4) % honestKeys.count]
            updates.append(ValidatorUpdate(publicKey: key, power: basePower + Int64(height / 4)))
        }
        return BlockResults(
            appHash: appHash, resultsHash: MerkleList.root(block.transactions), validatorUpdates: updates)
    }
}
