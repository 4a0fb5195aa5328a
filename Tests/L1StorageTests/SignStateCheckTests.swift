import Common
import Testing

@testable import L1Storage

@Suite("Sign state check (double-sign rules)")
struct SignStateCheckTests {
    private let signature = try! Ed25519Signature(bytes: [UInt8](repeating: 7, count: 64))
    private var last: LastSignState {
        LastSignState(height: 10, round: 2, step: .prevote, signBytes: [1, 2, 3], signature: signature)
    }
    private var lastPosition: SignPosition { SignPosition(height: 10, round: 2, step: .prevote) }

    @Test("steps order proposal < prevote < precommit, with CometBFT's raw values 1, 2, 3")
    func stepOrder() {
        #expect(SignStep.proposal < .prevote && SignStep.prevote < .precommit)
        #expect(SignStep.allCases.map(\.rawValue) == [1, 2, 3])
    }

    @Test(
        "a strictly later height, round or step may be signed",
        arguments: [
            (11, 0, SignStep.proposal), (10, 3, .proposal), (10, 2, .precommit), (UInt64.max, 0, .proposal),
        ] as [(UInt64, UInt32, SignStep)])
    func later(height: UInt64, round: UInt32, step: SignStep) throws {
        #expect(try last.check(height: height, round: round, step: step, signBytes: [9]) == .sign)
    }

    @Test(
        "an earlier height, an earlier round of the same height or an earlier step of the same round is a regression",
        arguments: [
            (9, 5, SignStep.precommit), (10, 1, .precommit), (10, 2, .proposal), (0, 0, .proposal),
        ] as [(UInt64, UInt32, SignStep)])
    func regression(height: UInt64, round: UInt32, step: SignStep) {
        let requested = SignPosition(height: height, round: round, step: step)
        #expect(throws: PrivValidatorError.regression(requested: requested, last: lastPosition)) {
            try last.check(height: height, round: round, step: step, signBytes: [1, 2, 3])
        }
    }

    @Test("the same position with identical bytes reuses the stored signature")
    func reuse() throws {
        #expect(try last.check(height: 10, round: 2, step: .prevote, signBytes: [1, 2, 3]) == .reuse(signature))
    }

    @Test("the same position with different bytes is a conflict (a double sign)")
    func conflict() {
        for bytes: [UInt8] in [[1, 2, 4], [1, 2], [], [1, 2, 3, 0]] {
            #expect(
                throws: PrivValidatorError.conflict(at: lastPosition, signedBytes: [1, 2, 3], requestedBytes: bytes)
            ) {
                try last.check(height: 10, round: 2, step: .prevote, signBytes: bytes)
            }
        }
    }

    @Test("refusals say what was refused and why")
    func messages() {
        let regression = PrivValidatorError.regression(
            requested: SignPosition(height: 9, round: 0, step: .precommit), last: lastPosition)
        #expect(
            regression.description
                == "refusing to sign precommit at height 9 round 0: it is before the last signature, prevote at "
                + "height 10 round 2 (height, round and step only move forward)")
        let conflict = PrivValidatorError.conflict(at: lastPosition, signedBytes: [1], requestedBytes: [2])
        #expect(conflict.description.hasPrefix("refusing to sign prevote at height 10 round 2: different bytes"))
        #expect(conflict.description.contains("double sign"))
    }
}
