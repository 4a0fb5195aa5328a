import Common
import L1Consensus
import Testing

/// Canonical encodings of the consensus types: every value round-trips, every strict prefix and every value with a
/// byte appended is refused, random and mutated input never crashes a decoder, and whatever decodes re-encodes to
/// exactly the bytes it came from (so every value has one encoding).
@Suite("Consensus codec")
struct ConsensusCodecTests {
    /// Values of every consensus type, built from deterministic keys.
    struct Samples {
        let fx = ConsensusFixture()
        let vote: SignedVote
        let nilVote: SignedVote
        let proposal: SignedProposal
        let freshProposal: SignedProposal
        let evidence: DuplicateVoteEvidence
        let commit: Commit
        let block: Block
        let firstBlock: Block

        init() throws {
            firstBlock = fx.block(1)
            vote = fx.vote(.prevote, 1, round: 3, firstBlock)
            nilVote = fx.vote(.precommit, 2, round: 300, id: nil, height: Height(1 << 40))
            proposal = fx.proposal(round: 7, polRound: 2, firstBlock)
            freshProposal = fx.proposal(round: 0, firstBlock)
            evidence = DuplicateVoteEvidence(
                fx.vote(.precommit, 3, firstBlock), fx.vote(.precommit, 3, nil), validator: fx.validators.validators[3],
                totalVotingPower: 40, time: ConsensusFixture.genesisTime)!
            let (state, first, firstCommit) = try fx.afterFirstBlock()
            commit = fx.commit(first, round: 1, signers: [0, 2, 3], nilVoters: [1])
            block = state.makeBlock(
                transactions: [[], [1, 2, 3], [UInt8](repeating: 0xAB, count: 200)], evidence: [evidence],
                lastCommit: firstCommit, now: state.lastBlockTime.adding(.seconds(1)),
                proposer: state.validators.proposer.address)
        }

        var messages: [ConsensusMessage] {
            [
                .proposal(proposal, firstBlock), .vote(vote), .vote(nilVote), .evidence(evidence),
                .commitRequest(Height(12_345)), .decidedBlock(block, commit),
            ]
        }

        var inputs: [ConsensusInput] {
            [
                .proposal(freshProposal, firstBlock, .accepted),
                .proposal(proposal, firstBlock, BlockVerdict(isValid: false, isTimely: true)), .vote(vote),
                .timeout(Timeout(height: Height(9), round: Round(4), step: .prevote)), .proposalBlock(block),
                .committedBlock(firstBlock),
            ]
        }
    }

    /// Decodes with `decode` and returns the re-encoding.
    typealias Decoder = (name: String, decode: ([UInt8]) throws -> [UInt8])

    static func decoder<T: CanonicalCodable>(_ type: T.Type) -> Decoder {
        ("\(T.self)", { try T(canonicalBytes: $0).canonicalBytes })
    }

    static var decoders: [Decoder] {
        [
            decoder(Height.self), decoder(Round.self), decoder(Timestamp.self), decoder(BlockID.self),
            decoder(Vote.self), decoder(SignedVote.self), decoder(Proposal.self), decoder(SignedProposal.self),
            decoder(Header.self), decoder(Block.self), decoder(CommitSignature.self), decoder(Commit.self),
            decoder(DuplicateVoteEvidence.self), decoder(ConsensusMessage.self), decoder(Timeout.self),
            decoder(BlockVerdict.self),
            ("ConsensusInput", { try ConsensusInput(journalBytes: $0).journalBytes ?? [] }),
        ]
    }

