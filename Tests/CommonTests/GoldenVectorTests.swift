import Foundation
import TestSupport
import Testing

@testable import Common

/// The golden vectors of docs/encoding.md, pinned byte for byte.
///
/// The same values are in docs/reference/vectors.json, which the independent Python implementation
/// (docs/reference/strata_reference.py, written from the page alone) checks. Vectors checked elsewhere:
/// the cryptographic ones in Crypto/CryptoGoldenVectorTests.swift and Crypto/Blake2bTests.swift, the root of
/// 1,000 keys in State/StateTreeTests.swift, the list root of item-0...item-4 in Merkle/MerkleListTests.swift.
enum EncodingGoldenVectors {
    // MARK: Codec

    /// Values and their varint encodings.
    static let varints: [(value: UInt64, hex: String)] = [
        (0, "00"), (1, "01"), (127, "7f"), (128, "8001"), (300, "ac02"), (16384, "808001"),
        (UInt64(1) << 32, "8080808010"), (UInt64.max, "ffffffffffffffffff01"),
    ]

    static let u16 = (value: UInt16(0x1234), hex: "3412")
    static let u32 = (value: UInt32(0x1234_5678), hex: "78563412")
    static let u64 = (value: UInt64(0x0102_0304_0506_0708), hex: "0807060504030201")
    static let bytes = (value: [UInt8]([0xde, 0xad, 0xbe, 0xef]), hex: "04deadbeef")
    static let string = (value: "Strata", hex: "06537472617461")
    static let unicodeString = (value: "é€", hex: "05c3a9e282ac")
    static let list = (value: [UInt16](arrayLiteral: 1, 2, 0x300), hex: "03010002000003")
    static let optionalNone = "00"
    static let optionalSome = (value: UInt16(5), hex: "010500")

    // MARK: Hashing and the state tree

    static let alicePath = "93e45ea7d46f8b39543748593b2cbe0848f35b74e824bbf3cc97db6cd8db35e7"
    static let aliceValueHash = "2f65d4117479347b9303a40b203651f60baee0278ea49c5a58228019f40c5e48"
    static let aliceLeafHash = "3141b669d02c9095f3a9e4193f26d40a509c90979404cf0269c248c1b0a3113a"
    static let bobPath = "86ddaffde2ad5e5f14c76c6e4dcaacd389b7269f03b952a055f1aead7f283a58"
    static let bobLeafHash = "0e0e46c7bcf94f7601b055262ae5a28b882c609eb70883a37078eb72e3eb3632"
    static let aliceBobNodeHash = "83e7bce524c2187e7c33d9d11dc766163d6fa445f7e28c8ad9bff6c5e6bd7414"
    /// The root of the tree holding exactly alice = 100 and bob = 250.
    static let aliceBobRoot = "a48b309ef609e7caa0ba20d848d9424c5197308b1de3d2427fdd5e9c42247239"

