import Common

@testable import L1Node

/// The worked handshake of docs/p2p.md, computed from its fixed inputs with the real code.
struct HandshakeVector {
    static let network = "strata-vector-1"
    static let seedA = [UInt8](0x00..<0x20)
    static let seedB = [UInt8](0x20..<0x40)
    static let ephemeralSecretA = [UInt8](0x40..<0x60)
    static let ephemeralSecretB = [UInt8](0x60..<0x80)

    let keyA: Ed25519PrivateKey
    let keyB: Ed25519PrivateKey
    let ephemeralA: EphemeralKeyPair
    let ephemeralB: EphemeralKeyPair
    let infoA: NodeInfo
    let infoB: NodeInfo
    let sharedSecret: [UInt8]
    let keysA: SessionKeys
    let authFrameA: [UInt8]
    let authFrameB: [UInt8]
    let nodeInfoFrameA: [UInt8]
    let messageFrameA: [UInt8]

    init() throws {
        keyA = try Ed25519PrivateKey(seed: Self.seedA)
        keyB = try Ed25519PrivateKey(seed: Self.seedB)
        ephemeralA = EphemeralKeyPair(secretKey: Self.ephemeralSecretA)
        ephemeralB = EphemeralKeyPair(secretKey: Self.ephemeralSecretB)
        infoA = NodeInfo(
            nodeID: NodeID(publicKey: keyA.publicKey), network: Self.network, version: .current,
            listenAddress: "127.0.0.1:26656", moniker: "node-a")
        infoB = NodeInfo(
            nodeID: NodeID(publicKey: keyB.publicKey), network: Self.network, version: .current,
            listenAddress: "127.0.0.1:26657", moniker: "node-b")
        sharedSecret = try ephemeralA.sharedSecret(with: ephemeralB.publicKey)
        keysA = try SessionKeys(
            sharedSecret: sharedSecret, localEphemeral: ephemeralA.publicKey, remoteEphemeral: ephemeralB.publicKey)

        var a = Handshake(identity: keyA, localInfo: infoA, expectedPeer: infoB.nodeID, ephemeral: ephemeralA)
        var b = Handshake(identity: keyB, localInfo: infoB, expectedPeer: nil, ephemeral: ephemeralB)
        authFrameA = try a.receiveEphemeralKey(ephemeralB.publicKey)
        authFrameB = try b.receiveEphemeralKey(ephemeralA.publicKey)
        guard case .reply(let infoFrame) = try a.receiveFrame(Array(authFrameB[4...])) else {
            throw HandshakeError.connectionClosed
        }
        nodeInfoFrameA = infoFrame
        guard case .reply(let infoFrameB) = try b.receiveFrame(Array(authFrameA[4...])),
            case .complete(let outcome) = try a.receiveFrame(Array(infoFrameB[4...]))
        else { throw HandshakeError.connectionClosed }
        var send = outcome.sendCipher
        messageFrameA = try send.seal([ChannelID.consensusVote.rawValue, 0x01, 0x02, 0x03])
    }
}
