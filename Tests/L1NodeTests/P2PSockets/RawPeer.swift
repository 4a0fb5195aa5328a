import Common
import NIOCore
import NIOPosix

@testable import L1Node

/// The connection closed while a test was reading.
struct ConnectionClosed: Error {}

/// Pushes received bytes into an async stream, and ends it when the connection closes.
final class ByteCollector: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let continuation: AsyncStream<ByteBuffer>.Continuation

    init(_ continuation: AsyncStream<ByteBuffer>.Continuation) {
        self.continuation = continuation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        continuation.yield(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        continuation.finish()
        context.fireChannelInactive()
    }
}

/// A peer driven by hand over a real socket: it can run the real handshake, then write any bytes a test wants
/// (tampered, oversized, on unknown channels).
struct RawPeer {
    let channel: Channel
    let key: Ed25519PrivateKey
    private var incoming: AsyncStream<ByteBuffer>.AsyncIterator
    private var pending: [UInt8] = []
    var sendCipher: FrameCipher?
    var receiveCipher: FrameCipher?

    var id: NodeID { NodeID(publicKey: key.publicKey) }

    /// Opens a TCP connection to `node` without any handshake.
    static func open(to node: TestNode, key: Ed25519PrivateKey = Ed25519PrivateKey()) async throws -> RawPeer {
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteCollector(continuation))
                }
            }
            .connect(host: "127.0.0.1", port: node.address.port).get()
        return RawPeer(channel: channel, key: key, incoming: stream.makeAsyncIterator())
    }

    /// Opens a connection to `node` and runs the handshake as a dialer on `network`.
    static func connect(
        to node: TestNode, key: Ed25519PrivateKey = Ed25519PrivateKey(), network: String = "strata-test"
    ) async throws -> RawPeer {
        var peer = try await open(to: node, key: key)
        let info = NodeInfo(
            nodeID: NodeID(publicKey: key.publicKey), network: network, version: .current,
            listenAddress: "127.0.0.1:1", moniker: "raw")
        var handshake = Handshake(identity: key, localInfo: info, expectedPeer: node.id)
        try await peer.write(handshake.localEphemeralKey)
        try await peer.write(handshake.receiveEphemeralKey(peer.read(32)))
        guard case .reply(let nodeInfo) = try await handshake.receiveFrame(peer.readFrame()) else {
            throw ConnectionClosed()
        }
        try await peer.write(nodeInfo)
        guard case .complete(let outcome) = try await handshake.receiveFrame(peer.readFrame()) else {
            throw ConnectionClosed()
        }
        peer.sendCipher = outcome.sendCipher
        peer.receiveCipher = outcome.receiveCipher
        return peer
    }

    /// Reads exactly `count` bytes.
    mutating func read(_ count: Int) async throws -> [UInt8] {
        while pending.count < count {
            guard let buffer = await incoming.next() else { throw ConnectionClosed() }
            pending += buffer.readableBytesView
        }
        defer { pending.removeFirst(count) }
        return Array(pending.prefix(count))
    }

    /// Reads one frame's ciphertext.
    mutating func readFrame() async throws -> [UInt8] {
        let prefix = try await read(4)
        let length = prefix.reduce(0) { $0 << 8 | Int($1) }
        return try await read(length)
    }

    /// Reads and opens one message frame.
    mutating func readMessage() async throws -> (ChannelID, [UInt8]) {
        let ciphertext = try await readFrame()
        guard var cipher = receiveCipher else { throw ConnectionClosed() }
        let plaintext = try cipher.open(ciphertext)
        receiveCipher = cipher
        return (ChannelID(rawValue: plaintext[0]), Array(plaintext[1...]))
    }

    /// Writes raw bytes.
    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// Seals a message frame (channel byte and payload) and returns its wire bytes, without sending it.
    mutating func seal(_ payload: [UInt8], on channel: ChannelID) throws -> [UInt8] {
        guard var cipher = sendCipher else { throw ConnectionClosed() }
        let frame = try cipher.seal([channel.rawValue] + payload)
        sendCipher = cipher
        return frame
    }

    /// Waits until the other side closes the connection; true if it did within `timeout`.
    mutating func waitForClose(timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if !channel.isActive { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return !channel.isActive
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }
}
