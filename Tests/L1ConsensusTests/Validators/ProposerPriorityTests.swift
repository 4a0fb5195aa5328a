import Common
import L1Consensus
import Testing

/// CometBFT's published expectations for its weighted round-robin (`types/validator_set_test.go` in
/// cometbft/cometbft: TestProposerSelection1-3, TestAveragingInIncrementProposerPriorityWithVotingPower,
/// TestValSetUpdatePriorityOrderTests, TestValSetUpdates*), adapted to our types.
///
/// How the expectations were carried over: CometBFT's tests name validators by made-up addresses ("foo", "bar",
/// addresses 0, 1, 2) and break priority ties by address. Our addresses are derived from Ed25519 keys, so each test
/// takes deterministic keys, sorts them by address, and gives the lowest address the name CometBFT gives its lowest
/// address ("bar" < "baz" < "foo"; 0 < 1 < 2). Ties then break the same way, and CometBFT's expected sequences and
/// priorities apply unchanged. CometBFT's `NewValidatorSet` rotates once, as our ``ValidatorSet/genesis(_:)``;
/// its `GetProposer()` is the validator chosen (and charged the total power) by the last rotation, as our
/// ``ValidatorSet/proposer``; its `IncrementProposerPriority(n)` is our `incrementingProposerPriority(times: n)`.
@Suite("Proposer priority")
struct ProposerPriorityTests {
    /// `count` deterministic keys sorted by validator address, lowest first.
    static func keysByAddress(_ count: Int, from first: Int = 40) -> [Ed25519PrivateKey] {
        (first..<first + count).map { ConsensusFixture.key($0) }.sorted {
            Validator.address(of: $0.publicKey) < Validator.address(of: $1.publicKey)
        }
    }

    @Test("TestProposerSelection1: foo 1000, bar 300, baz 330 give CometBFT's 99-proposer sequence")
    func cometSelection1() throws {
        let keys = Self.keysByAddress(3)
        let names = [keys[0].publicKey: "bar", keys[1].publicKey: "baz", keys[2].publicKey: "foo"]
        var set = try ValidatorSet.genesis([
            (keys[2].publicKey, 1000), (keys[0].publicKey, 300), (keys[1].publicKey, 330),
        ])
        var proposers = [String]()
        for _ in 0..<99 {
            proposers.append(names[set.proposer.publicKey] ?? "?")
            set = set.incrementingProposerPriority(times: 1)
        }
        let expected =
            "foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar"
            + " foo foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar"
            + " foo baz foo foo bar foo baz foo foo bar foo baz foo foo foo baz bar foo foo foo baz"
            + " foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo"
            + " foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo"
        #expect(proposers.joined(separator: " ") == expected)
    }

    @Test("TestProposerSelection2: equal powers go in address order; more power proposes first and more often")
    func cometSelection2() throws {
        let keys = Self.keysByAddress(3)
        func set(_ powers: [Int64]) throws -> ValidatorSet {
            try ValidatorSet.genesis(zip(keys, powers).map { ($0.publicKey, $1) })
        }
        func name(_ set: ValidatorSet) -> Int? { keys.firstIndex { $0.publicKey == set.proposer.publicKey } }

        var vals = try set([100, 100, 100])
        for i in 0..<15 {
            #expect(name(vals) == i % 3, "rotation \(i)")
            vals = vals.incrementingProposerPriority(times: 1)
        }
        // Address 2 with 400: first, but not twice in a row.
        vals = try set([100, 100, 400])
        #expect(name(vals) == 2)
        #expect(name(vals.incrementingProposerPriority(times: 1)) == 0)
        // Address 2 with 401: twice in a row, then address 0.
        vals = try set([100, 100, 401])
        #expect(name(vals) == 2)
        vals = vals.incrementingProposerPriority(times: 1)
        #expect(name(vals) == 2)
        #expect(name(vals.incrementingProposerPriority(times: 1)) == 0)
        // Powers 4, 5, 3: exactly 40, 50 and 30 of 120 proposals.
        vals = try set([4, 5, 3])
        var counts = [0, 0, 0]
        for _ in 0..<120 {
            counts[name(vals) ?? 0] += 1
            vals = vals.incrementingProposerPriority(times: 1)
        }
        #expect(counts == [40, 50, 30])
    }

