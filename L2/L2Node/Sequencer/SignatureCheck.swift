import Common
import L2Runtime

/// Signature checks done before the sequential executor, on every core: a batch is split in chunks checked by
/// concurrent tasks. The executor is then told the signature is checked (`signatureChecked: true`), and the
/// fingerprint of what was verified is recorded for the batcher (``VerifiedSignatures``).
public enum SignatureCheck {
    /// The result for one transaction.
    public enum Verdict: Hashable, Sendable {
        /// Signed by the key its sender resolves to; `fingerprint` is what was verified
        /// (``VerifiedSignatures/fingerprint(key:digest:signature:)``).
        case valid(fingerprint: Hash)
        /// Not signed by that key.
        case invalid
        /// The sender is an index whose key is not known here: the runtime will check it.
        case unresolved
    }

    /// The size of the chunks one task checks.
    public static let chunkSize = 32

    /// Checks one transaction.
    public static func verdict(_ transaction: SignedTransaction, keys: SenderKeyCache) -> Verdict {
        let key: AccountPublicKey
        switch transaction.transaction.sender {
        case .key(let senderKey): key = senderKey
        case .index(let index):
            guard let known = keys.key(of: index) else { return .unresolved }
            key = known
        }
        let digest = transaction.transaction.signingDigest
        guard key.verify(transaction.signature, digest: digest) else { return .invalid }
        return .valid(
            fingerprint: VerifiedSignatures.fingerprint(key: key, digest: digest, signature: transaction.signature))
    }

    /// Checks `transactions` in parallel chunks; one verdict per transaction, in order.
    public static func verdicts(_ transactions: [SignedTransaction], keys: SenderKeyCache) async -> [Verdict] {
        guard transactions.count > chunkSize else { return transactions.map { verdict($0, keys: keys) } }
        return await withTaskGroup(of: (Int, [Verdict]).self) { group in
            for start in stride(from: 0, to: transactions.count, by: chunkSize) {
                let chunk = Array(transactions[start..<min(start + chunkSize, transactions.count)])
                group.addTask { (start, chunk.map { verdict($0, keys: keys) }) }
            }
            var verdicts = [Verdict](repeating: .unresolved, count: transactions.count)
            for await (start, chunk) in group {
                verdicts.replaceSubrange(start..<start + chunk.count, with: chunk)
            }
            return verdicts
        }
    }
}
