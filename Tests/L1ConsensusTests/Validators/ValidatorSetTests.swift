import Common
import L1Consensus
import Testing

@Suite("Validator set")
struct ValidatorSetTests {
    static let keys = (0..<4).map { ConsensusFixture.key(60 + $0) }

    static func set(_ powers: [Int64]) throws -> ValidatorSet {
        try ValidatorSet(validators: zip(keys, powers).map { Validator(publicKey: $0.publicKey, votingPower: $1) })
    }

    @Test("members are ordered by power (descending), then address (ascending)")
    func canonicalOrder() throws {
        let set = try Self.set([5, 9, 5, 9])
        #expect(set.validators.map(\.votingPower) == [9, 9, 5, 5])
        #expect(set.validators[0].address < set.validators[1].address)
        #expect(set.validators[2].address < set.validators[3].address)
        #expect(set.totalVotingPower == 28)
        for (index, validator) in set.validators.enumerated() {
            #expect(set.index(of: validator.publicKey) == index)
            #expect(set.index(of: validator.address) == index)
        }
        #expect(set.validator(at: 4) == nil)
        #expect(set.validator(at: -1) == nil)
    }

    @Test("the hash commits to keys and powers, not to proposer priorities")
    func hashIgnoresPriority() throws {
        let set = try Self.set([10, 20, 30, 40])
        #expect(set.incrementingProposerPriority(times: 5).hash == set.hash)
        let shifted = try ValidatorSet(
            validators: set.validators.map {
                Validator(publicKey: $0.publicKey, votingPower: $0.votingPower, proposerPriority: 1_000)
            })
        #expect(shifted.hash == set.hash)
        #expect(try Self.set([10, 20, 30, 41]).hash != set.hash)
        #expect(try Self.set([10, 20, 30]).hash != set.hash)
        // The hash is the list root of each member's key || varint(power), in canonical order.
        #expect(set.hash == MerkleList.root(set.validators.map { $0.publicKey.bytes + [UInt8($0.votingPower)] }))
    }

    @Test("a quorum is strictly more than two thirds of the power, a third strictly more than one third")
    func quorumEdges() throws {
        // (total, smallest quorum, smallest power above one third)
        let cases: [(Int64, Int64, Int64)] = [
            (1, 1, 1), (2, 2, 1), (3, 3, 2), (4, 3, 2), (6, 5, 3), (7, 5, 3), (9, 7, 4), (100, 67, 34),
            (101, 68, 34), (ValidatorSet.maxTotalVotingPower, 768_614_336_404_564_651, 384_307_168_202_282_326),
        ]
        for (total, quorum, third) in cases {
            let set = try ValidatorSet(validators: [Validator(publicKey: Self.keys[0].publicKey, votingPower: total)])
            #expect(set.quorumPower == quorum, "total \(total)")
            #expect(set.isQuorum(quorum) && !set.isQuorum(quorum - 1), "total \(total)")
            #expect(set.oneThirdPower == third, "total \(total)")
            #expect(set.isOneThird(third) && !set.isOneThird(third - 1), "total \(total)")
            // Exactly two thirds (or one third) is not enough.
            if total % 3 == 0 {
                #expect(!set.isQuorum(total / 3 * 2))
                #expect(!set.isOneThird(total / 3))
            }
        }
    }

    @Test("an empty set, a duplicate key, a power of zero or below, too much power and too many members are refused")
    func errors() throws {
        let key = Self.keys[0].publicKey
        let address = Validator.address(of: key).hex
        #expect(throws: ValidatorSetError.empty) { try ValidatorSet(validators: []) }
        #expect(throws: ValidatorSetError.duplicateValidator(address: address)) {
            try ValidatorSet(validators: [
                Validator(publicKey: key, votingPower: 1), Validator(publicKey: key, votingPower: 2),
            ])
        }
        #expect(throws: ValidatorSetError.invalidPower(address: address, power: 0)) {
            try ValidatorSet(validators: [Validator(publicKey: key, votingPower: 0)])
        }
        #expect(throws: ValidatorSetError.invalidPower(address: address, power: -5)) {
            try ValidatorSet(validators: [Validator(publicKey: key, votingPower: -5)])
        }
        let max = ValidatorSet.maxTotalVotingPower
        #expect(throws: ValidatorSetError.totalPowerTooLarge(total: max + 1)) {
            try ValidatorSet(validators: [
                Validator(publicKey: key, votingPower: max),
                Validator(publicKey: Self.keys[1].publicKey, votingPower: 1),
            ])
        }
        #expect(throws: ValidatorSetError.self) {
            try ValidatorSet(validators: [
                Validator(publicKey: key, votingPower: .max),
                Validator(publicKey: Self.keys[1].publicKey, votingPower: .max),
            ])
        }
        let crowd = Array(repeating: Validator(publicKey: key, votingPower: 1), count: ValidatorSet.maxValidators + 1)
        #expect(throws: ValidatorSetError.tooManyValidators(count: ValidatorSet.maxValidators + 1)) {
            try ValidatorSet(validators: crowd)
        }
        #expect(throws: ValidatorSetError.empty) { try ValidatorSet.genesis([]) }
    }

    @Test("a genesis set has zero priorities rotated once")
    func genesisRotatesOnce() throws {
        let members = Self.keys.map { ($0.publicKey, Int64(10)) }
        let genesis = try ValidatorSet.genesis(members)
        let zero = try ValidatorSet(validators: members.map { Validator(publicKey: $0.0, votingPower: $0.1) })
        #expect(genesis == zero.incrementingProposerPriority(times: 1))
        #expect(genesis.validators.map(\.proposerPriority).reduce(0, +) == 0)
        #expect(genesis.proposerIndex == 0)
    }
}
