import Common
import TestSupport
import Testing

@testable import L1Node

@Suite("P2P switch over 127.0.0.1: rate limit, redial, duplicates, broadcast", .timeLimit(.minutes(1)))
struct PeerSetLifecycleTests {
    @Test("a peer sending faster than the receive rate is throttled to it")
    func rateLimit() async throws {
        var config = TestNode.config()
        config.receiveRate = RateLimit(bytesPerSecond: 200_000, burst: 20_000)
        let slow = try await TestNode.start(config: config)
        let sender = try await TestNode.start()
        try await withNodes([slow, sender]) { _ in
            try await sender.p2p.connect(to: slow.address)
            try await slow.waitForPeers([sender.id])
            let start = ContinuousClock.now
            for index in 0..<10 {
                try sender.p2p.send([UInt8](repeating: UInt8(index), count: 40_000), on: .blockSync, to: slow.id)
            }
            try await slow.log.wait(for: "ten blocks", timeout: .seconds(30)) { events in
                events.count { if case .message = $0 { true } else { false } } == 10
            }
            // 400 kB at 200 kB/s, less the 20 kB burst and one read of at most 20 kB taken on credit: >= 1.8 s.
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(1_700), "took \(elapsed)")
            #expect(slow.p2p.peers.map(\.id) == [sender.id], "throttled, not disconnected")
        }
    }

    @Test("a persistent peer that restarts is redialed")
    func redialAfterRestart() async throws {
        let keyB = Ed25519PrivateKey()
        let b = try await TestNode.start(key: keyB)
        let port = b.address.port
        var config = TestNode.config()
        config.persistentPeers = [b.address]
        let a = try await TestNode.start(config: config)
        var restarted: TestNode?
        do {
            try await a.waitForPeers([b.id])
            try await b.waitForPeers([a.id])
            await b.p2p.stop()
            #expect(try await a.log.disconnectReason(of: b.id) == .closedByPeer)
            let again = try await TestNode.start(key: keyB, config: TestNode.config(port: port))
            restarted = again
            try await a.waitForPeers([b.id])
            try await again.waitForPeers([a.id])
            try a.p2p.send([5], on: .consensusVote, to: b.id)
            try await again.log.wait(for: "a message after the redial") {
                $0.contains(.message(a.id, .consensusVote, [5]))
            }
            try await a.log.wait(for: "two connections to b") { events in
                events.count { $0 == .peerConnected(b.id) } == 2
            }
        } catch {
            await a.p2p.stop()
            await restarted?.p2p.stop()
            throw error
        }
        await a.p2p.stop()
        await restarted?.p2p.stop()
    }

    @Test("when both nodes dial each other at once, one connection survives, the same on both sides")
    func crossedDials() async throws {
        for _ in 0..<3 {
            let a = try await TestNode.start()
            let b = try await TestNode.start()
            try await withNodes([a, b]) { _ in
                async let fromA = try? a.p2p.connect(to: b.address)
                async let fromB = try? b.p2p.connect(to: a.address)
                _ = await (fromA, fromB)
                try await a.waitForPeers([b.id])
                try await b.waitForPeers([a.id])
                // Wait until any losing connection has closed: one connection, outbound on one side and inbound on
                // the other. Which one survives depends on timing: when both dials complete, both sides keep the
                // one the smaller id dialed (PeerSetTests); when one side is already connected as its dial starts,
                // `connect` returns that connection and dials nothing, so the other side's dial survives.
                let settled = try await eventually {
                    let (viewsA, viewsB) = (a.p2p.peers, b.p2p.peers)
                    guard viewsA.count == 1, viewsB.count == 1 else { return false }
                    return viewsA[0].direction != viewsB[0].direction
                }
                #expect(settled, "one connection, dialed by one side and accepted by the other")
                try a.p2p.send([1], on: .consensusVote, to: b.id)
                try b.p2p.send([2], on: .consensusVote, to: a.id)
                try await b.log.wait(for: "a's message") { $0.contains(.message(a.id, .consensusVote, [1])) }
                try await a.log.wait(for: "b's message") { $0.contains(.message(b.id, .consensusVote, [2])) }
                for (log, other) in [(a.log, b.id), (b.log, a.id)] {
                    let connects = log.all.count { $0 == .peerConnected(other) }
                    let disconnects = log.all.count { if case .peerDisconnected(other, _) = $0 { true } else { false } }
                    #expect(connects - disconnects == 1, "the events describe one live connection")
                }
            }
        }
    }

    @Test("two persistent peers listing each other settle on one connection")
    func mutualPersistentPeers() async throws {
        let a = try await TestNode.start()
        var config = TestNode.config()
        config.persistentPeers = [a.address]
        let b = try await TestNode.start(config: config)
        // a learns b's address only now; dialing it while b dials a races the two dials.
        try await withNodes([a, b]) { _ in
            _ = try? await a.p2p.connect(to: b.address)
            try await a.waitForPeers([b.id])
            try await b.waitForPeers([a.id])
            try await Task.sleep(for: .milliseconds(300))
            #expect(a.p2p.peers.count == 1 && b.p2p.peers.count == 1)
        }
    }

    @Test("a broadcast reaches every peer of a three-node network")
    func threeNodeBroadcast() async throws {
        let a = try await TestNode.start()
        let b = try await TestNode.start()
        let c = try await TestNode.start()
        try await withNodes([a, b, c]) { _ in
            try await b.p2p.connect(to: a.address)
            try await c.p2p.connect(to: a.address)
            try await c.p2p.connect(to: b.address)
            try await a.waitForPeers([b.id, c.id])
            try await b.waitForPeers([a.id, c.id])
            try await c.waitForPeers([a.id, b.id])

            #expect(try a.p2p.broadcast([0xA], on: .consensusData).count == 2)
            #expect(try b.p2p.broadcast([0xB], on: .consensusData).count == 2)
            #expect(try c.p2p.broadcast([0xC], on: .consensusData).count == 2)
            for (node, others) in [(a, [b, c]), (b, [a, c]), (c, [a, b])] {
                try await node.log.wait(for: "both broadcasts") { events in
                    others.allSatisfy { other in
                        let byte = other.id == a.id ? 0xA : other.id == b.id ? 0xB : 0xC
                        return events.contains(.message(other.id, .consensusData, [UInt8(byte)]))
                    }
                }
            }
        }
    }

    @Test("a full send queue refuses the message and keeps the peer")
    func sendQueueFull() async throws {
        var config = TestNode.config()
        config.sendQueueLimit = 300_000
        config.channels = [.blockSync: 200_000]
        let sender = try await TestNode.start(config: config)
        let receiver = try await TestNode.start(config: config)
        try await withNodes([sender, receiver]) { _ in
            try await sender.p2p.connect(to: receiver.address)
            let block = [UInt8](repeating: 1, count: 200_000)
            var refused = 0
            for _ in 0..<20 {
                do {
                    try sender.p2p.send(block, on: .blockSync, to: receiver.id)
                } catch P2PSwitchError.sendQueueFull(let id) {
                    #expect(id == receiver.id)
                    refused += 1
                }
            }
            #expect(refused > 0)
            #expect(sender.p2p.peers.map(\.id) == [receiver.id])
        }
    }
}
