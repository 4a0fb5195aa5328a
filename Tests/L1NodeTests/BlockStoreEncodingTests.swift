import Common
import L1App
import L1Consensus
import Testing

@testable import L1Node

/// The stored forms: chain state (with proposer priorities), validator sets and application results.
@Suite("Block store encodings")
struct BlockStoreEncodingTests {
    typealias F = ChainFixture

    @Test("a chain state round-trips at genesis and after blocks that changed the validator set")
    func chainStateRoundTrip() throws {
        let genesis = try F.genesisState(appHash: Hash.blake2b([1]))
        #expect(try ChainState(canonicalBytes: genesis.canonicalBytes) == genesis)

        var chain = ChainBuilder(genesis: genesis)
        let newcomer = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x99, count: 32)).publicKey
        _ = try chain.next([[1]], updates: [L1Consensus.ValidatorUpdate(publicKey: newcomer, power: 25)])
        _ = try chain.next()
        _ = try chain.next(updates: [L1Consensus.ValidatorUpdate(publicKey: F.validatorKeys[2].publicKey, power: 0)])
        let state = chain.state
        // The newcomer joined with a negative priority: zigzag keeps the sign.
        #expect(state.validators.validators.contains { $0.proposerPriority < 0 })
        let decoded = try ChainState(canonicalBytes: state.canonicalBytes)
        #expect(decoded == state)
        #expect(decoded.validators.proposer == state.validators.proposer)
        #expect(
            decoded.nextValidators.validators.map(\.proposerPriority)
                == state.nextValidators.validators.map(\.proposerPriority))
    }

    @Test("extreme proposer priorities and parameters survive the round trip")
    func extremes() throws {
        let keys = F.validatorKeys.map(\.publicKey)
        let set = try ValidatorSet(validators: [
            Validator(publicKey: keys[0], votingPower: 1, proposerPriority: .min),
            Validator(publicKey: keys[1], votingPower: ValidatorSet.maxTotalVotingPower - 1, proposerPriority: .max),
        ])
        #expect(try ValidatorSet(canonicalBytes: set.canonicalBytes) == set)
        let params = ConsensusParams(
            maxBlockBytes: 1, maxEvidenceBytes: 0, evidenceMaxAgeBlocks: .max, evidenceMaxAge: .nanoseconds(Int64.max),
            timelyPrecision: .zero, timelyMessageDelay: .milliseconds(7))
        #expect(try ConsensusParams(canonicalBytes: params.canonicalBytes) == params)
    }

    @Test("a validator set out of canonical order, a duplicate, or trailing bytes do not decode")
    func rejectsNonCanonical() throws {
        let set = try F.validatorSet
        var writer = ByteWriter()
        writer.writeLength(2)
        // Lower power first: not the canonical order (power descending).
        for (key, power) in [(F.validatorKeys[0].publicKey, 1), (F.validatorKeys[1].publicKey, 5)] {
            writer.write(key)
            writer.writeVarint(UInt64(power))
            writer.writeVarint(UInt64(0))
        }
        #expect(throws: CodecError.self) { try ValidatorSet(canonicalBytes: writer.bytes) }

        var duplicate = ByteWriter()
        duplicate.writeLength(2)
        for _ in 0..<2 {
            duplicate.write(F.validatorKeys[0].publicKey)
            duplicate.writeVarint(UInt64(5))
            duplicate.writeVarint(UInt64(0))
        }
        #expect(throws: CodecError.self) { try ValidatorSet(canonicalBytes: duplicate.bytes) }
        #expect(throws: CodecError.self) { try ValidatorSet(canonicalBytes: set.canonicalBytes + [0]) }

        let genesis = try F.genesisState(appHash: .zero)
        #expect(throws: CodecError.self) { try ChainState(canonicalBytes: genesis.canonicalBytes + [0]) }
        #expect(throws: CodecError.self) { try ChainState(canonicalBytes: Array(genesis.canonicalBytes.dropLast())) }
    }

    @Test("application results round-trip; over-long logs are clipped at a character boundary")
    func resultsRoundTrip() throws {
        let response = FinalizeBlockResponse(
            txResults: [
                TxResult(
                    code: .ok, log: "",
                    events: [Event(type: "tx", attributes: [EventAttribute(key: "fee", value: "250ustrata")])]),
                TxResult(code: .badNonce, log: "nonce 3 does not match", events: []),
            ],
            events: [Event(type: "misbehavior", attributes: [EventAttribute(key: "kind", value: "x", index: false)])],
            validatorUpdates: [L1App.ValidatorUpdate(publicKey: F.validatorKeys[0].publicKey, power: 3)],
            appHash: Hash.blake2b([9]))
        #expect(try BlockResultsEncoding.decode(BlockResultsEncoding.encode(response)) == response)
        #expect(throws: CodecError.self) {
            try BlockResultsEncoding.decode(BlockResultsEncoding.encode(response) + [0])
        }

        let long = String(repeating: "é", count: 40_000)
        let clipped = BlockResultsEncoding.clipped(long, to: BlockResultsEncoding.Limits.maxTextBytes)
        #expect(clipped.utf8.count == BlockResultsEncoding.Limits.maxTextBytes)
        #expect(long.hasPrefix(clipped))
        let noisy = FinalizeBlockResponse(
            txResults: [TxResult(code: .ok, log: long, events: [])], events: [], validatorUpdates: [], appHash: .zero)
        #expect(try BlockResultsEncoding.decode(BlockResultsEncoding.encode(noisy)).txResults[0].log == clipped)
    }
}
