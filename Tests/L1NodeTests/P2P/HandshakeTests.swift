import Common
import Testing

@testable import L1Node

@Suite("Handshake state machine, in memory")
struct HandshakeTests {
    static let keyA = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0xA1, count: 32))
    static let keyB = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0xB2, count: 32))

    static func info(_ key: Ed25519PrivateKey, network: String = "strata-test", version: ProtocolVersion = .current)
        -> NodeInfo
    {
        NodeInfo(
            nodeID: NodeID(publicKey: key.publicKey), network: network, version: version,
            listenAddress: "127.0.0.1:26656", moniker: "node")
    }

    typealias Outcome = Result<HandshakeOutcome, HandshakeError>

    /// Runs both sides against each other, as the wire would; a side whose peer failed first sees
    /// `connectionClosed`.
    static func run(_ a: inout Handshake, _ b: inout Handshake, tamper: Bool = false) -> (Outcome, Outcome) {
        func body(_ frame: [UInt8]) -> [UInt8] { Array(frame[4...]) }
        func reply(_ side: inout Handshake, _ frame: [UInt8]) -> Result<[UInt8], HandshakeError> {
            Result { () throws(HandshakeError) in
                guard case .reply(let bytes) = try side.receiveFrame(body(frame)) else { throw .connectionClosed }
                return bytes
            }
        }
        func complete(_ side: inout Handshake, _ frame: [UInt8]) -> Outcome {
            Result { () throws(HandshakeError) in
                guard case .complete(let outcome) = try side.receiveFrame(body(frame)) else {
                    throw .connectionClosed
                }
                return outcome
            }
        }
        let closed = Outcome.failure(.connectionClosed)
        var authA: [UInt8]
        let authB: [UInt8]
        do {
            authA = try a.receiveEphemeralKey(b.localEphemeralKey)
            authB = try b.receiveEphemeralKey(a.localEphemeralKey)
        } catch {
            return (.failure(error), .failure(error))
        }
        if tamper { authA[10] ^= 0x80 }
        let infoA = reply(&a, authB)
        let infoB = reply(&b, authA)
        switch (infoA, infoB) {
        case (.success(let infoA), .success(let infoB)):
            return (complete(&a, infoB), complete(&b, infoA))
        case (.failure(let error), .success):
            return (.failure(error), closed)
        case (.success, .failure(let error)):
            return (closed, .failure(error))
        case (.failure(let errorA), .failure(let errorB)):
            return (.failure(errorA), .failure(errorB))
        }
    }

    @Test("two nodes on the same network authenticate each other and get working ciphers")
    func success() throws {
        var a = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: nil)
        var b = Handshake(
            identity: Self.keyB, localInfo: Self.info(Self.keyB),
            expectedPeer: NodeID(publicKey: Self.keyA.publicKey))
        let (resultA, resultB) = Self.run(&a, &b)
        let outcomeA = try resultA.get()
        let outcomeB = try resultB.get()
        #expect(outcomeA.remoteInfo == Self.info(Self.keyB))
        #expect(outcomeB.remoteKey == Self.keyA.publicKey)
        var send = outcomeA.sendCipher
        var receive = outcomeB.receiveCipher
        let frame = try send.seal([0x22, 1, 2, 3])
        #expect(try receive.open(Array(frame[4...])) == [0x22, 1, 2, 3])
        #expect(send.counter == 3, "frames 0 and 1 were the handshake's")
    }

    @Test("a dial that names another node id fails with both ids")
    func wrongExpectedID() {
        let other = NodeID(publicKey: Ed25519PrivateKey().publicKey)
        var a = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: other)
        var b = Handshake(identity: Self.keyB, localInfo: Self.info(Self.keyB), expectedPeer: nil)
        let (resultA, _) = Self.run(&a, &b)
        #expect(throws: HandshakeError.peerIDMismatch(expected: other, actual: NodeID(publicKey: Self.keyB.publicKey)))
        {
            try resultA.get()
        }
    }

    @Test("a peer on another network is refused with both network names")
    func otherNetwork() {
        var a = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: nil)
        var b = Handshake(
            identity: Self.keyB, localInfo: Self.info(Self.keyB, network: "other-net"), expectedPeer: nil)
        let (resultA, resultB) = Self.run(&a, &b)
        #expect(throws: HandshakeError.networkMismatch(local: "strata-test", remote: "other-net")) { try resultA.get() }
        #expect(throws: HandshakeError.networkMismatch(local: "other-net", remote: "strata-test")) { try resultB.get() }
    }

    @Test("a peer with another major version is refused; another minor version is fine")
    func versions() throws {
        var a = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: nil)
        var b = Handshake(
            identity: Self.keyB, localInfo: Self.info(Self.keyB, version: ProtocolVersion(major: 2, minor: 0)),
            expectedPeer: nil)
        let (resultA, _) = Self.run(&a, &b)
        #expect(
            throws: HandshakeError.incompatibleVersion(local: .current, remote: ProtocolVersion(major: 2, minor: 0))
        ) { try resultA.get() }

        var c = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: nil)
        var d = Handshake(
            identity: Self.keyB, localInfo: Self.info(Self.keyB, version: ProtocolVersion(major: 1, minor: 7)),
            expectedPeer: nil)
        let (resultC, resultD) = Self.run(&c, &d)
        _ = try resultC.get()
        _ = try resultD.get()
    }

    @Test("a node that reaches itself notices")
    func selfConnection() {
        var a = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: nil)
        var b = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: nil)
        let (resultA, _) = Self.run(&a, &b)
        #expect(throws: HandshakeError.selfConnection) { try resultA.get() }
    }

    @Test("a tampered auth frame fails to decrypt")
    func tamperedAuth() {
        var a = Handshake(identity: Self.keyA, localInfo: Self.info(Self.keyA), expectedPeer: nil)
        var b = Handshake(identity: Self.keyB, localInfo: Self.info(Self.keyB), expectedPeer: nil)
        let (_, resultB) = Self.run(&a, &b, tamper: true)
        #expect(throws: HandshakeError.decryptionFailed) { try resultB.get() }
    }

    @Test("node info round-trips through its encoding and refuses overlong strings and trailing bytes")
    func nodeInfoCodec() throws {
        let info = Self.info(Self.keyA)
        var writer = ByteWriter()
        writer.write(info)
        var reader = ByteReader(writer.bytes)
        #expect(try reader.read(NodeInfo.self) == info)
        #expect(reader.isAtEnd)
        #expect(writer.bytes.count <= NodeInfo.maxEncodedByteCount)

        var long = info
        long.moniker = String(repeating: "m", count: NodeInfo.maxMonikerByteCount + 1)
        var longWriter = ByteWriter()
        longWriter.write(long)
        var longReader = ByteReader(longWriter.bytes)
        #expect(throws: CodecError.self) { try longReader.read(NodeInfo.self) }
    }
}
