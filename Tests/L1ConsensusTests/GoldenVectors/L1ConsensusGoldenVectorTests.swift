import Common
import Foundation
import L1Consensus
import TestSupport
import Testing

/// Golden vectors published in docs/l1-consensus.md (section 12), checked byte for byte: every value is recomputed
/// here from the four fixed validator keys and compared with the table below, the page must print each row of the
/// table, and docs/reference/l1_consensus_reference.py (an independent Python implementation of the page, with
/// pure-Python RFC 8032 Ed25519) must re-derive them all.
@Suite("Golden vectors (docs/l1-consensus.md)")
struct L1ConsensusGoldenVectorTests {
    /// The rows of the page's section 12: name, then hex (or decimal lists for priorities and proposers).
    static var vectors: [(name: String, value: String)] {
        [
            ("height 1", "01"),
            ("height 300", "ac02"),
            ("round 0", "00"),
            ("genesis time", "8080a8b1e39fe7cb17"),
            ("validator 1 public key", "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"),
            ("validator 1 address", "c5e21ab1c9f6022d81c3b25e3436cb7f1df77f96"),
            ("validator 2 public key", "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394"),
            ("validator 2 address", "c11ae4092c56101421f745612bdc6b51c1e646c6"),
            ("validator 3 public key", "ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d1"),
            ("validator 3 address", "b6e8cee269bf69892c70558f3aa4031b98219dd3"),
            ("validator 4 public key", "ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c"),
            ("validator 4 address", "96be8a583bbf27bd3fb8a754550addcbea106d4e"),
            ("set order", "4 3 2 1"),
            ("validator set hash", "7267c63cbe0c3de7906957797e176648e2158215e5cc758185b51ab0c1686995"),
            ("genesis priorities", "-40 20 10 10"),
            ("proposers of height 1, rounds 0-7", "0 1 2 0 3 1 0 0"),
            ("height 2 priorities", "-10 -30 20 20"),
            ("proposers of height 2, rounds 0-7", "1 2 0 3 1 0 0 1"),
            (
                "block 1 header",
                "0f7374726174612d6465766e65742d31018080a8b1e39fe7cb1700000000000000000000000000000000000000000000"
                    + "0000000000000000000000e1eae5a8adae652ec9af9677346a9d60eced61e3a0a69bfacf518db31f86e36b7267c63cbe"
                    + "0c3de7906957797e176648e2158215e5cc758185b51ab0c16869957267c63cbe0c3de7906957797e176648e2158215e5"
                    + "cc758185b51ab0c1686995d4e07b5b5551d31512d6152fdee95ff7537ef60b939e4df0f6c63ea5e5cffbf40e5751c026"
                    + "e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a80e5751c026e543b2e8ab2eb06099daa1d1e5df4777"
                    + "8f7787faab45cdf12fe3a896be8a583bbf27bd3fb8a754550addcbea106d4e",
            ),
            ("block 1 id", "dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b"),
            (
                "block 1",
                "0f7374726174612d6465766e65742d31018080a8b1e39fe7cb1700000000000000000000000000000000000000000000"
                    + "0000000000000000000000e1eae5a8adae652ec9af9677346a9d60eced61e3a0a69bfacf518db31f86e36b7267c63cbe"
                    + "0c3de7906957797e176648e2158215e5cc758185b51ab0c16869957267c63cbe0c3de7906957797e176648e2158215e5"
                    + "cc758185b51ab0c1686995d4e07b5b5551d31512d6152fdee95ff7537ef60b939e4df0f6c63ea5e5cffbf40e5751c026"
                    + "e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a80e5751c026e543b2e8ab2eb06099daa1d1e5df4777"
                    + "8f7787faab45cdf12fe3a896be8a583bbf27bd3fb8a754550addcbea106d4e01030102030000",
            ),
            ("prevote", "01010001dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b"),
            ("prevote sign bytes", "15dd249b0aaa60cd94ea74133f346314881e216e7c58da63c2eb435b7947d08d"),
            (
                "prevote signature",
                "aa71be799b1b089d1b2601e924690f2621eda5dd1f3c348fedb4e9e856e060ab43c1766651146491632cc562e2d179fe"
                    + "785335026b1ec696328828f2fdff4d03",
            ),
            (
                "signed prevote",
                "01010001dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b00aa71be799b1b089d1b2601"
                    + "e924690f2621eda5dd1f3c348fedb4e9e856e060ab43c1766651146491632cc562e2d179fe785335026b1ec696328828"
                    + "f2fdff4d03",
            ),
            ("nil precommit", "02010100"),
            ("nil precommit sign bytes", "0bd9f65452badf89a5ee66cdb97279e913fde8b804c07c1ae225ef16651123c8"),
            ("proposal", "010000dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b"),
            ("proposal sign bytes", "a77dcd66d6283238f86bbcf2c0dae72092b573d9e7e9e0dee736cfd6af9a4c07"),
            (
                "proposal signature",
                "d8627936ee10d8050e9bd43f807070d46edcd7f544cc0a700a384f2a0115ac6cf74051cd7327643d8fd176de06ff57d2"
                    + "864f2a91fd95f2bbd5ac78a1584cd10d",
            ),
            (
                "signed proposal",
                "010000dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27bd8627936ee10d8050e9bd43f80"
                    + "7070d46edcd7f544cc0a700a384f2a0115ac6cf74051cd7327643d8fd176de06ff57d2864f2a91fd95f2bbd5ac78a158"
                    + "4cd10d",
            ),
            ("re-proposal", "01020101dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b"),
            ("re-proposal sign bytes", "5f57f60f4951177d69187196cd2d60cad6afc47952254b62a4f5a0dfc8dd2d67"),
            (
                "commit",
                "0100dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b040180c9c942013efe38b5dec821"
                    + "a0c36011e1f41fe502f1388891c3414a32ef0e91a356f339118742c445c8e4b7b02c761418475e2d2a9052e69e2cb221"
                    + "f68efb0901620223be63634c166a2a5fa8fb9b1b0260df50c88deffa53627a4969e6f8a44aeec3adf2230689a10b7f7f"
                    + "13c347971dcd890a3bc25064ba8620b450eab163080280e73fca828f63699c7c6fb3e3a06bc758e6cda49ee3e4535529"
                    + "74d8c384b8e143ad1144a961eba05d4306415c6614ff1152b967fdf91bdca4ad9cacb5c4ad0b00",
            ),
            ("commit hash", "b8c336f75028a9c470c963eb460a8fbd01537a3d705c53137cd89c69b4a9f8ee"),
            (
                "evidence",
                "010100000336a445bf31098777602409deef174eadc8efad770c9c777094466d81a135b308d12f932893bf3fdf214ee1"
                    + "67c83d7f9f58a9ee4da753cd4f343ed9b7e2a44e0f01010001dbd32e0ad8005c7245c15fe354ef343290c85abe783897"
                    + "d1dfdfbef40d1cf27b03c252559a43c5d9cd3f80b291cc39c6c59f7fe9a82b49b7f35cb7ce99a3e35462a4cd1c131086"
                    + "bfbf5b35aae06897076ff58399167111722b4461d5dfd1799c0fc5e21ab1c9f6022d81c3b25e3436cb7f1df77f960a46"
                    + "8080a8b1e39fe7cb17",
            ),
            ("evidence hash", "7ff3caff0d9ffdb8574365fbe6acac3dd7879483ae552856206a5de578e7bbf3"),
            (
                "block 2 header",
                "0f7374726174612d6465766e65742d31028094938ee79fe7cb1701dbd32e0ad8005c7245c15fe354ef343290c85abe78"
                    + "3897d1dfdfbef40d1cf27bb8c336f75028a9c470c963eb460a8fbd01537a3d705c53137cd89c69b4a9f8ee0e5751c026"
                    + "e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a87267c63cbe0c3de7906957797e176648e2158215e5"
                    + "cc758185b51ab0c16869957267c63cbe0c3de7906957797e176648e2158215e5cc758185b51ab0c16869952f48fc8838"
                    + "c60b0b928648d121319721f767bdf8400b13990ae7332a3a002817b48398488db32e5d8ee9901e324348ea09bb8468a4"
                    + "b9a0d1c055213af1a33aa560dc8a988beb61f0f319f925393508936c57bbb427b2b718380f951bd7a89968b6e8cee269"
                    + "bf69892c70558f3aa4031b98219dd3",
            ),
            ("block 2 id", "30ce7bed09665f151ea945222bda249d806c8aad56f0d5c3af17c4bde6f9a5ba"),
            (
                "block 2",
                "0f7374726174612d6465766e65742d31028094938ee79fe7cb1701dbd32e0ad8005c7245c15fe354ef343290c85abe78"
                    + "3897d1dfdfbef40d1cf27bb8c336f75028a9c470c963eb460a8fbd01537a3d705c53137cd89c69b4a9f8ee0e5751c026"
                    + "e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a87267c63cbe0c3de7906957797e176648e2158215e5"
                    + "cc758185b51ab0c16869957267c63cbe0c3de7906957797e176648e2158215e5cc758185b51ab0c16869952f48fc8838"
                    + "c60b0b928648d121319721f767bdf8400b13990ae7332a3a002817b48398488db32e5d8ee9901e324348ea09bb8468a4"
                    + "b9a0d1c055213af1a33aa560dc8a988beb61f0f319f925393508936c57bbb427b2b718380f951bd7a89968b6e8cee269"
                    + "bf69892c70558f3aa4031b98219dd30001010100000336a445bf31098777602409deef174eadc8efad770c9c77709446"
                    + "6d81a135b308d12f932893bf3fdf214ee167c83d7f9f58a9ee4da753cd4f343ed9b7e2a44e0f01010001dbd32e0ad800"
                    + "5c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b03c252559a43c5d9cd3f80b291cc39c6c59f7fe9a82b"
                    + "49b7f35cb7ce99a3e35462a4cd1c131086bfbf5b35aae06897076ff58399167111722b4461d5dfd1799c0fc5e21ab1c9"
                    + "f6022d81c3b25e3436cb7f1df77f960a468080a8b1e39fe7cb17010100dbd32e0ad8005c7245c15fe354ef343290c85a"
                    + "be783897d1dfdfbef40d1cf27b040180c9c942013efe38b5dec821a0c36011e1f41fe502f1388891c3414a32ef0e91a3"
                    + "56f339118742c445c8e4b7b02c761418475e2d2a9052e69e2cb221f68efb0901620223be63634c166a2a5fa8fb9b1b02"
                    + "60df50c88deffa53627a4969e6f8a44aeec3adf2230689a10b7f7f13c347971dcd890a3bc25064ba8620b450eab16308"
                    + "0280e73fca828f63699c7c6fb3e3a06bc758e6cda49ee3e453552974d8c384b8e143ad1144a961eba05d4306415c6614"
                    + "ff1152b967fdf91bdca4ad9cacb5c4ad0b00",
            ),
            (
                "vote message",
                "0201010001dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27b00aa71be799b1b089d1b26"
                    + "01e924690f2621eda5dd1f3c348fedb4e9e856e060ab43c1766651146491632cc562e2d179fe785335026b1ec6963288"
                    + "28f2fdff4d03",
            ),
            ("commit request message", "0405"),
            ("timeout input", "03010202"),
            (
                "proposal input",
                "01010000dbd32e0ad8005c7245c15fe354ef343290c85abe783897d1dfdfbef40d1cf27bd8627936ee10d8050e9bd43f"
                    + "807070d46edcd7f544cc0a700a384f2a0115ac6cf74051cd7327643d8fd176de06ff57d2864f2a91fd95f2bbd5ac78a1"
                    + "584cd10d0f7374726174612d6465766e65742d31018080a8b1e39fe7cb17000000000000000000000000000000000000"
                    + "000000000000000000000000000000e1eae5a8adae652ec9af9677346a9d60eced61e3a0a69bfacf518db31f86e36b72"
                    + "67c63cbe0c3de7906957797e176648e2158215e5cc758185b51ab0c16869957267c63cbe0c3de7906957797e176648e2"
                    + "158215e5cc758185b51ab0c1686995d4e07b5b5551d31512d6152fdee95ff7537ef60b939e4df0f6c63ea5e5cffbf40e"
                    + "5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a80e5751c026e543b2e8ab2eb06099daa1d1"
                    + "e5df47778f7787faab45cdf12fe3a896be8a583bbf27bd3fb8a754550addcbea106d4e010301020300000100",
            ),
        ]
    }

