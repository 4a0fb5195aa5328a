import Common
import Testing

@testable import L1Node

@Suite("Session keys: X25519 and the BLAKE2b derivation")
struct SessionKeysTests {
    @Test("both sides derive the same transcript and mirrored direction keys")
    func mirrored() throws {
        let a = EphemeralKeyPair()
        let b = EphemeralKeyPair()
        let sharedA = try a.sharedSecret(with: b.publicKey)
        let sharedB = try b.sharedSecret(with: a.publicKey)
        #expect(sharedA == sharedB)
        let keysA = try SessionKeys(sharedSecret: sharedA, localEphemeral: a.publicKey, remoteEphemeral: b.publicKey)
        let keysB = try SessionKeys(sharedSecret: sharedB, localEphemeral: b.publicKey, remoteEphemeral: a.publicKey)
        #expect(keysA.sendKey == keysB.receiveKey)
        #expect(keysA.receiveKey == keysB.sendKey)
        #expect(keysA.sendKey != keysA.receiveKey)
        #expect(keysA.transcript == keysB.transcript)
    }

    @Test("the keys are BLAKE2b-512 keyed by the secret over the label and the sorted ephemeral keys")
    func derivation() throws {
        let low = [UInt8](repeating: 1, count: 32)
        let high = [UInt8](repeating: 2, count: 32)
        let secret = [UInt8](repeating: 3, count: 32)
        let keys = try SessionKeys(sharedSecret: secret, localEphemeral: high, remoteEphemeral: low)
        #expect(keys.transcript == Hash.blake2b(low + high))
        let okm = KeyedBlake2b512.hash(key: secret, message: Array("strata/p2p/session/v1".utf8) + low + high)
        #expect(keys.receiveKey == Array(okm[0..<32]))
        #expect(keys.sendKey == Array(okm[32..<64]))
    }

    @Test("a low-order ephemeral key (all-zero shared secret) is refused")
    func lowOrderKey() {
        let a = EphemeralKeyPair()
        #expect(throws: HandshakeError.weakEphemeralKey) { try a.sharedSecret(with: [UInt8](repeating: 0, count: 32)) }
        // u = 1 is a point of order 4: any clamped scalar (a multiple of 8) sends it to zero.
        var one = [UInt8](repeating: 0, count: 32)
        one[0] = 1
        #expect(throws: HandshakeError.weakEphemeralKey) { try a.sharedSecret(with: one) }
    }

    @Test("a peer echoing our own ephemeral key is refused")
    func reflected() {
        let a = EphemeralKeyPair()
        #expect(throws: HandshakeError.reflectedEphemeralKey) {
            try SessionKeys(
                sharedSecret: [UInt8](repeating: 5, count: 32), localEphemeral: a.publicKey,
                remoteEphemeral: a.publicKey)
        }
    }
}