    /// The demo tree: namespace "demo", keys k1...k5 holding v1...v5.
    static let demoPaths = [
        "7ccf9e560ff703dd9381c04d83a1f92ce74218bc8a9922fe5244ac55b8c9e121",
        "d33185b684289d3e7f3c223e8a96c53932a022fdf88aa7319e1a4cdfafaee86e",
        "34c204c8256407e3516af5e7da94d4549d1fee9b2c686b0f05c3cfab04d7e1ad",
        "095d5b4adee2bd7c81d2a3512a9f3421a4e783dd4b696779206cde9db4c4891d",
        "75bfa56da61acf45fa14f57d957e8d24e3a1e2ff45b986c7b652a616ff2e34f6",
    ]
    /// Leaf hashes of k1...k5.
    static let demoLeafHashes = [
        "3c619f0a510de905731c951d2191ba2d465f85a6245017c8c156649bbc0474a6",
        "46d9f7220efe66d7d9673acce2618ea4e751a947110790e9f1ac4178f46832fa",
        "09e5a7928fb974262f8c9ab4caff6f8a92626ef4504fa440860d5d88da45b722",
        "9df3311391a48da10853a458141b062b9759c31d045c574551c619dca120cc8a",
        "8d17743a85d4c4ee686a1f4da73192f42a7db35c391520c4cc42c87ec4b31172",
    ]
    /// Internal nodes of the demo tree, named by the bits of their position.
    static let demoNodes: [(position: String, hash: String)] = [
        ("00", "2efd3b9080242117740e3378704b16918d31683eed16af93f90ffef173a5e1ed"),
        ("0111", "d27f4151f21d26c5109be9b0e3e0d30f4bc8347909a013afeea72808a2100967"),
        ("011", "290daef256ea5447db3d2a695c73eb412f5c656d9b60a2f09aa89813a88e8d96"),
        ("01", "1b2580451ca9869ba61a4b366c94e6287fffcdf8546917f0e42735c5226ec03b"),
        ("0", "52bb520fa3e6aa52086b804b5bd5aaa1d4ad24adf483e8b0519117f34a25b65b"),
    ]
    /// Paths of the absent keys k9 and "absent".
    static let absentPaths = [
        "7298f6df1b2c6c56b446cd307e2b58f5d7349bce502ae5483883ee894d86a769",
        "6a5337e5ff135e48ce514c550e4861bd9933c991905e6780d3b73f175c98ee02",
    ]
    static let demoRoot = "a8a4e8478d30c0ad4ff8daad81a4b509228865e8f79e04c322e8434bceb6a3fd"
    static let proofOfK1 =
        "017ccf9e560ff703dd9381c04d83a1f92ce74218bc8a9922fe5244ac55b8c9e121ae11692325525e82337167fcfab34d45d1904ff786e2d4bf4be2d1c4878cd34c051346d9f7220efe66d7d9673acce2618ea4e751a947110790e9f1ac4178f46832fa2efd3b9080242117740e3378704b16918d31683eed16af93f90ffef173a5e1ed8d17743a85d4c4ee686a1f4da73192f42a7db35c391520c4cc42c87ec4b31172"
    static let proofOfK9 =
        "0175bfa56da61acf45fa14f57d957e8d24e3a1e2ff45b986c7b652a616ff2e34f63aceb01ce8a0a6fc27fa4091352154dfd60e26d080ecc052d214c58fda4a4d3c051346d9f7220efe66d7d9673acce2618ea4e751a947110790e9f1ac4178f46832fa2efd3b9080242117740e3378704b16918d31683eed16af93f90ffef173a5e1ed3c619f0a510de905731c951d2191ba2d465f85a6245017c8c156649bbc0474a6"
    static let proofOfAbsent =
        "00040b46d9f7220efe66d7d9673acce2618ea4e751a947110790e9f1ac4178f46832fa2efd3b9080242117740e3378704b16918d31683eed16af93f90ffef173a5e1edd27f4151f21d26c5109be9b0e3e0d30f4bc8347909a013afeea72808a2100967"
    static let multiproofOfK1K2 =
        "0bba88150375bfa56da61acf45fa14f57d957e8d24e3a1e2ff45b986c7b652a616ff2e34f63aceb01ce8a0a6fc27fa4091352154dfd60e26d080ecc052d214c58fda4a4d3c7ccf9e560ff703dd9381c04d83a1f92ce74218bc8a9922fe5244ac55b8c9e121ae11692325525e82337167fcfab34d45d1904ff786e2d4bf4be2d1c4878cd34cd33185b684289d3e7f3c223e8a96c53932a022fdf88aa7319e1a4cdfafaee86e96b3504be7e37a6aa55faff3cd41266bf4db3b0654263e1d9b779d3b30174dd1029df3311391a48da10853a458141b062b9759c31d045c574551c619dca120cc8a09e5a7928fb974262f8c9ab4caff6f8a92626ef4504fa440860d5d88da45b722"
    static let witnessOfK1K2 =
        "027ccf9e560ff703dd9381c04d83a1f92ce74218bc8a9922fe5244ac55b8c9e12101027631d33185b684289d3e7f3c223e8a96c53932a022fdf88aa7319e1a4cdfafaee86e010276320bba88150375bfa56da61acf45fa14f57d957e8d24e3a1e2ff45b986c7b652a616ff2e34f63aceb01ce8a0a6fc27fa4091352154dfd60e26d080ecc052d214c58fda4a4d3c7ccf9e560ff703dd9381c04d83a1f92ce74218bc8a9922fe5244ac55b8c9e121ae11692325525e82337167fcfab34d45d1904ff786e2d4bf4be2d1c4878cd34cd33185b684289d3e7f3c223e8a96c53932a022fdf88aa7319e1a4cdfafaee86e96b3504be7e37a6aa55faff3cd41266bf4db3b0654263e1d9b779d3b30174dd1029df3311391a48da10853a458141b062b9759c31d045c574551c619dca120cc8a09e5a7928fb974262f8c9ab4caff6f8a92626ef4504fa440860d5d88da45b722"
    static let witnessOfAbsent =
        "016a5337e5ff135e48ce514c550e4861bd9933c991905e6780d3b73f175c98ee020009bac80101d33185b684289d3e7f3c223e8a96c53932a022fdf88aa7319e1a4cdfafaee86e96b3504be7e37a6aa55faff3cd41266bf4db3b0654263e1d9b779d3b30174dd1049df3311391a48da10853a458141b062b9759c31d045c574551c619dca120cc8a09e5a7928fb974262f8c9ab4caff6f8a92626ef4504fa440860d5d88da45b7228d17743a85d4c4ee686a1f4da73192f42a7db35c391520c4cc42c87ec4b311723c619f0a510de905731c951d2191ba2d465f85a6245017c8c156649bbc0474a6"
    static let rootAfterDeletingK1SettingK2 = "58e1e3df571ba7c48af8a280facba623fbe6e750d0db49fa8978f09901863300"

