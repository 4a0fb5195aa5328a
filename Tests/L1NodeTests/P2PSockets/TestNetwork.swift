import Common
import Logging
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import L1Node

/// A test gave up waiting.
struct TestTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Collects a switch's events so a test can wait for one.
final class EventLog: Sendable {
    private let events = Mutex<[P2PEvent]>([])
    private let consumer = Mutex<Task<Void, Never>?>(nil)

    init(_ events: P2PEvents) {
        let task = Task { [self] in
            for await event in events {
                self.events.withLock { $0.append(event) }
            }
        }
        consumer.withLock { $0 = task }
    }

    /// Every event so far.
    var all: [P2PEvent] { events.withLock { $0 } }

    /// The messages received so far.
    var messages: [(NodeID, ChannelID, [UInt8])] {
        all.compactMap { event in
            if case .message(let id, let channel, let payload) = event { (id, channel, payload) } else { nil }
        }
    }

    /// Waits until `condition` holds for the events so far.
    func wait(
        for what: String, timeout: Duration = .seconds(20), _ condition: ([P2PEvent]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition(all) {
            guard ContinuousClock.now < deadline else { throw TestTimeout(what: what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Waits for a `peerDisconnected` event for `id` and returns its reason.
    func disconnectReason(of id: NodeID, timeout: Duration = .seconds(20)) async throws -> DisconnectReason {
        try await wait(for: "\(id) to disconnect", timeout: timeout) { events in
            events.contains { if case .peerDisconnected(id, _) = $0 { true } else { false } }
        }
        for event in all {
            if case .peerDisconnected(id, let reason) = event { return reason }
        }
        throw TestTimeout(what: "a disconnect reason")
    }
}

/// A switch on 127.0.0.1 with a random port, fast timers, and its event log.
struct TestNode {
    let p2p: P2PSwitch
    let log: EventLog
    let key: Ed25519PrivateKey

    var id: NodeID { p2p.nodeID }

    /// The address peers dial to reach this node.
    var address: PeerAddress {
        PeerAddress(id: p2p.nodeID, host: "127.0.0.1", port: p2p.listenAddress?.port ?? 0)
    }

    static func config(network: String = "strata-test", port: Int = 0) -> P2PConfig {
        var config = P2PConfig(network: network, listen: HostPort(host: "127.0.0.1", port: port), moniker: "test")
        // Generous: the suites run in parallel on two cores, where a busy pool can delay a handshake for seconds.
        // Tests of the timeouts themselves set their own.
        config.handshakeTimeout = .seconds(10)
        config.dialTimeout = .seconds(10)
        config.redialBackoff = Backoff(base: .milliseconds(50), max: .milliseconds(400), jitter: 0.2)
        config.receiveRate = nil
        return config
    }

    /// Starts a node.
    static func start(
        key: Ed25519PrivateKey = Ed25519PrivateKey(), config: P2PConfig = TestNode.config()
    ) async throws -> TestNode {
        var logger = Logger(label: "strata.p2p.test")
        logger.logLevel = .critical
        let p2p = P2PSwitch(identity: key, config: config, logger: logger)
        try await p2p.start()
        return TestNode(p2p: p2p, log: EventLog(p2p.events), key: key)
    }

    /// Waits until this node's peer set is exactly `ids`.
    func waitForPeers(_ ids: Set<NodeID>, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while Set(p2p.peers.map(\.id)) != ids {
            guard ContinuousClock.now < deadline else {
                throw TestTimeout(what: "peers \(ids), have \(p2p.peers.map(\.id))")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// Runs `body` with nodes started by `start`, and stops them all afterwards, also when `body` throws.
func withNodes(
    _ nodes: [TestNode], _ body: ([TestNode]) async throws -> Void
) async throws {
    do {
        try await body(nodes)
    } catch {
        for node in nodes { await node.p2p.stop() }
        throw error
    }
    for node in nodes { await node.p2p.stop() }
}

/// Runs `body`, failing with ``TestTimeout`` after `timeout` (`body` must react to cancellation).
func withTimeout<T: Sendable>(
    _ timeout: Duration, _ what: String, _ body: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw TestTimeout(what: what)
        }
        defer { group.cancelAll() }
        guard let result = try await group.next() else { throw TestTimeout(what: what) }
        return result
    }
}
