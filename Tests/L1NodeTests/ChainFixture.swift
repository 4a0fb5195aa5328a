import Common
import Foundation
import L1App
import L1Consensus
import Testing

@testable import L1Node

/// Keys, a genesis, real signed transfers and a chain builder shared by the mempool, block store and adapter tests.
enum ChainFixture {
    static let chainID = "strata-node-test"
    static let denom = "ustrata"
    static let minFee: Amount = 250
    static let startingBalance: Amount = 1_000_000
    static let genesisTime = L1Consensus.Timestamp(nanoseconds: 1_700_000_000_000_000_000)

    /// The account key whose secret is 31 zero bytes then `n`.
    static func accountKey(_ n: UInt8) -> AccountPrivateKey {
        do {
            return try AccountPrivateKey(bytes: [UInt8](repeating: 0, count: 31) + [n])
        } catch {
            preconditionFailure("secret \(n) is a valid scalar: \(error)")
        }
    }

    static let alice = accountKey(1)
    static let bob = accountKey(2)
    static let carol = accountKey(3)
    static let dave = accountKey(4)
    static let erin = accountKey(5)
    /// Funded at genesis.
    static let funded = [alice, bob, carol, dave, erin]

    /// Four validator consensus keys.
    static let validatorKeys: [Ed25519PrivateKey] = (0..<4).map { index in
        do {
            return try Ed25519PrivateKey(seed: [UInt8](repeating: UInt8(0x40 + index), count: 32))
        } catch {
            preconditionFailure("every 32-byte seed is valid: \(error)")
        }
    }

    /// The genesis validator set: the four keys with power 10 each.
    static var validatorSet: ValidatorSet {
        get throws { try validatorSet(count: 4) }
    }

    /// The genesis set of the first `count` validator keys, power 10 each.
    static func validatorSet(count: Int) throws -> ValidatorSet {
        try ValidatorSet.genesis(validatorKeys.prefix(count).map { ($0.publicKey, 10) })
    }

    static func appGenesis(balance: Amount = startingBalance) -> AppGenesis {
        AppGenesis(
            bank: BankGenesis(
                params: BankParams(denom: denom, minFee: minFee),
                accounts: funded.map { GenesisAccount(address: $0.publicKey.address, balance: balance) }))
    }

    static func initChainRequest(balance: Amount = startingBalance, validators: Int = 4) throws -> InitChainRequest {
        InitChainRequest(
            chainID: chainID, genesisTime: L1App.Timestamp(nanosecondsSinceEpoch: Int64(genesisTime.nanoseconds)),
            validators: validatorKeys.prefix(validators).map {
                L1App.ValidatorUpdate(publicKey: $0.publicKey, power: 10)
            },
            appState: try appGenesis(balance: balance).json())
    }

    /// An application after genesis, in memory or in the SQLite file at `path`.
    static func application(path: String? = nil, validators: Int = 4) throws -> L1Application {
        let app = try path.map { try L1Application(path: $0) } ?? L1Application(tree: StateTree.inMemory())
        _ = try app.initChain(initChainRequest(validators: validators))
        return app
    }

    /// The genesis chain state of an application whose genesis root is `appHash`.
    static func genesisState(appHash: Hash, validators: Int = 4) throws -> ChainState {
        ChainState(
            chainID: chainID, genesisTime: genesisTime, validators: try validatorSet(count: validators),
            appHash: appHash)
    }

    /// The bytes of a transaction of `messages` signed by `key`.
    static func tx(_ key: AccountPrivateKey, nonce: UInt64, fee: Amount = minFee, messages: [Message]) -> [UInt8] {
        let body = Transaction(chainID: chainID, signer: key.publicKey, nonce: nonce, fee: fee, messages: messages)
        return SignedTransaction(signing: body, with: key).bytes
    }

    /// The bytes of a transfer of `amount` from `key` to `recipient`.
    static func send(
        _ key: AccountPrivateKey, to recipient: AccountPrivateKey = erin, amount: Amount = 1, nonce: UInt64,
        fee: Amount = minFee
    ) -> [UInt8] {
        tx(key, nonce: nonce, fee: fee, messages: [.send(to: recipient.publicKey.address, amount: amount)])
    }

    /// A commit of `block` with precommits from the first `signers` validators of `validators` (in set order).
    static func commit(for block: Block, validators: ValidatorSet, signers: Int = 4) -> Commit {
        let vote = Vote(type: .precommit, height: block.height, round: .zero, blockID: block.id)
        let signatures = validators.validators.enumerated().map { index, validator -> CommitSignature in
            guard index < signers, let key = validatorKeys.first(where: { $0.publicKey == validator.publicKey }) else {
                return .absent
            }
            return .commit(key.sign(message: vote.signBytes(chainID: chainID)))
        }
        return Commit(height: block.height, round: .zero, blockID: block.id, signatures: signatures)
    }

