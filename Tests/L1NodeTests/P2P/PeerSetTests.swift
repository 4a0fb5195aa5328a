import Common
import Testing

@testable import L1Node

@Suite("Peer set: one connection per node, deterministic tie-break, inbound limit")
struct PeerSetTests {
    static let low = try! NodeID(hex: String(repeating: "00", count: 19) + "01")
    static let high = try! NodeID(hex: String(repeating: "ff", count: 20))

    typealias Entry = PeerSet<String>.Entry

    @Test("when both nodes dial each other, both keep the connection dialed by the smaller id")
    func crossedDials() {
        // Seen from the low node, its outbound connection is the one the low node dialed: keep it.
        #expect(
            PeerSet<String>.newReplacesExisting(
                existing: .inbound, new: .outbound, localID: Self.low, remoteID: Self.high))
        #expect(
            !PeerSet<String>.newReplacesExisting(
                existing: .outbound, new: .inbound, localID: Self.low, remoteID: Self.high))
        // Seen from the high node, the connection the low node dialed is inbound: keep that one.
        #expect(
            PeerSet<String>.newReplacesExisting(
                existing: .outbound, new: .inbound, localID: Self.high, remoteID: Self.low))
        #expect(
            !PeerSet<String>.newReplacesExisting(
                existing: .inbound, new: .outbound, localID: Self.high, remoteID: Self.low))
    }

    @Test("whichever connection finishes first, both sides end with the same one")
    func convergence() {
        for lowFirst in [true, false] {
            var lowSide = PeerSet<String>(localID: Self.low, maxInbound: 10)
            var highSide = PeerSet<String>(localID: Self.high, maxInbound: 10)
            // Connection 1 dialed by low, connection 2 dialed by high.
            let lowOut = Entry(id: Self.high, direction: .outbound, connection: 1, handle: "c1")
            let lowIn = Entry(id: Self.high, direction: .inbound, connection: 2, handle: "c2")
            let highIn = Entry(id: Self.low, direction: .inbound, connection: 1, handle: "c1")
            let highOut = Entry(id: Self.low, direction: .outbound, connection: 2, handle: "c2")
            for entry in lowFirst ? [lowOut, lowIn] : [lowIn, lowOut] { _ = lowSide.admit(entry) }
            for entry in lowFirst ? [highOut, highIn] : [highIn, highOut] { _ = highSide.admit(entry) }
            #expect(lowSide.entries[Self.high]?.handle == "c1")
            #expect(highSide.entries[Self.low]?.handle == "c1")
        }
    }

    @Test("a second connection in the same direction replaces the first (the first is presumed dead)")
    func sameDirection() {
        var set = PeerSet<String>(localID: Self.low, maxInbound: 10)
        _ = set.admit(Entry(id: Self.high, direction: .inbound, connection: 1, handle: "old"))
        guard
            case .admitted(let replaced) = set.admit(
                Entry(id: Self.high, direction: .inbound, connection: 2, handle: "new"))
        else { Issue.record("not admitted"); return }
        #expect(replaced?.handle == "old")
        #expect(set.remove(id: Self.high, connection: 1) == nil, "the replaced connection's close removes nothing")
        #expect(set.remove(id: Self.high, connection: 2)?.handle == "new")
    }

    @Test("inbound connections past the limit are refused; outbound ones are not counted")
    func inboundLimit() {
        var set = PeerSet<Int>(localID: Self.low, maxInbound: 2)
        for index in 0..<2 {
            let id = NodeID(publicKey: Ed25519PrivateKey().publicKey)
            guard
                case .admitted = set.admit(.init(id: id, direction: .inbound, connection: UInt64(index), handle: index))
            else { Issue.record("refused below the limit"); return }
        }
        let extra = NodeID(publicKey: Ed25519PrivateKey().publicKey)
        guard case .rejected(.tooManyPeers) = set.admit(.init(id: extra, direction: .inbound, connection: 9, handle: 9))
        else { Issue.record("admitted past the limit"); return }
        guard case .admitted = set.admit(.init(id: extra, direction: .outbound, connection: 10, handle: 10)) else {
            Issue.record("outbound refused"); return
        }
        #expect(set.inboundCount == 2)
    }
}