    // MARK: List Merkle root

    static let listLeafHashes = [
        "7234082e1dd0b5ec0acd71875d61c9f374af30c100bc4de7aa4eb3f15bbed686",
        "b3d5dedf654e9fc853bdc5daf79330c5a1eaf2b910f2a36c72ef8ea999ccf953",
        "960259f5c0885e7b7967cc25158bc9069db1ca8222e7beffdfffe5dea0297966",
    ]
    static let listNodeAB = "ee616625a590167bc4b3dc703ab4f3f2ddecbee6b9d05fee9281f02046e6082e"
    static let listRoot = "17321db51c1ef3ec1f77e271aa300b4e5c6091708bcba37e46025774a26142ee"
    static let listProofOfB =
        "0103027234082e1dd0b5ec0acd71875d61c9f374af30c100bc4de7aa4eb3f15bbed686960259f5c0885e7b7967cc25158bc9069db1ca8222e7beffdfffe5dea0297966"

    /// Every pinned hex string, for the check that the page and the JSON file carry the same values.
    static var all: [String] {
        varints.map(\.hex) + [u16.hex, u32.hex, u64.hex, bytes.hex, string.hex, unicodeString.hex, list.hex]
            + [
                optionalSome.hex, alicePath, aliceValueHash, aliceLeafHash, bobPath, bobLeafHash, aliceBobNodeHash,
                aliceBobRoot,
            ]
            + demoPaths + demoLeafHashes + demoNodes.map(\.hash) + absentPaths
            + [
                demoRoot, proofOfK1, proofOfK9, proofOfAbsent, multiproofOfK1K2, witnessOfK1K2, witnessOfAbsent,
                rootAfterDeletingK1SettingK2,
            ] + listLeafHashes + [listNodeAB, listRoot, listProofOfB]
    }
}

/// A two-byte little-endian integer as a codable value, to show lists and optionals.
private struct U16: CanonicalCodable, Equatable {
    var value: UInt16

    init(_ value: UInt16) { self.value = value }

    func encode(to writer: inout ByteWriter) { writer.writeFixed(value) }

    init(from reader: inout ByteReader) throws(CodecError) { value = try reader.readFixed(UInt16.self, "u16") }
}