    @Test("TestProposerSelection3: four equal validators keep their order whatever the number of rotations per step")
    func cometSelection3() throws {
        let keys = Self.keysByAddress(4)
        var set = try ValidatorSet.genesis(keys.map { ($0.publicKey, 1) })
        var order = [Ed25519PublicKey]()
        for _ in 0..<4 {
            order.append(set.proposer.publicKey)
            set = set.incrementingProposerPriority(times: 1)
        }
        #expect(Set(order).count == 4)
        var rng = SplitMix64(seed: 3)
        var rotations = 0
        for step in 0..<2_000 {
            #expect(set.proposer.publicKey == order[rotations % 4], "step \(step)")
            // A set saved and restored (members, priorities, last proposer) keeps the rotation.
            set = try ValidatorSet(validators: set.validators, lastProposer: set.proposer.address)
            let times = rng.next() % 3 == 0 ? 1 : Int(rng.next() % 5) + 1
            set = set.incrementingProposerPriority(times: times)
            rotations += times
        }
    }

    @Test("TestAveragingInIncrementProposerPriorityWithVotingPower: powers 10, 1, 1 from zero priorities")
    func cometAveragingWithVotingPower() throws {
        let keys = Self.keysByAddress(3)
        // CometBFT's addresses {0} < {1} < {2} with powers 10, 1, 1: the keys in address order. Ties (at 4 and
        // 8 rotations all three priorities are equal) go to the lowest address, the validator of power 10.
        let start = try ValidatorSet(validators: [
            Validator(publicKey: keys[0].publicKey, votingPower: 10),
            Validator(publicKey: keys[1].publicKey, votingPower: 1),
            Validator(publicKey: keys[2].publicKey, votingPower: 1),
        ])
        #expect(start.validators.map(\.publicKey) == keys.map(\.publicKey))
        // (times, priorities after, proposer): CometBFT's table with vp0 = 10, vp1 = vp2 = 1, total 12, average 0.
        let table: [(Int, [Int64], Int)] = [
            (1, [-2, 1, 1], 0), (2, [-4, 2, 2], 0), (3, [-6, 3, 3], 0), (4, [-8, 4, 4], 0), (5, [2, -7, 5], 1),
            (6, [0, -6, 6], 0), (7, [-2, -5, 7], 0), (8, [-4, -4, 8], 0), (9, [6, -3, -3], 2),
            (10, [4, -2, -2], 0), (11, [2, -1, -1], 0),
        ]
        for (times, priorities, proposer) in table {
            let set = start.incrementingProposerPriority(times: times)
            #expect(set.validators.map(\.proposerPriority) == priorities, "times \(times)")
            #expect(set.proposerIndex == proposer, "times \(times)")
        }
    }

    @Test("over many rounds each validator proposes in proportion to its power")
    func weightedFrequency() throws {
        let keys = Self.keysByAddress(4)
        let powers: [Int64] = [1, 2, 3, 4]
        let set = try ValidatorSet.genesis(zip(keys, powers).map { ($0.publicKey, $1) })
        var counts = [Ed25519PublicKey: Int]()
        var rotating = set
        for _ in 0..<1_000 {
            counts[rotating.proposer.publicKey, default: 0] += 1
            rotating = rotating.incrementingProposerPriority(times: 1)
        }
        #expect(zip(keys, powers).map { counts[$0.0.publicKey] } == powers.map { Int($0) * 100 })
        // The proposer of round r is the one r rotations ahead.
        for round in UInt32(0)..<12 {
            let ahead = round == 0 ? set : set.incrementingProposerPriority(times: Int(round))
            #expect(set.proposer(forRound: Round(round)) == ahead.proposerIndex)
        }
    }

