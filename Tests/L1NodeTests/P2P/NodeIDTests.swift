import Common
import Testing

@testable import L1Node

@Suite("Node ids and peer addresses")
struct NodeIDTests {
    static let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 7, count: 32))

    @Test("a node id is the first 20 bytes of BLAKE2b-256 of the Ed25519 public key, printed as hex")
    func idFromKey() throws {
        let id = NodeID(publicKey: Self.key.publicKey)
        #expect(id.bytes == Array(Hash.blake2b(Self.key.publicKey.bytes).bytes.prefix(20)))
        #expect(id.description.count == 40)
        #expect(try NodeID(hex: id.description) == id)
        #expect(try NodeID(hex: id.description.uppercased()) == id)
    }

    @Test("ids of the wrong length or with non-hex characters are refused")
    func idRejections() {
        #expect(throws: NodeIDError.wrongLength(19)) { try NodeID(hex: String(repeating: "ab", count: 19)) }
        #expect(throws: NodeIDError.invalidHex("zz")) { try NodeID(hex: "zz") }
        #expect(throws: NodeIDError.wrongLength(3)) { try NodeID(bytes: [1, 2, 3]) }
    }

    @Test("id@host:port parses and prints back, IPv6 hosts in brackets")
    func peerAddress() throws {
        let id = NodeID(publicKey: Self.key.publicKey)
        let address = try PeerAddress("\(id)@127.0.0.1:26656")
        #expect(address == PeerAddress(id: id, host: "127.0.0.1", port: 26656))
        #expect(address.description == "\(id)@127.0.0.1:26656")
        let v6 = try PeerAddress("\(id)@[::1]:1")
        #expect(v6.host == "::1" && v6.port == 1)
        #expect(v6.description == "\(id)@[::1]:1")
        #expect(try HostPort("node-0.example:26656") == HostPort(host: "node-0.example", port: 26656))
    }

    @Test("addresses without an id, with a bad id, host or port are refused with the reason")
    func peerAddressRejections() throws {
        let id = NodeID(publicKey: Self.key.publicKey)
        #expect(throws: PeerAddressError.missingNodeID("127.0.0.1:1")) { try PeerAddress("127.0.0.1:1") }
        #expect(throws: PeerAddressError.self) { try PeerAddress("abcd@127.0.0.1:1") }
        #expect(throws: PeerAddressError.invalidPort("127.0.0.1:70000")) { try PeerAddress("\(id)@127.0.0.1:70000") }
        #expect(throws: PeerAddressError.invalidPort("127.0.0.1:x")) { try PeerAddress("\(id)@127.0.0.1:x") }
        #expect(throws: PeerAddressError.invalidHostPort("::1:5")) { try PeerAddress("\(id)@::1:5") }
        #expect(throws: PeerAddressError.invalidHostPort(":5")) { try PeerAddress("\(id)@:5") }
    }
}
