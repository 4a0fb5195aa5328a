import Common
import L2Runtime

extension Sequencer {
    /// The key that signs `sender`'s transactions, for the batcher's aggregate signature: a sender's own key, or
    /// the key recorded for its account index (from the cache that ingest fills, else from the committed state).
    ///
    /// Keys never change once recorded, so the latest committed state answers for every block the batcher
    /// gets: the ``BatchFeed`` gives it only blocks whose state is committed.
    public nonisolated func signerKey(of sender: TransactionSender) throws -> AccountPublicKey? {
        switch sender {
        case .key(let key):
            return key
        case .index(let index):
            if let known = keys.key(of: index) { return known }
            var committed = CommittedState(tree: state, version: committedTip.number)
            let key = try Runtime.signerKey(of: sender, in: &committed)
            if let key { keys.learn(key, index: index) }
            return key
        }
    }
}