@Suite("Golden vectors of docs/encoding.md")
struct EncodingGoldenVectorTests {
    typealias V = EncodingGoldenVectors

    static func bytes(_ hex: String) -> [UInt8] { Hex.decode(hex) ?? [] }

    // MARK: Codec

    @Test("varints are unsigned LEB128 in shortest form and decode back")
    func varints() throws {
        for (value, hex) in V.varints {
            var writer = ByteWriter()
            writer.writeVarint(value)
            #expect(Hex.encode(writer.bytes) == hex, "varint \(value) is \(Hex.encode(writer.bytes))")
            var reader = ByteReader(Self.bytes(hex))
            #expect(try reader.readVarint(UInt64.self) == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test("varints that are rejected: a longer form, more than 64 bits, truncated, too wide for the field")
    func rejectedVarints() {
        func read(_ hex: String) throws(CodecError) -> UInt64 {
            var reader = ByteReader(Self.bytes(hex))
            return try reader.readVarint(UInt64.self)
        }
        #expect(throws: CodecError.nonMinimalVarint(offset: 0)) { try read("8000") }
        #expect(throws: CodecError.nonMinimalVarint(offset: 0)) { try read("ff00") }
        #expect(throws: CodecError.nonMinimalVarint(offset: 0)) { try read("80808080808080808000") }
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 64)) { try read("ffffffffffffffffff02") }
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 64)) { try read("80808080808080808080") }
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 64)) { try read("ffffffffffffffffff81") }
        #expect(throws: CodecError.truncated(what: "varint", offset: 1, needed: 1)) { try read("80") }
        #expect(throws: CodecError.varintOverflow(offset: 0, bits: 32)) {
            var reader = ByteReader(Self.bytes("8080808010"))
            _ = try reader.readVarint(UInt32.self)
        }
    }

    @Test("fixed-width integers are little-endian; booleans are 00 or 01")
    func fixedWidth() throws {
        var writer = ByteWriter()
        writer.writeFixed(V.u16.value)
        #expect(Hex.encode(writer.bytes) == V.u16.hex)
        writer = ByteWriter()
        writer.writeFixed(V.u32.value)
        #expect(Hex.encode(writer.bytes) == V.u32.hex)
        writer = ByteWriter()
        writer.writeFixed(V.u64.value)
        #expect(Hex.encode(writer.bytes) == V.u64.hex)
        var reader = ByteReader(Self.bytes(V.u16.hex + V.u32.hex + V.u64.hex))
        #expect(try reader.readFixed(UInt16.self) == V.u16.value)
        #expect(try reader.readFixed(UInt32.self) == V.u32.value)
        #expect(try reader.readFixed(UInt64.self) == V.u64.value)
        #expect(reader.isAtEnd)

        writer = ByteWriter()
        writer.write(false)
        writer.write(true)
        #expect(writer.bytes == [0, 1])
        #expect(throws: CodecError.invalidValue(what: "bool", offset: 0, reason: "boolean byte 2 is not 0 or 1")) {
            var reader = ByteReader([2])
            _ = try reader.readBool()
        }
    }

    @Test("byte strings and strings carry their byte length; invalid UTF-8 is rejected")
    func byteStrings() throws {
        var writer = ByteWriter()
        writer.writeBytes(V.bytes.value)
        #expect(Hex.encode(writer.bytes) == V.bytes.hex)
        for (text, hex) in [V.string, V.unicodeString] {
            writer = ByteWriter()
            writer.writeString(text)
            #expect(Hex.encode(writer.bytes) == hex, "\(text) is \(Hex.encode(writer.bytes))")
            var reader = ByteReader(Self.bytes(hex))
            #expect(try reader.readString(cap: 64) == text)
            #expect(reader.isAtEnd)
        }
        // A lone continuation byte, an overlong "/", a UTF-16 surrogate: not UTF-8.
        for hex in ["01ff", "02c0af", "03eda080"] {
            #expect(throws: CodecError.invalidValue(what: "string", offset: 0, reason: "not valid UTF-8")) {
                var reader = ByteReader(Self.bytes(hex))
                _ = try reader.readString(cap: 64)
            }
        }
        #expect(throws: CodecError.lengthOverCap(what: "bytes", offset: 0, length: 4, cap: 3)) {
            var reader = ByteReader(Self.bytes(V.bytes.hex))
            _ = try reader.readBytes(cap: 3)
        }
    }

    @Test("lists are a count then the elements; optionals are 00 or 01 then the value; nothing may trail")
    func listsAndOptionals() throws {
        var writer = ByteWriter()
        writer.writeList(V.list.value.map(U16.init))
        #expect(Hex.encode(writer.bytes) == V.list.hex)
        var reader = ByteReader(Self.bytes(V.list.hex))
        #expect(try reader.readList(U16.self, cap: 3).map(\.value) == V.list.value)
        #expect(throws: CodecError.lengthOverCap(what: "list", offset: 0, length: 3, cap: 2)) {
            var reader = ByteReader(Self.bytes(V.list.hex))
            _ = try reader.readList(U16.self, cap: 2)
        }

        writer = ByteWriter()
        writer.writeOptional(U16?.none)
        #expect(Hex.encode(writer.bytes) == V.optionalNone)
        writer = ByteWriter()
        writer.writeOptional(U16(V.optionalSome.value))
        #expect(Hex.encode(writer.bytes) == V.optionalSome.hex)
        reader = ByteReader(Self.bytes(V.optionalSome.hex))
        #expect(try reader.readOptional(U16.self) == U16(V.optionalSome.value))
        #expect(throws: CodecError.unknownTag(what: "optional flag", offset: 0, tag: 2)) {
            var reader = ByteReader(Self.bytes("020500"))
            _ = try reader.readOptional(U16.self)
        }
        #expect(throws: CodecError.trailingBytes(offset: 2, count: 1)) {
            _ = try U16(canonicalBytes: Self.bytes("050000"))
        }
    }

    // MARK: State tree

    @Test("state key path, value hash, leaf hash and node hash")
    func stateHashes() throws {
        let alice = StateKey(namespace: "bank/balance", "alice")
        let bob = StateKey(namespace: "bank/balance", "bob")
        let aliceLeaf = SparseMerkle.leafHash(path: alice.path, valueHash: SparseMerkle.valueHash(Array("100".utf8)))
        let bobLeaf = SparseMerkle.leafHash(path: bob.path, valueHash: SparseMerkle.valueHash(Array("250".utf8)))
        #expect(alice.path.description == V.alicePath, "alice path is \(alice.path)")
        #expect(
            SparseMerkle.valueHash(Array("100".utf8)).description == V.aliceValueHash,
            "value hash of 100 is \(SparseMerkle.valueHash(Array("100".utf8)))")
        #expect(aliceLeaf.description == V.aliceLeafHash, "alice leaf is \(aliceLeaf)")
        #expect(bob.path.description == V.bobPath, "bob path is \(bob.path)")
        #expect(bobLeaf.description == V.bobLeafHash, "bob leaf is \(bobLeaf)")
        let node = SparseMerkle.nodeHash(aliceLeaf, bobLeaf)
        #expect(node.description == V.aliceBobNodeHash, "node hash is \(node)")
        // Both paths begin 100 and part at bit 3: the chain above the split stays.
        let tree = try StateTree.inMemory()
        let root = try tree.commit(
            [
                StateWrite(path: alice.path, value: Array("100".utf8)),
                StateWrite(path: bob.path, value: Array("250".utf8)),
            ],
            version: 1)
        #expect(root.description == V.aliceBobRoot, "root is \(root)")
        let split = SparseMerkle.nodeHash(bobLeaf, aliceLeaf)
        let chain = SparseMerkle.nodeHash(.zero, SparseMerkle.nodeHash(SparseMerkle.nodeHash(split, .zero), .zero))
        #expect(root == chain)
        // The path is the hash of the namespace as a string, then the key's raw bytes.
        #expect(alice.path == Hash.blake2b(Self.bytes("0c" + "62616e6b2f62616c616e6365" + "616c696365")))
    }

    /// The demo tree: namespace "demo", keys k1...k5 holding v1...v5, committed as version 1.
    static func demoTree() throws -> StateTree {
        let tree = try StateTree.inMemory()
        try tree.commit(
            (1...5).map { StateWrite(path: Self.demo("k\($0)"), value: Array("v\($0)".utf8)) }, version: 1)
        return tree
    }

    static func demo(_ key: String) -> Hash { StateKey(namespace: "demo", key).path }

    static var demoLeaves: [LeafEntry] {
        (1...5).map { LeafEntry(path: demo("k\($0)"), valueHash: SparseMerkle.valueHash(Array("v\($0)".utf8))) }
            .sorted { $0.path < $1.path }
    }

    @Test("the demo tree: its paths and its root")
    func demoRoot() throws {
        let paths = (1...5).map { Self.demo("k\($0)").description }
        #expect(paths == V.demoPaths, "paths are \(paths)")
        let root = try Self.demoTree().rootHash()
        #expect(root.description == V.demoRoot, "root is \(root)")
        #expect(SparseMerkle.root(sortedLeaves: Self.demoLeaves) == root)
        let leafHashes = (1...5).map {
            SparseMerkle.leafHash(path: Self.demo("k\($0)"), valueHash: SparseMerkle.valueHash(Array("v\($0)".utf8)))
                .description
        }
        #expect(leafHashes == V.demoLeafHashes, "leaf hashes are \(leafHashes)")
        let absent = ["k9", "absent"].map { Self.demo($0).description }
        #expect(absent == V.absentPaths, "absent paths are \(absent)")
        // Each internal node is the root of the leaves under its position, compacted, at its depth.
        for (position, hash) in V.demoNodes {
            let below = Self.demoLeaves.filter { leaf in
                position.enumerated().allSatisfy { leaf.path.bit($0.offset) == ($0.element == "1") }
            }
            let node = SparseMerkle.root(sortedLeaves: below[...], depth: position.count)
            #expect(node.description == hash, "node \(position) is \(node)")
        }
    }

    @Test("state proofs of the demo tree: k1 present, k9 absent at another leaf, \"absent\" absent at an empty subtree")
    func demoProofs() throws {
        let tree = try Self.demoTree()
        let root = try tree.rootHash()
        let cases: [(key: String, hex: String, value: String?)] = [
            ("k1", V.proofOfK1, "v1"), ("k9", V.proofOfK9, nil), ("absent", V.proofOfAbsent, nil),
        ]
        for (key, hex, value) in cases {
            let path = Self.demo(key)
            let proof = try tree.proof(for: path)
            #expect(Hex.encode(proof.canonicalBytes) == hex, "proof of \(key) is \(Hex.encode(proof.canonicalBytes))")
            #expect(proof == SparseMerkle.proof(path: path, sortedLeaves: Self.demoLeaves))
            let decoded = try StateProof(canonicalBytes: Self.bytes(hex))
            #expect(try decoded.verify(path: path, root: root) == value.map { SparseMerkle.valueHash(Array($0.utf8)) })
        }
    }

    @Test("the multiproof of k1 and k2 in the demo tree")
    func demoMultiproof() throws {
        let tree = try Self.demoTree()
        let paths = [Self.demo("k1"), Self.demo("k2")]
        let proof = try tree.multiproof(for: paths)
        #expect(Hex.encode(proof.canonicalBytes) == V.multiproofOfK1K2, "is \(Hex.encode(proof.canonicalBytes))")
        let decoded = try Multiproof(canonicalBytes: Self.bytes(V.multiproofOfK1K2))
        #expect(
            decoded.ops == [
                .internal, .internal, .hash, .internal, .empty, .internal, .empty, .internal, .leaf, .leaf, .leaf,
            ])
        #expect(
            try decoded.verify(paths: paths, root: try tree.rootHash())
                == [SparseMerkle.valueHash(Array("v1".utf8)), SparseMerkle.valueHash(Array("v2".utf8))])
    }

    @Test("witnesses of the demo tree, and a witness store replaying writes on one")
    func demoWitnesses() throws {
        let tree = try Self.demoTree()
        let root = try tree.rootHash()
        let witness = try tree.witness(for: [Self.demo("k2"), Self.demo("k1")])
        #expect(Hex.encode(witness.canonicalBytes) == V.witnessOfK1K2, "is \(Hex.encode(witness.canonicalBytes))")
        let absent = try tree.witness(for: [Self.demo("absent")])
        #expect(Hex.encode(absent.canonicalBytes) == V.witnessOfAbsent, "is \(Hex.encode(absent.canonicalBytes))")

        var store = try WitnessStore(witness: StateWitness(canonicalBytes: Self.bytes(V.witnessOfK1K2)), root: root)
        #expect(try store.get(path: Self.demo("k1")) == Array("v1".utf8))
        #expect(throws: StateError.keyOutsideWitness(path: Self.demo("k3"))) { try store.get(path: Self.demo("k3")) }
        try store.delete(path: Self.demo("k1"))
        try store.set(path: Self.demo("k2"), Array("w2".utf8))
        #expect(store.root().description == V.rootAfterDeletingK1SettingK2, "root is \(store.root())")
        let after = try tree.commit(
            [
                StateWrite(path: Self.demo("k1"), value: nil),
                StateWrite(path: Self.demo("k2"), value: Array("w2".utf8)),
            ],
            version: 2)
        #expect(after == store.root())

        let absentStore = try WitnessStore(
            witness: StateWitness(canonicalBytes: Self.bytes(V.witnessOfAbsent)), root: root)
        #expect(try absentStore.get(path: Self.demo("absent")) == nil)
    }

    // MARK: List Merkle root

    @Test("the list root of a, b, c and the inclusion proof of b")
    func listRoot() throws {
        let items = ["a", "b", "c"].map { Array($0.utf8) }
        let leaves = items.map { MerkleList.leafHash($0) }
        #expect(leaves.map(\.description) == V.listLeafHashes, "leaves are \(leaves)")
        let ab = MerkleList.nodeHash(leaves[0], leaves[1])
        #expect(ab.description == V.listNodeAB, "node(a, b) is \(ab)")
        let root = MerkleList.root(items)
        #expect(root.description == V.listRoot, "root is \(root)")
        #expect(root == MerkleList.nodeHash(ab, leaves[2]))
        let proof = try #require(MerkleList.proof(index: 1, leafHashes: leaves))
        #expect(Hex.encode(proof.canonicalBytes) == V.listProofOfB, "proof is \(Hex.encode(proof.canonicalBytes))")
        let decoded = try MerkleListProof(canonicalBytes: Self.bytes(V.listProofOfB))
        #expect(decoded.verify(item: items[1], root: root))
        #expect(!decoded.verify(item: items[0], root: root))
    }

    // MARK: The page, the JSON file and the independent implementation

    /// The repository's root, from this file's path (Tests/CommonTests/GoldenVectorTests.swift).
    @Test("docs/encoding.md and docs/reference/vectors.json print every vector pinned here")
    func pageAndJSONAgree() throws {
        let page = try String(contentsOf: Repository.root.appending(path: "docs/encoding.md"), encoding: .utf8)
        let json = try String(
            contentsOf: Repository.root.appending(path: "docs/reference/vectors.json"), encoding: .utf8)
        for hex in V.all {
            let onPage = page.contains(hex)
            let inJSON = json.contains("\"\(hex)\"")
            #expect(onPage, "docs/encoding.md lacks \(hex)")
            #expect(inJSON, "vectors.json lacks \(hex)")
        }
    }

    @Test("the independent Python implementation of docs/encoding.md passes every vector")
    func pythonReference() throws {
        let run = try Repository.runPython("docs/reference/strata_reference.py")
        #expect(run.status == 0, "strata_reference.py failed:\n\(run.output)")
    }
}
