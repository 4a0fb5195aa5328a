import Common
import L1Consensus
import L1Storage

/// Everything a simulated node keeps across a crash: the write-ahead log (a real `WriteAheadLog` on a memory
/// medium: only synced bytes are sure to survive, and the tail may be torn), the private validator's last
/// signature (saved before a signature is returned), the decided blocks and the chain state.
final class SimulatedDisk {
    let walMedium = MemoryWALMedium()
    let signStore = MemorySignStateStore()
    var blocks: [Height: Block] = [:]
    var commits: [Height: Commit] = [:]
    var states: [Height: ChainState] = [:]
    var latestState: ChainState?
    var pendingEvidence: [DuplicateVoteEvidence] = []

    /// A crash: unsynced log bytes are lost, or a random prefix of them survives (a torn tail).
    func crash(_ rng: inout SplitMix64) {
        _ = walMedium.simulateCrash(using: &rng)
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