    /// Checks the round trip, and that every strict prefix and the value with one more byte are refused.
    func expectCanonical<T: CanonicalCodable & Equatable>(
        _ value: T, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let bytes = value.canonicalBytes
        #expect((try? T(canonicalBytes: bytes)) == value, sourceLocation: sourceLocation)
        for length in 0..<bytes.count {
            #expect(throws: CodecError.self, sourceLocation: sourceLocation) {
                try T(canonicalBytes: Array(bytes.prefix(length)))
            }
        }
        #expect(throws: CodecError.trailingBytes(offset: bytes.count, count: 1), sourceLocation: sourceLocation) {
            try T(canonicalBytes: bytes + [0])
        }
    }

    @Test("votes, proposals, headers, blocks, commits and evidence round-trip; prefixes and extra bytes are refused")
    func roundTrips() throws {
        let s = try Samples()
        expectCanonical(Height(0))
        expectCanonical(Height(.max))
        expectCanonical(Round(.max))
        expectCanonical(Timestamp(nanoseconds: 1_700_000_000_123_456_789))
        expectCanonical(s.block.id)
        expectCanonical(s.vote.vote)
        expectCanonical(s.vote)
        expectCanonical(s.nilVote)
        expectCanonical(s.proposal.proposal)
        expectCanonical(s.proposal)
        expectCanonical(s.freshProposal)
        expectCanonical(s.block.header)
        expectCanonical(s.firstBlock.header)
        expectCanonical(s.block)
        expectCanonical(s.firstBlock)
        expectCanonical(s.commit)
        expectCanonical(s.evidence)
        expectCanonical(Timeout(height: Height(3), round: Round(2), step: .precommit))
        expectCanonical(BlockVerdict(isValid: true, isTimely: false))
        for message in s.messages { expectCanonical(message) }
    }

    @Test("journaled inputs round-trip; a height start is never journaled")
    func journalRoundTrips() throws {
        let s = try Samples()
        for input in s.inputs {
            let bytes = try #require(input.journalBytes)
            #expect(try ConsensusInput(journalBytes: bytes) == input)
            for length in 0..<bytes.count {
                #expect(throws: CodecError.self) { try ConsensusInput(journalBytes: Array(bytes.prefix(length))) }
            }
            #expect(throws: CodecError.self) { try ConsensusInput(journalBytes: bytes + [0]) }
            #expect(input.height != nil)
        }
        #expect(ConsensusInput.startHeight(s.fx.genesis.heightStart).journalBytes == nil)
        #expect(ConsensusInput.startHeight(s.fx.genesis.heightStart).height == nil)
    }

    @Test("random and mutated bytes never crash a decoder, and what decodes re-encodes to the same bytes")
    func garbage() throws {
        let s = try Samples()
        let valid: [[UInt8]] =
            s.messages.map(\.canonicalBytes) + s.inputs.compactMap(\.journalBytes)
            + [
                s.vote.canonicalBytes, s.proposal.canonicalBytes, s.block.header.canonicalBytes,
                s.commit.canonicalBytes,
            ]
        var rng = SplitMix64(seed: 0x5EED_C0DE)
        var decoded = 0
        for round in 0..<6_000 {
            var bytes: [UInt8]
            switch rng.next() % 4 {
            case 0:
                bytes = rng.bytes(Int(rng.next() % 96))
            case 1:
                bytes = valid[Int(rng.next() % UInt64(valid.count))]
                for _ in 0...(rng.next() % 3) where !bytes.isEmpty {
                    bytes[Int(rng.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                }
            case 2:
                bytes = valid[Int(rng.next() % UInt64(valid.count))]
                bytes.removeLast(Int(rng.next() % UInt64(bytes.count)))
                bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: Int(rng.next() % UInt64(bytes.count + 1)))
            default:
                // A valid prefix of one type fed to another decoder.
                bytes = Array(valid[Int(rng.next() % UInt64(valid.count))].dropFirst())
            }
            for decoder in Self.decoders {
                guard let again = try? decoder.decode(bytes) else { continue }
                decoded += 1
                #expect(again == bytes, "\(decoder.name) re-encodes differently (round \(round)): \(Hex.encode(bytes))")
            }
        }
        // The loop is only meaningful if some inputs decode.
        #expect(decoded > 100)
    }

    // MARK: - Non-canonical input

    private func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex.replacingOccurrences(of: " ", with: "")) ?? [] }

    @Test("a proposal whose polka round is not below its round is refused")
    func polRoundNotBelowRound() throws {
        let id = String(repeating: "ab", count: 32)
        // height 1, round 2, polRound some(2) / some(3) / some(1), block id
        #expect(
            throws: CodecError.invalidValue(what: "proposal pol round", offset: 1, reason: "must be below the round")
        ) {
            try Proposal(canonicalBytes: bytes("01 02 01 02" + id))
        }
        #expect(throws: CodecError.self) { try Proposal(canonicalBytes: bytes("01 02 01 03" + id)) }
        #expect(throws: CodecError.self) { try Proposal(canonicalBytes: bytes("01 00 01 00" + id)) }
        let ok = try Proposal(canonicalBytes: bytes("01 02 01 01" + id))
        #expect(ok.polRound == Round(1))
        #expect(try Proposal(canonicalBytes: bytes("01 02 00" + id)).polRound == nil)
    }

    @Test("unknown tags, bad flags, non-minimal varints, over-wide values and over-cap lengths are refused")
    func nonCanonical() throws {
        let id = String(repeating: "cd", count: 32)
        // Vote: type 1, height 1, round 0, some(id).
        #expect(try Vote(canonicalBytes: bytes("01 01 00 01" + id)).blockID == BlockID(Hash(hex: id)!))
        #expect(throws: CodecError.unknownTag(what: "vote type", offset: 0, tag: 0)) {
            try Vote(canonicalBytes: bytes("00 01 00 00"))
        }
        #expect(throws: CodecError.unknownTag(what: "vote type", offset: 0, tag: 3)) {
            try Vote(canonicalBytes: bytes("03 01 00 00"))
        }
        #expect(throws: CodecError.unknownTag(what: "optional flag", offset: 3, tag: 2)) {
            try Vote(canonicalBytes: bytes("01 01 00 02" + id))
        }
        #expect(throws: CodecError.nonMinimalVarint(offset: 1)) { try Vote(canonicalBytes: bytes("01 8100 00 00")) }
        #expect(throws: CodecError.varintOverflow(offset: 2, bits: 32)) {
            try Vote(canonicalBytes: bytes("01 01 8080808010 00"))
        }
        #expect(throws: CodecError.trailingBytes(offset: 4, count: 1)) {
            try Vote(canonicalBytes: bytes("01 01 00 00 00"))
        }
        let signature = String(repeating: "11", count: 64)
        #expect(throws: CodecError.unknownTag(what: "commit signature flag", offset: 0, tag: 3)) {
            try CommitSignature(canonicalBytes: bytes("03" + signature))
        }
        #expect(
            throws: CodecError.invalidValue(what: "verdict timely", offset: 1, reason: "boolean byte 2 is not 0 or 1")
        ) {
            try BlockVerdict(canonicalBytes: bytes("01 02"))
        }
        #expect(throws: CodecError.unknownTag(what: "timeout step", offset: 2, tag: 0)) {
            try Timeout(canonicalBytes: bytes("01 00 00"))
        }
        #expect(throws: CodecError.unknownTag(what: "timeout step", offset: 2, tag: 4)) {
            try Timeout(canonicalBytes: bytes("01 00 04"))
        }
        #expect(throws: CodecError.unknownTag(what: "consensus message kind", offset: 0, tag: 6)) {
            try ConsensusMessage(canonicalBytes: bytes("06 01"))
        }
        #expect(throws: CodecError.unknownTag(what: "consensus message kind", offset: 0, tag: 0)) {
            try ConsensusMessage(canonicalBytes: bytes("00 01"))
        }
        #expect(throws: CodecError.unknownTag(what: "input kind", offset: 0, tag: 6)) {
            try ConsensusInput(journalBytes: bytes("06 01"))
        }
        #expect(throws: CodecError.self) { try ConsensusInput(journalBytes: []) }
        // A commit naming more signatures than a validator set may hold: refused before reading them.
        #expect(
            throws: CodecError.lengthOverCap(what: "commit signatures", offset: 34, length: 10_001, cap: 10_000)
        ) { try Commit(canonicalBytes: bytes("01 00" + id + "914e")) }
    }

    @Test("a header with a chain id over 64 bytes or not UTF-8, and evidence with impossible powers, are refused")
    func headerAndEvidenceLimits() throws {
        let s = try Samples()
        var header = s.block.header.canonicalBytes
        // The chain id is the first field: "strata-test-1" (13 bytes).
        #expect(header[0] == 13)
        var long = header
        long.replaceSubrange(0..<14, with: [65] + [UInt8](repeating: 0x61, count: 65))
        #expect(throws: CodecError.lengthOverCap(what: "chain id", offset: 0, length: 65, cap: 64)) {
            try Header(canonicalBytes: long)
        }
        header[1] = 0xFF
        #expect(throws: CodecError.invalidValue(what: "chain id", offset: 0, reason: "not valid UTF-8")) {
            try Header(canonicalBytes: header)
        }
        // Evidence: the validator power sits after the two votes and the 20-byte address.
        let evidence = s.evidence.canonicalBytes
        let at = s.evidence.voteA.canonicalBytes.count + s.evidence.voteB.canonicalBytes.count + 20
        var tooMuch = Array(evidence[..<at])
        var writer = ByteWriter()
        writer.writeVarint(UInt64(ValidatorSet.maxTotalVotingPower) + 1)
        tooMuch += writer.bytes + evidence[(at + 1)...]
        #expect(
            throws: CodecError.invalidValue(what: "evidence power", offset: at, reason: "above the maximum total power")
        ) {
            try DuplicateVoteEvidence(canonicalBytes: tooMuch)
        }
    }

    @Test("votes and proposals sign domain-separated digests of their canonical bytes")
    func signBytes() throws {
        let s = try Samples()
        let chain = ConsensusFixture.chainID
        let vote = s.vote.vote
        #expect(
            vote.signBytes(chainID: chain)
                == signingDigest(domain: .l1Vote, chainID: chain, message: vote.canonicalBytes).bytes)
        let proposal = s.proposal.proposal
        #expect(
            proposal.signBytes(chainID: chain)
                == signingDigest(domain: .l1Proposal, chainID: chain, message: proposal.canonicalBytes).bytes)
        #expect(vote.signBytes(chainID: chain) != vote.signBytes(chainID: chain + "x"))
        let key = s.fx.validators.validators[1].publicKey
        #expect(s.vote.verify(publicKey: key, chainID: chain))
        #expect(!s.vote.verify(publicKey: key, chainID: "other"))
        #expect(s.proposal.verify(publicKey: s.fx.validators.validators[s.fx.proposer(7)].publicKey, chainID: chain))
    }
}
