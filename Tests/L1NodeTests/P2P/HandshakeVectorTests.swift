import Common
import Foundation
import TestSupport
import Testing

@testable import L1Node

/// The worked handshake of docs/p2p.md section 7, pinned. The same values are in docs/reference/p2p-vectors.json,
/// which docs/reference/p2p_reference.py (a second implementation written from the page) recomputes.
@Suite("Worked handshake of docs/p2p.md")
struct HandshakeVectorTests {
    enum V {
        static let publicKeyA = "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b8"
        static let publicKeyB = "29acbae141bccaf0b22e1a94d34d0bc7361e526d0bfe12c89794bc9322966dd7"
        static let idA = "9d24e2eeaf27c2a088a564a32fc03a882dcd9804"
        static let idB = "25843b3a196efcefbf5b1390d78db52babc290f1"
        static let ephemeralA = "79a631eede1bf9c98f12032cdeadd0e7a079398fc786b88cc846ec89af85a51a"
        static let ephemeralB = "675dd574ed7789310b3d2e7681f3790b466c773b1521fecf36577958371ea52f"
        static let sharedSecret = "d6fb939511b2381bc8599b4b8edc5968829450dfd7a87aebe78a703cd04cd54e"
        static let keyAToB = "4ff6c89a75c077d0ae9edf50178ce9f5f43c08f331c1c3a00b52308d5ef657f3"
        static let keyBToA = "8d0290491cecdaceb57645353df34a95a2692a85aab4431d80912a9f183ca59e"
        static let transcript = "4ed6db371993e2c8698d623ab387a3267ff2225c3d71bbe86b3303cde97c090d"
        static let signingDigest = "3176b30e19427ab2879067114f3b897c97e6da53469a019c02dab7f1a2fc9733"
        static let authA =
            "03a107bff3ce10be1d70dd18e74bc09967e4d6309ba50d5f1ddc8664125531b86a5e7c773a75961847fb7e7a052cdd2c"
            + "5140d6f1fbdd5aac01f0a1df57a0adef0f51573e8b346eda516390f3b1be3f39ffd2db69a594ed6dc7b72a8d30609a08"
            + "0f7374726174612d766563746f722d31"
        static let authFrameA =
            "00000080a13ab20b926e3b2da5714475499db14d9896e35c229473f502589c0954eaa4225d1692994399f4b35329b8b9"
            + "a15be1e6252480133e5b49083eb9a806e48727c1d923dab60b10b254480e764e2b2a09720d41cd22efe6dc440fd0ecbf"
            + "8b4b2a67c340ab5afdcd02caa1aad5b1d9b167807bdea4410ba0d0f9785db3c9037217f7"
        static let authFrameB =
            "00000080d42c8929c56f2913c8008dd9225a52cf6a3a26541a24c5ac2bc2cf663b7a57295336fcb5a6ba33d544ee96e0"
            + "919aae518defa4d3ac033813af3e0b6520f29881e5b9cc5a7c31c2767674ca1e7e882144ff4024ee33550dcd5206d7b7"
            + "aa69fbf5bcdb5daac187081188f28120cd473ee16a1611734d0867b69aaf557166e01937"
        static let nodeInfoA =
            "9d24e2eeaf27c2a088a564a32fc03a882dcd98040f7374726174612d766563746f722d31010000000f3132372e302e30"
            + "2e313a3236363536066e6f64652d61"
        static let nodeInfoFrameA =
            "0000004f9b04e2c54aab04e7f2eb6ced49c88fe4288280c4281f47bba51960ca0bd5b9d4fa0710478fdf578cc825e6e8"
            + "b20d0edc0676df2f2bc342568db27903b00ca0908ac3a476aaa2426e95d8c5f2df772e"
        static let messageFrameA = "0000001415dd29fc0945e8fb3d9c481cec5a7660da968e41"

        static let all = [
            publicKeyA, publicKeyB, idA, idB, ephemeralA, ephemeralB, sharedSecret, keyAToB, keyBToA, transcript,
            signingDigest, authA, authFrameA, authFrameB, nodeInfoA, nodeInfoFrameA, messageFrameA,
        ]
    }

    @Test("the real handshake code reproduces every value of the worked handshake")
    func reproduces() throws {
        let v = try HandshakeVector()
        #expect(Hex.encode(v.keyA.publicKey.bytes) == V.publicKeyA)
        #expect(Hex.encode(v.keyB.publicKey.bytes) == V.publicKeyB)
        #expect(v.infoA.nodeID.description == V.idA)
        #expect(v.infoB.nodeID.description == V.idB)
        #expect(Hex.encode(v.ephemeralA.publicKey) == V.ephemeralA)
        #expect(Hex.encode(v.ephemeralB.publicKey) == V.ephemeralB)
        #expect(Hex.encode(v.sharedSecret) == V.sharedSecret)
        #expect(Hex.encode(v.keysA.sendKey) == V.keyAToB)
        #expect(Hex.encode(v.keysA.receiveKey) == V.keyBToA)
        #expect(v.keysA.transcript.description == V.transcript)
        let digest = signingDigest(
            domain: .p2pHandshake, chainID: HandshakeVector.network, message: v.keysA.transcript.bytes)
        #expect(digest.description == V.signingDigest)
        let auth = AuthMessage(signing: v.keysA.transcript, network: HandshakeVector.network, identity: v.keyA)
        #expect(Hex.encode(auth.encoded) == V.authA)
        #expect(Hex.encode(v.authFrameA) == V.authFrameA)
        #expect(Hex.encode(v.authFrameB) == V.authFrameB)
        var writer = ByteWriter()
        writer.write(v.infoA)
        #expect(Hex.encode(writer.bytes) == V.nodeInfoA)
        #expect(Hex.encode(v.nodeInfoFrameA) == V.nodeInfoFrameA)
        #expect(Hex.encode(v.messageFrameA) == V.messageFrameA)
    }

    /// The repository's root, from this file's path (Tests/L1NodeTests/P2P/HandshakeVectorTests.swift).
    @Test("docs/p2p.md and docs/reference/p2p-vectors.json print every pinned value")
    func pageAndJSONAgree() throws {
        let page = try String(contentsOf: Repository.root.appending(path: "docs/p2p.md"), encoding: .utf8)
        let json = try String(
            contentsOf: Repository.root.appending(path: "docs/reference/p2p-vectors.json"), encoding: .utf8)
        for hex in V.all {
            #expect(page.contains(hex), "docs/p2p.md lacks \(hex)")
            #expect(json.contains("\"\(hex)\""), "p2p-vectors.json lacks \(hex)")
        }
    }

    @Test("the second implementation, written from docs/p2p.md, passes the worked handshake")
    func pythonReference() throws {
        let run = try Repository.runPython("docs/reference/p2p_reference.py")
        #expect(run.status == 0, "p2p_reference.py failed:\n\(run.output)")
    }
}
