import Common
import Testing

@testable import L1Storage

@Suite("PrivValidator")
struct PrivValidatorTests {
    private let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x42, count: 32))

    @Test("signs the given bytes exactly, and the signature verifies under the public key")
    func signsExactBytes() throws {
        let validator = try PrivValidator(key: key, store: MemorySignStateStore())
        let bytes: [UInt8] = [0xde, 0xad, 0xbe, 0xef]
        let signature = try validator.sign(height: 1, round: 0, step: .prevote, signBytes: bytes)
        #expect(signature == key.sign(message: bytes))
        #expect(validator.publicKey.verify(signature, message: bytes))
        #expect(validator.publicKey == key.publicKey)
    }

    @Test("the new state is saved before the signature is returned")
    func persistsBeforeReturn() throws {
        let store = MemorySignStateStore()
        let validator = try PrivValidator(key: key, store: store)
        let signature = try validator.sign(height: 3, round: 1, step: .precommit, signBytes: [1])
        #expect(
            store.state == LastSignState(height: 3, round: 1, step: .precommit, signBytes: [1], signature: signature))
        #expect(validator.lastSignState == store.state)
    }

    @Test("a fresh PrivValidator on the same store refuses what the first one already signed")
    func freshValidatorRefuses() throws {
        let store = MemorySignStateStore()
        _ = try PrivValidator(key: key, store: store).sign(height: 5, round: 0, step: .prevote, signBytes: [1])
        let restarted = try PrivValidator(key: key, store: store)
        let position = SignPosition(height: 5, round: 0, step: .prevote)
        #expect(throws: PrivValidatorError.conflict(at: position, signedBytes: [1], requestedBytes: [2])) {
            try restarted.sign(height: 5, round: 0, step: .prevote, signBytes: [2])
        }
        #expect(
            throws: PrivValidatorError.regression(
                requested: SignPosition(height: 5, round: 0, step: .proposal), last: position)
        ) {
            try restarted.sign(height: 5, round: 0, step: .proposal, signBytes: [1])
        }
        #expect(try restarted.sign(height: 5, round: 0, step: .precommit, signBytes: [3]) == key.sign(message: [3]))
    }

    @Test("repeating the last request with identical bytes returns the stored signature without a new save")
    func reuse() throws {
        let store = MemorySignStateStore()
        let validator = try PrivValidator(key: key, store: store)
        let first = try validator.sign(height: 2, round: 0, step: .proposal, signBytes: [9, 9])
        let again = try validator.sign(height: 2, round: 0, step: .proposal, signBytes: [9, 9])
        #expect(first == again)
        #expect(store.saveCount == 1)
    }

    @Test("when the save fails no signature is returned and nothing changes")
    func saveFailure() throws {
        let store = MemorySignStateStore()
        let validator = try PrivValidator(key: key, store: store)
        _ = try validator.sign(height: 1, round: 0, step: .precommit, signBytes: [1])
        store.failSaves = true
        #expect {
            _ = try validator.sign(height: 2, round: 0, step: .prevote, signBytes: [2])
        } throws: { error in
            guard case PrivValidatorError.persistenceFailed(.io) = error else { return false }
            return true
        }
        #expect(validator.lastSignState?.height == 1)
        #expect(store.state?.height == 1)
        store.failSaves = false
        #expect(try validator.sign(height: 2, round: 0, step: .prevote, signBytes: [2]) == key.sign(message: [2]))
    }

    @Test("a stored state whose signature does not verify under this key is refused at start")
    func stateFromAnotherKey() throws {
        let other = try Ed25519PrivateKey(seed: [UInt8](repeating: 0x43, count: 32))
        let store = MemorySignStateStore()
        _ = try PrivValidator(key: other, store: store).sign(height: 8, round: 1, step: .prevote, signBytes: [1])
        #expect(
            throws: PrivValidatorError.stateFromAnotherKey(last: SignPosition(height: 8, round: 1, step: .prevote))
        ) {
            try PrivValidator(key: key, store: store)
        }
    }

    @Test("a simulated run of rounds and restarts never signs two different byte strings at one position")
    func noDoubleSignAcrossRestarts() throws {
        var rng = SplitMix64(seed: 99)
        let store = MemorySignStateStore()
        var validator = try PrivValidator(key: key, store: store)
        var signed: [SignPosition: [UInt8]] = [:]
        for step in 0..<2000 {
            if rng.next() % 20 == 0 { validator = try PrivValidator(key: key, store: store) }
            // A window of heights that moves up over the run, so requests land before, at and after the last one.
            let position = SignPosition(
                height: UInt64(1 + step / 20) + rng.next() % 3, round: UInt32(rng.next() % 3),
                step: SignStep(rawValue: UInt8(1 + rng.next() % 3)) ?? .prevote)
            let bytes = [UInt8(rng.next() % 2)]
            guard
                let signature = try? validator.sign(
                    height: position.height, round: position.round, step: position.step, signBytes: bytes)
            else { continue }
            if let earlier = signed[position] { #expect(earlier == bytes, "double sign at \(position)") }
            signed[position] = bytes
            #expect(validator.publicKey.verify(signature, message: bytes))
            #expect(signed.keys.allSatisfy { $0 <= position }, "never signs below a position already signed")
        }
        #expect(signed.count > 100)
    }
}
