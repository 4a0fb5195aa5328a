import Logging
import NIOCore

extension P2PSwitch {
    /// Keeps one persistent peer connected until the switch stops: dials it, waits while it is connected (by
    /// either side's dial), and redials after ``P2PConfig/redialBackoff`` when it drops or a dial fails.
    func keepConnected(to address: PeerAddress) async {
        var random = SystemRandomNumberGenerator()
        var failures = 0
        var logger = logger
        logger[metadataKey: "peer"] = "\(address.id)"
        logger[metadataKey: "address"] = "\(address.host):\(address.port)"
        while !Task.isCancelled {
            let connected = state.withLock { state -> Peer?? in
                guard state.phase == .running else { return .none }
                return .some(state.peers.entries[address.id]?.handle)
            }
            guard case .some(let current) = connected else { return }
            if let current {
                try? await current.connection.channel.closeFuture.get()
                failures = 0
            } else {
                do {
                    let peer = try await dial(address)
                    failures = 0
                    try? await peer.connection.channel.closeFuture.get()
                } catch .rejected(_, .duplicateConnection) {
                    // The node is connected through the other side's dial; the next round waits on that one.
                    failures = 0
                } catch {
                    failures += 1
                    logger.info("dial failed", metadata: ["error": "\(error)", "failures": "\(failures)"])
                }
            }
            let delay = config.redialBackoff.delay(afterFailures: failures, using: &random)
            try? await Task.sleep(for: delay)
        }
    }
}
