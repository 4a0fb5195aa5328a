import Common

/// One side of the handshake as a pure state machine: bytes in, bytes out, no I/O (docs/p2p.md, "Handshake").
///
/// Both sides run the same steps without waiting for each other's turn:
///
/// 1. send ``localEphemeralKey`` (32 bytes, in the clear);
/// 2. on the peer's ephemeral key, derive ``SessionKeys`` and send the encrypted ``AuthMessage`` (frame 0);
/// 3. on the peer's auth message, check its network, signature and node id, then send our ``NodeInfo`` (frame 1);
/// 4. on the peer's node info, check it and finish with a ``HandshakeOutcome``.
///
/// Any failure is final: the caller closes the connection.
struct Handshake: Sendable {
    /// Where the handshake is.
    enum Step: Sendable, Equatable {
        /// Waiting for the peer's 32-byte ephemeral key.
        case awaitingEphemeralKey
        /// Waiting for the peer's encrypted auth message (frame 0).
        case awaitingAuth
        /// Waiting for the peer's encrypted node info (frame 1).
        case awaitingNodeInfo
        /// Finished, successfully or not.
        case finished
    }

    /// What ``receiveFrame(_:)`` asks the caller to do.
    enum Progress: Sendable {
        /// Send these bytes (a whole wire frame) and wait for the next frame.
        case reply([UInt8])
        /// The peer is authenticated and compatible.
        case complete(HandshakeOutcome)
    }

    private let identity: Ed25519PrivateKey
    private let localInfo: NodeInfo
    private let expectedPeer: NodeID?
    private let ephemeral: EphemeralKeyPair
    private(set) var step = Step.awaitingEphemeralKey
    private var transcript = Hash.zero
    private var sendCipher: FrameCipher?
    private var receiveCipher: FrameCipher?
    private var remoteKey: Ed25519PublicKey?

    /// Starts a handshake for the node with key `identity` and info `localInfo`. `expectedPeer` is the id the
    /// dialed address names (`nil` for inbound connections, which accept any id).
    init(
        identity: Ed25519PrivateKey, localInfo: NodeInfo, expectedPeer: NodeID?,
        ephemeral: EphemeralKeyPair = EphemeralKeyPair()
    ) {
        self.identity = identity
        self.localInfo = localInfo
        self.expectedPeer = expectedPeer
        self.ephemeral = ephemeral
    }

    /// The 32 bytes to send first.
    var localEphemeralKey: [UInt8] { ephemeral.publicKey }

    /// The largest ciphertext (length prefix value) accepted for handshake frame `index` (0: auth, 1: node info).
    static func ciphertextCap(frame index: UInt64) -> Int {
        (index == 0 ? AuthMessage.maxEncodedByteCount : NodeInfo.maxEncodedByteCount) + FrameCipher.tagByteCount
    }

    /// Takes the peer's ephemeral key and returns the auth frame to send.
    mutating func receiveEphemeralKey(_ remoteKey: [UInt8]) throws(HandshakeError) -> [UInt8] {
        precondition(step == .awaitingEphemeralKey, "ephemeral key received twice")
        step = .finished
        let shared = try ephemeral.sharedSecret(with: remoteKey)
        let keys = try SessionKeys(
            sharedSecret: shared, localEphemeral: ephemeral.publicKey, remoteEphemeral: remoteKey)
        transcript = keys.transcript
        var send = FrameCipher(key: keys.sendKey)
        let auth = AuthMessage(signing: keys.transcript, network: localInfo.network, identity: identity)
        let frame = try Self.seal(auth.encoded, with: &send)
        sendCipher = send
        receiveCipher = FrameCipher(key: keys.receiveKey)
        step = .awaitingAuth
        return frame
    }

    /// Takes the ciphertext of the peer's next frame (auth, then node info).
    mutating func receiveFrame(_ ciphertext: [UInt8]) throws(HandshakeError) -> Progress {
        switch step {
        case .awaitingAuth:
            step = .finished
            let auth = try AuthMessage(decoding: open(ciphertext))
            guard auth.network == localInfo.network else {
                throw .networkMismatch(local: localInfo.network, remote: auth.network)
            }
            guard auth.verifies(transcript: transcript) else { throw .invalidSignature }
            let remoteID = NodeID(publicKey: auth.publicKey)
            if let expectedPeer, expectedPeer != remoteID {
                throw .peerIDMismatch(expected: expectedPeer, actual: remoteID)
            }
            guard remoteID != localInfo.nodeID else { throw .selfConnection }
            remoteKey = auth.publicKey
            var writer = ByteWriter(capacity: NodeInfo.maxEncodedByteCount)
            writer.write(localInfo)
            guard var send = sendCipher else { preconditionFailure("keys are set before auth") }
            let frame = try Self.seal(writer.bytes, with: &send)
            sendCipher = send
            step = .awaitingNodeInfo
            return .reply(frame)
        case .awaitingNodeInfo:
            step = .finished
            var reader = ByteReader(try open(ciphertext))
            let info: NodeInfo
            do {
                info = try reader.read(NodeInfo.self)
                try reader.expectEnd()
            } catch {
                throw .malformedNodeInfo(error.description)
            }
            guard let remoteKey, let sendCipher, let receiveCipher else {
                preconditionFailure("auth is checked before node info")
            }
            let remoteID = NodeID(publicKey: remoteKey)
            guard info.nodeID == remoteID else {
                throw .nodeInfoIDMismatch(authenticated: remoteID, claimed: info.nodeID)
            }
            guard info.network == localInfo.network else {
                throw .networkMismatch(local: localInfo.network, remote: info.network)
            }
            guard info.version.isCompatible(with: localInfo.version) else {
                throw .incompatibleVersion(local: localInfo.version, remote: info.version)
            }
            return .complete(
                HandshakeOutcome(
                    remoteInfo: info, remoteKey: remoteKey, sendCipher: sendCipher, receiveCipher: receiveCipher))
        case .awaitingEphemeralKey, .finished:
            preconditionFailure("the frame decoder yields the ephemeral key first and the handler stops after")
        }
    }

    private mutating func open(_ ciphertext: [UInt8]) throws(HandshakeError) -> [UInt8] {
        guard var cipher = receiveCipher else { preconditionFailure("keys are set before frames") }
        defer { receiveCipher = cipher }
        do {
            return try cipher.open(ciphertext)
        } catch {
            throw .decryptionFailed
        }
    }

    private static func seal(_ plaintext: [UInt8], with cipher: inout FrameCipher) throws(HandshakeError) -> [UInt8] {
        do {
            return try cipher.seal(plaintext)
        } catch {
            throw .frame(error)
        }
    }
}

/// The result of a successful handshake: who the peer is, and the ciphers for the rest of the connection (both
/// positioned after the handshake's two frames).
struct HandshakeOutcome: Sendable {
    /// The peer's node info, checked against its key, our network and our version.
    let remoteInfo: NodeInfo
    /// The key the peer proved it holds.
    let remoteKey: Ed25519PublicKey
    /// Seals the frames we send.
    let sendCipher: FrameCipher
    /// Opens the frames we receive.
    let receiveCipher: FrameCipher
}