    static let chainID = "strata-devnet-1"
    static let genesisTime = Timestamp(nanoseconds: 1_700_000_000_000_000_000)

    /// Everything the vectors are made of, built through the public API.
    struct Chain {
        /// Validator keys 1...4: seeds of 32 bytes 01, 02, 03, 04; powers 10, 10, 20, 30.
        let keys = (1...4).map { try! Ed25519PrivateKey(seed: [UInt8](repeating: UInt8($0), count: 32)) }
        let powers: [Int64] = [10, 10, 20, 30]
        let set: ValidatorSet
        let genesis: ChainState
        let block1: Block
        let signedPrevote: SignedVote
        let nilPrecommit: Vote
        let signedProposal: SignedProposal
        let reproposal: Proposal
        let commit: Commit
        let evidence: DuplicateVoteEvidence
        let afterBlock1: ChainState
        let block2: Block

        /// The private key of the validator at `index` in the set.
        func key(_ index: Int) -> Ed25519PrivateKey {
            keys.first { $0.publicKey == set.validators[index].publicKey }!
        }

        init() throws {
            let chainID = L1ConsensusGoldenVectorTests.chainID
            let time = L1ConsensusGoldenVectorTests.genesisTime
            let keys = (1...4).map { try! Ed25519PrivateKey(seed: [UInt8](repeating: UInt8($0), count: 32)) }
            let set = try ValidatorSet.genesis(zip(keys, [10, 10, 20, 30] as [Int64]).map { ($0.publicKey, $1) })
            self.set = set
            func key(_ index: Int) -> Ed25519PrivateKey {
                keys.first { $0.publicKey == set.validators[index].publicKey }!
            }
            genesis = ChainState(
                chainID: chainID, genesisTime: time, validators: set, appHash: Hash.blake2b(Array("genesis".utf8)))
            block1 = genesis.makeBlock(
                transactions: [[1, 2, 3]], evidence: [], lastCommit: nil, now: time, proposer: set.proposer.address)
            let id = block1.id
            nilPrecommit = Vote(type: .precommit, height: Height(1), round: Round(1), blockID: nil)
            let proposal = Proposal(height: Height(1), round: .zero, polRound: nil, blockID: id)
            reproposal = Proposal(height: Height(1), round: Round(2), polRound: Round(1), blockID: id)
            let precommit = Vote(type: .precommit, height: Height(1), round: .zero, blockID: id)
            let nilVote = Vote(type: .precommit, height: Height(1), round: .zero, blockID: nil)
            let prevoteNil = Vote(type: .prevote, height: Height(1), round: .zero, blockID: nil)
            let prevote = Vote(type: .prevote, height: Height(1), round: .zero, blockID: id)
            let proposer = set.proposer(forRound: .zero)
            signedProposal = SignedProposal(
                proposal: proposal, signature: key(proposer).sign(message: proposal.signBytes(chainID: chainID)))
            var entries = [CommitSignature]()
            entries.append(.commit(key(0).sign(message: precommit.signBytes(chainID: chainID))))
            entries.append(.commit(key(1).sign(message: precommit.signBytes(chainID: chainID))))
            entries.append(.nilVote(key(2).sign(message: nilVote.signBytes(chainID: chainID))))
            entries.append(.absent)
            commit = Commit(height: Height(1), round: .zero, blockID: id, signatures: entries)
            evidence = DuplicateVoteEvidence(
                SignedVote(
                    vote: prevote, validatorIndex: 3,
                    signature: key(3).sign(message: prevote.signBytes(chainID: chainID))),
                SignedVote(
                    vote: prevoteNil, validatorIndex: 3,
                    signature: key(3).sign(message: prevoteNil.signBytes(chainID: chainID))),
                validator: set.validators[3], totalVotingPower: set.totalVotingPower, time: time)!
            signedPrevote = SignedVote(
                vote: prevote, validatorIndex: 0, signature: key(0).sign(message: prevote.signBytes(chainID: chainID)))
            afterBlock1 = try genesis.applying(
                block1,
                results: BlockResults(
                    appHash: Hash.blake2b(Array("app hash after block 1".utf8)),
                    resultsHash: MerkleList.root([Array("result 1".utf8)]), validatorUpdates: []))
            block2 = afterBlock1.makeBlock(
                transactions: [], evidence: [evidence], lastCommit: commit, now: time.adding(.seconds(1)),
                proposer: afterBlock1.validators.proposer.address)
        }

