import Testing

@testable import Common

@Suite("List Merkle root (RFC 6962 shape) and inclusion proofs")
struct MerkleListTests {
    /// RFC 6962 MTH written straight from its recursive definition.
    static func definition(_ items: ArraySlice<[UInt8]>) -> Hash {
        switch items.count {
        case 0: return Hash.blake2b([UInt8]())
        case 1: return MerkleList.leafHash(items[items.startIndex])
        default:
            let k = MerkleList.largestPowerOfTwo(below: items.count)
            let split = items.startIndex + k
            return MerkleList.nodeHash(definition(items[..<split]), definition(items[split...]))
        }
    }

    static func items(_ n: Int) -> [[UInt8]] { (0..<n).map { Array("item-\($0)".utf8) } }

    @Test("the root matches the recursive definition for every size up to 70")
    func rootMatchesDefinition() {
        for n in 0...70 {
            #expect(MerkleList.root(Self.items(n)) == Self.definition(Self.items(n)[...]), "n = \(n)")
        }
    }

    @Test("leaves and nodes are domain-separated, and the empty list has BLAKE2b of nothing as its root")
    func domainSeparation() {
        let a = MerkleList.leafHash([1])
        let b = MerkleList.leafHash([2])
        // A two-item list's root is not the leaf hash of the two leaf hashes concatenated.
        #expect(MerkleList.root([[1], [2]]) != MerkleList.leafHash(a.bytes + b.bytes))
        #expect(MerkleList.root([]) == Hash.blake2b([UInt8]()))
        #expect(MerkleList.root([[7]]) == MerkleList.leafHash([7]))
    }

    @Test("every item of every list up to 40 items has a proof that verifies, and only for it")
    func proofs() throws {
        for n in 1...40 {
            let items = Self.items(n)
            let leaves = items.map { MerkleList.leafHash($0) }
            let root = MerkleList.root(leafHashes: leaves)
            for index in 0..<n {
                let proof = try #require(MerkleList.proof(index: index, leafHashes: leaves))
                #expect(proof.verify(item: items[index], root: root))
                #expect(try MerkleListProof(canonicalBytes: proof.canonicalBytes) == proof)
                // Wrong item, wrong index, wrong count, wrong root, truncated path: all fail.
                #expect(!proof.verify(item: Array("other".utf8), root: root))
                if n > 1 {
                    var moved = proof
                    moved.index = UInt64((index + 1) % n)
                    #expect(!moved.verify(item: items[index], root: root))
                    #expect(
                        !MerkleListProof(index: proof.index, count: proof.count, path: proof.path.dropLast())
                            .verify(item: items[index], root: root))
                }
                #expect(!proof.verify(item: items[index], root: .blake2b([9])))
            }
        }
        #expect(MerkleList.proof(index: 3, leafHashes: [.zero]) == nil)
    }

    @Test("all proofs at once are the proofs one at a time, and each gives back the root")
    func allProofs() throws {
        #expect(MerkleList.proofs(leafHashes: []).isEmpty)
        for n in 1...70 {
            let leaves = Self.items(n).map { MerkleList.leafHash($0) }
            let root = MerkleList.root(leafHashes: leaves)
            let proofs = MerkleList.proofs(leafHashes: leaves)
            #expect(proofs == (0..<n).map { MerkleList.proof(index: $0, leafHashes: leaves) }, "n = \(n)")
            for (proof, leaf) in zip(proofs, leaves) { #expect(proof.root(leafHash: leaf) == root) }
        }
    }

    @Test("a proof whose path is too long or too short, or whose index is out of range, gives no root")
    func malformedProofsGiveNoRoot() throws {
        let leaves = Self.items(5).map { MerkleList.leafHash($0) }
        let proof = try #require(MerkleList.proof(index: 2, leafHashes: leaves))
        #expect(proof.root(leafHash: leaves[2]) == MerkleList.root(leafHashes: leaves))
        #expect(MerkleListProof(index: 2, count: 5, path: proof.path + [.zero]).root(leafHash: leaves[2]) == nil)
        #expect(MerkleListProof(index: 2, count: 5, path: proof.path.dropLast()).root(leafHash: leaves[2]) == nil)
        #expect(MerkleListProof(index: 5, count: 5, path: proof.path).root(leafHash: leaves[2]) == nil)
    }

    @Test("golden: the root of item-0...item-4 is pinned")
    func golden() {
        #expect(MerkleList.root(Self.items(5)).description == MerkleGoldenVectors.fiveItemsRoot)
    }
}

enum MerkleGoldenVectors {
    static let fiveItemsRoot = "54085149c5999e2dbc7e0665f9b976b707a8268003569096b86a79c4fbdac4ec"
}