    /// Evidence that the validator at `index` of `validators` prevoted both a block and nil at `height`, round 0;
    /// `time` must be the time of the block before `height`.
    static func equivocation(
        by index: Int, height: Height, validators: ValidatorSet, time: L1Consensus.Timestamp
    ) throws -> DuplicateVoteEvidence {
        let validator = try #require(validators.validator(at: index))
        let key = try #require(validatorKeys.first { $0.publicKey == validator.publicKey })
        func signed(_ blockID: BlockID?) -> SignedVote {
            let vote = Vote(type: .prevote, height: height, round: .zero, blockID: blockID)
            return SignedVote(
                vote: vote, validatorIndex: UInt32(index),
                signature: key.sign(message: vote.signBytes(chainID: chainID)))
        }
        let fake = BlockID(Hash.blake2b(Array("not a block".utf8)))
        return try #require(
            DuplicateVoteEvidence(
                signed(fake), signed(nil), validator: validator, totalVotingPower: validators.totalVotingPower,
                time: time))
    }

    /// A fresh temporary directory; the caller removes it.
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("l1node-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }
}

/// Builds a valid chain of blocks without an application: made-up app hashes, real commits.
struct ChainBuilder {
    var state: ChainState
    var lastCommit: Commit?

    init(genesis: ChainState) {
        state = genesis
    }

    /// The next block with `transactions`, its commit (signed by `signers` validators) and the state after it.
    mutating func next(
        _ transactions: [[UInt8]] = [], signers: Int = 4, evidence: [DuplicateVoteEvidence] = [],
        updates: [L1Consensus.ValidatorUpdate] = []
    ) throws -> (block: Block, commit: Commit, state: ChainState) {
        let height = state.nextHeight.rawValue
        let block = state.makeBlock(
            transactions: transactions, evidence: evidence, lastCommit: lastCommit,
            now: ChainFixture.genesisTime.adding(.seconds(Int64(height))), proposer: state.validators.proposer.address)
        let commit = ChainFixture.commit(for: block, validators: state.validators, signers: signers)
        let results = BlockResults(
            appHash: Hash.blake2b(Array("app \(height)".utf8)), resultsHash: MerkleList.root(transactions),
            validatorUpdates: updates)
        state = try state.applying(block, results: results)
        lastCommit = commit
        return (block, commit, state)
    }
}

/// An application that counts the checks it is asked for, around a real ``L1Application``.
final class CountingApplication: Application {
    let base: L1Application
    private(set) var newChecks = 0
    private(set) var rechecks = 0

    init(_ base: L1Application) { self.base = base }

    func info() throws(ApplicationError) -> InfoResponse { try base.info() }
    func initChain(_ request: InitChainRequest) throws(ApplicationError) -> InitChainResponse {
        try base.initChain(request)
    }
    func checkTx(_ tx: [UInt8], kind: CheckTxKind) throws(ApplicationError) -> CheckTxResponse {
        if kind == .new { newChecks += 1 } else { rechecks += 1 }
        return try base.checkTx(tx, kind: kind)
    }
    func prepareProposal(_ request: PrepareProposalRequest) throws(ApplicationError) -> [[UInt8]] {
        try base.prepareProposal(request)
    }
    func processProposal(_ request: ProcessProposalRequest) throws(ApplicationError) -> ProcessProposalResponse {
        try base.processProposal(request)
    }
    func finalizeBlock(_ request: FinalizeBlockRequest) throws(ApplicationError) -> FinalizeBlockResponse {
        try base.finalizeBlock(request)
    }
    func commit() throws(ApplicationError) -> CommitResponse { try base.commit() }
    func query(_ request: QueryRequest) throws(ApplicationError) -> QueryResponse { try base.query(request) }
}

extension L1Application {
    /// Finalizes and commits the next block of `transactions` directly (as another node's block would arrive).
    @discardableResult
    func commitBlock(_ transactions: [[UInt8]]) throws -> UInt64 {
        let height = try info().lastBlockHeight + 1
        _ = try finalizeBlock(
            FinalizeBlockRequest(
                height: height,
                time: L1App.Timestamp(
                    nanosecondsSinceEpoch: Int64(ChainFixture.genesisTime.nanoseconds) + Int64(height)),
                txs: transactions, proposer: ChainFixture.validatorKeys[0].publicKey))
        _ = try commit()
        return height
    }

    /// The committed nonce of `key`'s account.
    func nonce(of key: AccountPrivateKey) throws -> UInt64 {
        let response = try query(QueryRequest(path: "/account/\(key.publicKey.address)"))
        guard let value = response.value else { return 0 }
        return try Account(canonicalBytes: value).nonce
    }
}