    @Test("a restored set needs its last proposer: the priorities alone do not tell who was chosen")
    func restoredSetKeepsProposer() throws {
        let keys = Self.keysByAddress(3)
        let set = try ValidatorSet.genesis(zip(keys, [1000, 300, 330] as [Int64]).map { ($0.publicKey, $1) })
        let restored = try ValidatorSet(validators: set.validators, lastProposer: set.proposer.address)
        #expect(restored == set)
        #expect(restored.incrementingProposerPriority(times: 1) == set.incrementingProposerPriority(times: 1))
        // Without it, the highest remaining priority is taken: another validator here.
        #expect(try ValidatorSet(validators: set.validators).proposer != set.proposer)
        let stranger = Validator.address(of: ConsensusFixture.key(99).publicKey)
        #expect(throws: ValidatorSetError.unknownProposer(address: stranger.hex)) {
            try ValidatorSet(validators: set.validators, lastProposer: stranger)
        }
    }

    @Test("a priority tie goes to the lower address")
    func tieGoesToLowerAddress() throws {
        let keys = Self.keysByAddress(2)
        let set = try ValidatorSet(validators: [
            Validator(publicKey: keys[1].publicKey, votingPower: 7, proposerPriority: 5),
            Validator(publicKey: keys[0].publicKey, votingPower: 7, proposerPriority: 5),
        ])
        #expect(set.proposer.publicKey == keys[0].publicKey)
        let rotated = set.incrementingProposerPriority(times: 1)
        #expect(rotated.proposer.publicKey == keys[0].publicKey)
        #expect(rotated.incrementingProposerPriority(times: 1).proposer.publicKey == keys[1].publicKey)
    }

    // MARK: - Updates

    @Test("a new validator starts at -1.125 x the total power after the updates (before removals), then centred")
    func newValidatorPriority() throws {
        let keys = Self.keysByAddress(4)
        let start = try ValidatorSet(
            validators: keys[0..<3].map { Validator(publicKey: $0.publicKey, votingPower: 10) })
        func priority(_ set: ValidatorSet, _ key: Ed25519PrivateKey) -> Int64? {
            set.index(of: key.publicKey).map { set.validators[$0].proposerPriority }
        }
        // Adding D (10): total 40, D at -(40 + 40 >> 3) = -45; the average -45 / 4 rounds down to -12.
        let added = try start.applying([ValidatorUpdate(publicKey: keys[3].publicKey, power: 10)])
        #expect(keys.map { priority(added, $0) } == [12, 12, 12, -33])
        // Removing C and adding D (20), as CometBFT's verifyUpdates: 30 - 10 + 20 = 40 after removals, 50 before;
        // D at -(50 + 50 >> 3) = -56; the average -56 / 3 rounds down to -19.
        let swapped = try start.applying([
            ValidatorUpdate(publicKey: keys[2].publicKey, power: 0),
            ValidatorUpdate(publicKey: keys[3].publicKey, power: 20),
        ])
        #expect(swapped.totalVotingPower == 40)
        #expect(keys.map { priority(swapped, $0) } == [19, 19, nil, -37])
    }

    @Test("TestValSetUpdatePriorityOrderTests: added validators get the lowest, equal priorities; order by power")
    func cometUpdatePriorityOrder() throws {
        let keys = Self.keysByAddress(5)
        // v1 and v2 (power 1) are the two lowest addresses, so they sort as CometBFT's "v1" < "v2".
        let (v1, v2, v3, v4, v5) = (keys[0], keys[1], keys[2], keys[3], keys[4])
        let start = try ValidatorSet.genesis([(v3.publicKey, 1000), (v2.publicKey, 2), (v1.publicKey, 1)])
        for times in [1, 2, 7, 100, 4_999] {
            let set = try start.incrementingProposerPriority(times: times).applying([
                ValidatorUpdate(publicKey: v5.publicKey, power: 50),
                ValidatorUpdate(publicKey: v4.publicKey, power: 40),
                ValidatorUpdate(publicKey: v2.publicKey, power: 1), ValidatorUpdate(publicKey: v3.publicKey, power: 0),
            ])
            #expect(set.validators.map(\.publicKey) == [v5, v4, v1, v2].map(\.publicKey))
            #expect(set.validators.map(\.votingPower) == [50, 40, 1, 1])
            let byPriority = set.validators.sorted { $0.proposerPriority < $1.proposerPriority }
            #expect(Set(byPriority.prefix(2).map(\.publicKey)) == [v4.publicKey, v5.publicKey], "times \(times)")
            #expect(byPriority[0].proposerPriority == byPriority[1].proposerPriority)
            Self.expectScaledAndCentred(set)
        }
    }

    /// CometBFT's verifyValidatorSet: priorities sum to within the member count of zero, and lie within a window of
    /// twice the total power.
    static func expectScaledAndCentred(_ set: ValidatorSet, sourceLocation: SourceLocation = #_sourceLocation) {
        let priorities = set.validators.map(\.proposerPriority)
        let sum = priorities.reduce(0, +)
        #expect(abs(sum) < Int64(set.count), "sum \(sum)", sourceLocation: sourceLocation)
        let spread = (priorities.max() ?? 0) - (priorities.min() ?? 0)
        #expect(spread <= 2 * set.totalVotingPower, "spread \(spread)", sourceLocation: sourceLocation)
    }

    @Test("an updated validator keeps its priority; the order of the updates does not matter")
    func updatesKeepPriorityAndCommute() throws {
        let keys = Self.keysByAddress(6)
        let start = try ValidatorSet.genesis(zip(keys[0..<4], [40, 30, 20, 10] as [Int64]).map { ($0.publicKey, $1) })
            .incrementingProposerPriority(times: 3)
        let changed = try start.applying([ValidatorUpdate(publicKey: keys[1].publicKey, power: 33)])
        let before = start.validators[start.index(of: keys[1].publicKey)!].proposerPriority
        let after = changed.validators[changed.index(of: keys[1].publicKey)!].proposerPriority
        // The member keeps its priority, up to the common shift that recentres the set.
        let shift =
            start.validators[start.index(of: keys[0].publicKey)!].proposerPriority
            - changed.validators[changed.index(of: keys[0].publicKey)!].proposerPriority
        #expect(after == before - shift)

        let updates = [
            ValidatorUpdate(publicKey: keys[0].publicKey, power: 0),
            ValidatorUpdate(publicKey: keys[2].publicKey, power: 0),
            ValidatorUpdate(publicKey: keys[1].publicKey, power: 22),
            ValidatorUpdate(publicKey: keys[4].publicKey, power: 50),
            ValidatorUpdate(publicKey: keys[3].publicKey, power: 44),
            ValidatorUpdate(publicKey: keys[5].publicKey, power: 5),
        ]
        let expected = try start.applying(updates)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20 {
            #expect(try start.applying(updates.shuffled(using: &rng)) == expected)
        }
        Self.expectScaledAndCentred(expected)
    }

    @Test("an invalid change set is refused whole and leaves the set as it was")
    func invalidUpdatesAreAtomic() throws {
        let keys = Self.keysByAddress(4)
        let (v1, v2, v3) = (keys[0].publicKey, keys[1].publicKey, keys[2].publicKey)
        let start = try ValidatorSet.genesis([(v1, 10), (v2, 10)])
        let copy = start
        let max = ValidatorSet.maxTotalVotingPower
        func address(_ key: Ed25519PublicKey) -> String { Validator.address(of: key).hex }
        let cases: [([ValidatorUpdate], ValidatorSetError)] = [
            // Duplicates (TestValSetUpdatesDuplicateEntries).
            (
                [.init(publicKey: v1, power: 11), .init(publicKey: v1, power: 22)],
                .duplicateValidator(address: address(v1))
            ),
            (
                [.init(publicKey: v1, power: 11), .init(publicKey: v2, power: 22), .init(publicKey: v1, power: 12)],
                .duplicateValidator(address: address(v1))
            ),
            (
                [.init(publicKey: v1, power: 0), .init(publicKey: v1, power: 0)],
                .duplicateValidator(address: address(v1))
            ),
            (
                [.init(publicKey: v1, power: 0), .init(publicKey: v2, power: 20), .init(publicKey: v1, power: 30)],
                .duplicateValidator(address: address(v1))
            ),
            // Overflows (TestValSetUpdatesOverflows).
            ([.init(publicKey: v1, power: .max)], .invalidPower(address: address(v1), power: .max)),
            ([.init(publicKey: v3, power: max)], .totalPowerTooLarge(total: max + 20)),
            // Other errors (TestValSetUpdatesOtherErrors).
            ([.init(publicKey: v2, power: -123)], .invalidPower(address: address(v2), power: -123)),
            ([.init(publicKey: v3, power: 0)], .removingUnknown(address: address(v3))),
            ([.init(publicKey: v1, power: 0), .init(publicKey: v2, power: 0)], .empty),
            // A valid change next to an invalid one is not applied either.
            (
                [.init(publicKey: v1, power: 99), .init(publicKey: v3, power: 0)],
                .removingUnknown(address: address(v3))
            ),
        ]
        for (updates, error) in cases {
            #expect(throws: error) { try start.applying(updates) }
            #expect(start == copy)
        }
        // TestValSetUpdateOverflowRelated: swapping near-maximal powers is not a false overflow.
        let big = try ValidatorSet.genesis([(v2, max - 1), (v1, 1)])
        let swapped = try big.applying([.init(publicKey: v1, power: max - 1), .init(publicKey: v2, power: 1)])
        #expect(swapped.validators.map(\.publicKey) == [v1, v2])
        let replaced = try ValidatorSet.genesis([(v1, max - 2), (v2, 1), (v3, 1)]).applying([
            .init(publicKey: v1, power: 0), .init(publicKey: keys[3].publicKey, power: max - 2),
        ])
        #expect(replaced.totalVotingPower == max)
        Self.expectScaledAndCentred(replaced)
    }
}