        /// The value of every row, by name, computed from the chain.
        var computed: [String: String] {
            var values = [String: String]()
            func hex(_ bytes: [UInt8]) -> String { Hex.encode(bytes) }
            func list(_ numbers: [some BinaryInteger]) -> String { numbers.map { "\($0)" }.joined(separator: " ") }
            values["height 1"] = hex(Height(1).canonicalBytes)
            values["height 300"] = hex(Height(300).canonicalBytes)
            values["round 0"] = hex(Round.zero.canonicalBytes)
            values["genesis time"] = hex(L1ConsensusGoldenVectorTests.genesisTime.canonicalBytes)
            for (number, key) in keys.enumerated() {
                values["validator \(number + 1) public key"] = key.publicKey.description
                values["validator \(number + 1) address"] = Validator.address(of: key.publicKey).hex
            }
            values["set order"] = list(
                set.validators.map { validator in keys.firstIndex { $0.publicKey == validator.publicKey }! + 1 })
            values["validator set hash"] = set.hash.description
            values["genesis priorities"] = list(set.validators.map(\.proposerPriority))
            values["proposers of height 1, rounds 0-7"] = list((0..<8).map { set.proposer(forRound: Round($0)) })
            let next = afterBlock1.validators
            values["height 2 priorities"] = list(next.validators.map(\.proposerPriority))
            values["proposers of height 2, rounds 0-7"] = list((0..<8).map { next.proposer(forRound: Round($0)) })
            values["block 1 header"] = hex(block1.header.canonicalBytes)
            values["block 1 id"] = block1.id.hash.description
            values["block 1"] = hex(block1.canonicalBytes)
            let chainID = L1ConsensusGoldenVectorTests.chainID
            values["prevote"] = hex(signedPrevote.vote.canonicalBytes)
            values["prevote sign bytes"] = hex(signedPrevote.vote.signBytes(chainID: chainID))
            values["prevote signature"] = signedPrevote.signature.description
            values["signed prevote"] = hex(signedPrevote.canonicalBytes)
            values["nil precommit"] = hex(nilPrecommit.canonicalBytes)
            values["nil precommit sign bytes"] = hex(nilPrecommit.signBytes(chainID: chainID))
            values["proposal"] = hex(signedProposal.proposal.canonicalBytes)
            values["proposal sign bytes"] = hex(signedProposal.proposal.signBytes(chainID: chainID))
            values["proposal signature"] = signedProposal.signature.description
            values["signed proposal"] = hex(signedProposal.canonicalBytes)
            values["re-proposal"] = hex(reproposal.canonicalBytes)
            values["re-proposal sign bytes"] = hex(reproposal.signBytes(chainID: chainID))
            values["commit"] = hex(commit.canonicalBytes)
            values["commit hash"] = commit.hash.description
            values["evidence"] = hex(evidence.canonicalBytes)
            values["evidence hash"] = evidence.hash.description
            values["block 2 header"] = hex(block2.header.canonicalBytes)
            values["block 2 id"] = block2.id.hash.description
            values["block 2"] = hex(block2.canonicalBytes)
            values["vote message"] = hex(ConsensusMessage.vote(signedPrevote).canonicalBytes)
            values["commit request message"] = hex(ConsensusMessage.commitRequest(Height(5)).canonicalBytes)
            values["timeout input"] = hex(
                ConsensusInput.timeout(Timeout(height: Height(1), round: Round(2), step: .prevote)).journalBytes ?? [])
            values["proposal input"] = hex(
                ConsensusInput.proposal(signedProposal, block1, BlockVerdict(isValid: true, isTimely: false))
                    .journalBytes ?? [])
            return values
        }
    }

