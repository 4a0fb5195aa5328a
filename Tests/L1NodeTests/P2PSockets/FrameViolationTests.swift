import Common
import Testing

@testable import L1Node

@Suite("P2P switch over 127.0.0.1: frames that break the rules close the peer", .timeLimit(.minutes(1)))
struct FrameViolationTests {
    static func node() async throws -> TestNode {
        var config = TestNode.config()
        config.channels = [.consensusVote: 1024, .blockSync: 64 << 10]
        return try await TestNode.start(config: config)
    }

    @Test("a raw peer speaking the protocol correctly is delivered and answered")
    func rawPeerWorks() async throws {
        let node = try await Self.node()
        try await withNodes([node]) { _ in
            var raw = try await RawPeer.connect(to: node)
            try await node.log.wait(for: "the raw peer") { $0.contains(.peerConnected(raw.id)) }
            try await raw.write(raw.seal([9, 9], on: .consensusVote))
            try await node.log.wait(for: "its message") { $0.contains(.message(raw.id, .consensusVote, [9, 9])) }
            try node.p2p.send([4, 2], on: .blockSync, to: raw.id)
            let (channel, payload) = try await raw.readMessage()
            #expect(channel == .blockSync && payload == [4, 2])
            await raw.close()
            #expect(try await node.log.disconnectReason(of: raw.id) == .closedByPeer)
        }
    }

    @Test("a tampered ciphertext closes the connection")
    func tampered() async throws {
        let node = try await Self.node()
        try await withNodes([node]) { _ in
            var raw = try await RawPeer.connect(to: node)
            var frame = try raw.seal([1, 2, 3], on: .consensusVote)
            frame[6] ^= 0x01
            try await raw.write(frame)
            #expect(
                try await node.log.disconnectReason(of: raw.id)
                    == .protocolViolation(.authenticationFailed(frame: 2)))
            #expect(await raw.waitForClose())
            #expect(node.log.messages.isEmpty)
        }
    }

    @Test("an oversize length prefix closes the connection before the body is sent")
    func oversize() async throws {
        let node = try await Self.node()
        try await withNodes([node]) { _ in
            var raw = try await RawPeer.connect(to: node)
            try await node.log.wait(for: "the raw peer") { $0.contains(.peerConnected(raw.id)) }
            // Announce 2 GiB and send nothing more: the node must not wait for (or make room for) the body.
            try await raw.write([0x7F, 0xFF, 0xFF, 0xFF])
            let cap = (64 << 10) + 1 + 16
            #expect(
                try await node.log.disconnectReason(of: raw.id)
                    == .protocolViolation(.frameTooLarge(length: 0x7FFF_FFFF, cap: cap)))
            #expect(await raw.waitForClose())
        }
    }

    @Test("a frame on a channel the node does not have closes the connection")
    func unknownChannel() async throws {
        let node = try await Self.node()
        try await withNodes([node]) { _ in
            var raw = try await RawPeer.connect(to: node)
            try await raw.write(raw.seal([1], on: ChannelID(rawValue: 0x99)))
            #expect(
                try await node.log.disconnectReason(of: raw.id) == .protocolViolation(.unknownChannel(0x99)))
            #expect(await raw.waitForClose())
        }
    }

    @Test("a message over its channel's cap closes the connection, even within the frame cap")
    func overChannelCap() async throws {
        let node = try await Self.node()
        try await withNodes([node]) { _ in
            var raw = try await RawPeer.connect(to: node)
            try await raw.write(raw.seal([UInt8](repeating: 1, count: 2000), on: .consensusVote))
            #expect(
                try await node.log.disconnectReason(of: raw.id)
                    == .protocolViolation(.messageTooLarge(channel: .consensusVote, size: 2000, cap: 1024)))
        }
    }

    @Test("sending refuses unknown channels and oversize messages without touching the peer")
    func sendChecks() async throws {
        let node = try await Self.node()
        try await withNodes([node]) { _ in
            let raw = try await RawPeer.connect(to: node)
            #expect(throws: P2PSwitchError.unknownChannel(.mempool)) {
                try node.p2p.send([1], on: .mempool, to: raw.id)
            }
            #expect(throws: P2PSwitchError.messageTooLarge(channel: .consensusVote, size: 1025, cap: 1024)) {
                try node.p2p.send([UInt8](repeating: 0, count: 1025), on: .consensusVote, to: raw.id)
            }
            let stranger = NodeID(publicKey: Ed25519PrivateKey().publicKey)
            #expect(throws: P2PSwitchError.peerNotConnected(stranger)) {
                try node.p2p.send([1], on: .consensusVote, to: stranger)
            }
        }
    }
}
