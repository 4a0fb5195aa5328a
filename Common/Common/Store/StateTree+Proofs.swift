import GRDB

extension StateTree {
    /// The binary compacted tree seen through the stored 16-ary nodes, for proof building.
    struct BinaryView: BinarySubtree {
        enum Place {
            case empty
            case leaf(StoredLeaf)
            /// Binary subtree `index` at `level` (0...3) inside the stored node at `position`.
            case inNode(StoredNode, NodePosition, level: Int, index: Int, hash: Hash)
        }

        let tree: StateTree
        let db: Database
        let place: Place

        var kind: SubtreeKind {
            switch place {
            case .empty: .empty
            case .leaf(let leaf): .leaf(leaf.entry)
            case .inNode: .internal
            }
        }

        func hash() -> Hash {
            switch place {
            case .empty: .zero
            case .leaf(let leaf): leaf.hash
            case .inNode(_, _, _, _, let hash): hash
            }
        }

        func children() throws(StateError) -> (left: BinaryView, right: BinaryView) {
            guard case .inNode(let node, let position, let level, let index, _) = place else {
                throw .invalidProof("asked for the children of a terminal node")
            }
            return (
                try child(node, position, level: level + 1, index: 2 * index),
                try child(node, position, level: level + 1, index: 2 * index + 1)
            )
        }

        func childHashes() throws(StateError) -> (left: Hash, right: Hash) {
            guard case .inNode(let node, _, let level, let index, _) = place else {
                throw .invalidProof("asked for the children of a terminal node")
            }
            return (
                node.summary(level: level + 1, index: 2 * index).hash,
                node.summary(level: level + 1, index: 2 * index + 1).hash
            )
        }

        private func child(_ node: StoredNode, _ position: NodePosition, level: Int, index: Int) throws(StateError)
            -> BinaryView
        {
            switch node.summary(level: level, index: index) {
            case .empty: return BinaryView(tree: tree, db: db, place: .empty)
            case .leaf(let leaf): return BinaryView(tree: tree, db: db, place: .leaf(leaf))
            case .subtree(let hash):
                if level < 4 {
                    return BinaryView(
                        tree: tree, db: db, place: .inNode(node, position, level: level, index: index, hash: hash))
                }
                // A whole slot holding a stored node: step into it.
                guard case .node(_, let version)? = node[index] else {
                    throw .corruptStore("slot \(index) summarised as a subtree holds no node")
                }
                return try BinaryView.at(tree, db, child: .node(hash: hash, version: version), position.child(index))
            }
        }

        /// The view of `child`, stored at `position`.
        static func at(_ tree: StateTree, _ db: Database, child: StoredChild?, _ position: NodePosition)
            throws(StateError)
            -> BinaryView
        {
            switch child {
            case nil: return BinaryView(tree: tree, db: db, place: .empty)
            case .leaf(let leaf)?: return BinaryView(tree: tree, db: db, place: .leaf(leaf))
            case .node(let hash, let version)?:
                let node: StoredNode
                do {
                    node = try tree.node(db, at: position, version: version)
                } catch let error as StateError {
                    throw error
                } catch {
                    throw .storage("\(error)")
                }
                return BinaryView(tree: tree, db: db, place: .inNode(node, position, level: 0, index: 0, hash: hash))
            }
        }
    }

    private func view(_ db: Database, version: UInt64?) throws -> BinaryView {
        try BinaryView.at(self, db, child: root(db, version: version), .root)
    }

    /// A proof of the value at `path` (or of its absence) in `version` (the latest by default).
    public func proof(for path: Hash, version: UInt64? = nil) throws(StateError) -> StateProof {
        try database { db in try ProofBuilder.proof(path: path, root: self.view(db, version: version)) }
    }

    /// One proof for all of `paths` in `version` (the latest by default).
    public func multiproof(for paths: [Hash], version: UInt64? = nil) throws(StateError) -> Multiproof {
        let sorted = try Multiproof.sortedUnique(paths)
        return try database { db in
            try ProofBuilder.multiproof(paths: sorted[...], root: self.view(db, version: version))
        }
    }

    /// The witness of `paths` in `version` (the latest by default): their values and their multiproof.
    public func witness(for paths: [Hash], version: UInt64? = nil) throws(StateError) -> StateWitness {
        let sorted = try Multiproof.sortedUnique(paths)
        return try database { db in
            let entries = try sorted.map { path in
                StateWitness.Entry(path: path, value: try self.leaf(db, at: path, version: version).map(self.leafValue))
            }
            let proof = try ProofBuilder.multiproof(paths: sorted[...], root: self.view(db, version: version))
            return StateWitness(entries: entries, proof: proof)
        }
    }
}