    @Test("every vector is recomputed byte for byte from the fixed keys")
    func recomputed() throws {
        let computed = try Chain().computed
        #expect(Set(computed.keys) == Set(Self.vectors.map(\.name)))
        for (name, value) in Self.vectors {
            #expect(computed[name] == value, "\(name)")
        }
    }

    @Test("the vector chain is valid: block 2 and its last commit pass validation, the evidence verifies")
    func chainIsValid() throws {
        let chain = try Chain()
        try chain.genesis.validate(chain.block1) { _ throws(EvidenceError) in }
        try chain.commit.verify(chainID: Self.chainID, validators: chain.set)
        try chain.evidence.verify(chainID: Self.chainID, validators: chain.set)
        let pool = EvidencePool()
        try chain.afterBlock1.validate(chain.block2) { item throws(EvidenceError) in
            try pool.check(
                item, state: chain.afterBlock1, validators: { _ in chain.set },
                blockTime: { $0 == Height(0) ? Self.genesisTime : chain.block1.header.time })
        }
        #expect(chain.signedPrevote.verify(publicKey: chain.set.validators[0].publicKey, chainID: Self.chainID))
        #expect(chain.signedProposal.verify(publicKey: chain.set.proposer.publicKey, chainID: Self.chainID))
    }

    @Test("the pinned encodings decode to the values they were made from")
    func decoded() throws {
        let chain = try Chain()
        func bytes(_ name: String) throws -> [UInt8] {
            try #require(Self.vectors.first { $0.name == name }.flatMap { Hex.decode($0.value) })
        }
        #expect(try SignedVote(canonicalBytes: bytes("signed prevote")) == chain.signedPrevote)
        #expect(try Vote(canonicalBytes: bytes("nil precommit")) == chain.nilPrecommit)
        #expect(try SignedProposal(canonicalBytes: bytes("signed proposal")) == chain.signedProposal)
        #expect(try Proposal(canonicalBytes: bytes("re-proposal")) == chain.reproposal)
        #expect(try Commit(canonicalBytes: bytes("commit")) == chain.commit)
        #expect(try DuplicateVoteEvidence(canonicalBytes: bytes("evidence")) == chain.evidence)
        #expect(try Block(canonicalBytes: bytes("block 1")) == chain.block1)
        #expect(try Block(canonicalBytes: bytes("block 2")) == chain.block2)
        #expect(try ConsensusMessage(canonicalBytes: bytes("vote message")) == .vote(chain.signedPrevote))
        #expect(
            try ConsensusInput(journalBytes: bytes("timeout input"))
                == .timeout(Timeout(height: Height(1), round: Round(2), step: .prevote)))
    }

    @Test("the page's refused encodings are refused")
    func refused() {
        let cases = [
            (
                "01 02 01 02" + String(repeating: "ab", count: 32),
                { (b: [UInt8]) throws in _ = try Proposal(canonicalBytes: b) }
            ),
            ("03 01 00 00", { (b: [UInt8]) throws in _ = try Vote(canonicalBytes: b) }),
            (
                "01 01 00 02" + String(repeating: "cd", count: 32),
                { (b: [UInt8]) throws in _ = try Vote(canonicalBytes: b) }
            ),
            ("01 8100 00 00", { (b: [UInt8]) throws in _ = try Vote(canonicalBytes: b) }),
            ("01 01 8080808010 00", { (b: [UInt8]) throws in _ = try Vote(canonicalBytes: b) }),
            ("01 01 00 00 00", { (b: [UInt8]) throws in _ = try Vote(canonicalBytes: b) }),
            (
                "01 00" + String(repeating: "ab", count: 32) + "01 03",
                { (b: [UInt8]) throws in _ = try Commit(canonicalBytes: b) }
            ),
            ("03 01 00 04", { (b: [UInt8]) throws in _ = try ConsensusInput(journalBytes: b) }),
            ("06 01", { (b: [UInt8]) throws in _ = try ConsensusMessage(canonicalBytes: b) }),
        ]
        for (hex, decode) in cases {
            let bytes = Hex.decode(hex.replacingOccurrences(of: " ", with: "")) ?? []
            #expect(throws: CodecError.self, "\(hex)") { try decode(bytes) }
        }
    }

    /// The repository's root, from this file's path (Tests/L1ConsensusTests/GoldenVectors/...).
    /// The vectors printed in section 12 of the page: table rows `| \`name\` | \`value\` |`, and long values as a
    /// line `**\`name\`** ...` followed by a fenced block of hex lines.
    static func pageVectors(_ page: String) throws -> [String: String] {
        let section = try #require(page.range(of: "## 12. Golden vectors")).upperBound
        let lines = page[section...].split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var rows = [String: String]()
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.hasPrefix("|") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count == 2, cells[0].hasPrefix("`"), cells[1].hasPrefix("`") else { continue }
                rows[cells[0].replacingOccurrences(of: "`", with: "")] = cells[1].replacingOccurrences(
                    of: "`", with: "")
            } else if line.hasPrefix("**`") {
                let name = line.split(separator: "`")[1]
                while index < lines.count, lines[index] != "```" { index += 1 }
                index += 1
                var value = ""
                while index < lines.count, lines[index] != "```" {
                    value += lines[index]
                    index += 1
                }
                rows[String(name)] = value
            }
        }
        return rows
    }

    @Test("docs/l1-consensus.md prints every vector in its section 12")
    func page() throws {
        let page = try String(contentsOf: Repository.root.appending(path: "docs/l1-consensus.md"), encoding: .utf8)
        let rows = try Self.pageVectors(page)
        for (name, value) in Self.vectors {
            #expect(rows[name] == value, "docs/l1-consensus.md, section 12: \(name)")
        }
        #expect(rows.count == Self.vectors.count)
    }

    @Test("the independent Python implementation re-derives every vector")
    func pythonReference() throws {
        let run = try Repository.runPython("docs/reference/l1_consensus_reference.py")
        #expect(run.status == 0, "l1_consensus_reference.py failed:\n\(run.output)")
    }
}
