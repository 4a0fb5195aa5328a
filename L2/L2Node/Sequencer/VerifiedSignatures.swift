import Common
import L2Runtime
import Synchronization

/// Fingerprints of the signatures the sequencer verified at ingest, by the block their transactions went into,
/// kept until the batcher has batched the block. The batcher checks a batch's signatures against them instead
/// of verifying its aggregate signature again (``Batcher/Configuration/verifiesSignatures``).
///
/// A fingerprint is a hash of exactly what was verified: the key, the signing digest and the signature
/// (``fingerprint(key:digest:signature:)``). The batcher fingerprints what it aggregates, with the key it
/// looked up and the digest it computed from the sealed block. When every transaction of a batch matches a
/// fingerprint of its block, every signature in the aggregate is one a BIP-340 verification accepted under that
/// same key and digest, which is what checking the aggregate establishes, for one hash per transaction instead
/// of about one verification. A transaction without one (re-executed from the log after a restart, checked by
/// the runtime because its key was not known at ingest, or dropped past ``capacity``) sends its batch to the
/// full check.
public final class VerifiedSignatures: Sendable {
    /// The most fingerprints kept; past it, the oldest blocks' go (their batches are then checked in full). The
    /// default, 500,000, is about 25 MB, and minutes of a batcher's lag at the sequencer's measured rates.
    public let capacity: Int
    private struct Blocks {
        /// Ascending block numbers, each with its fingerprints.
        var blocks: [(number: UInt64, fingerprints: Set<Hash>)] = []
        var count = 0
    }

    private let state = Mutex(Blocks())

    /// An empty record of at most `capacity` fingerprints.
    public init(capacity: Int = 500_000) {
        self.capacity = capacity
    }

    /// The fingerprint of `signature` verified under `key` for `digest`.
    public static func fingerprint(key: AccountPublicKey, digest: Hash, signature: SchnorrSignature) -> Hash {
        var writer = ByteWriter(capacity: 128)
        writer.write(key)
        writer.write(digest)
        writer.write(signature)
        return Hash.blake2b(writer.bytes)
    }

    /// Records that the transaction with signature fingerprint `fingerprint` went into block `number` (the
    /// latest block recorded, or a later one).
    public func record(_ fingerprint: Hash, block number: UInt64) {
        state.withLock { state in
            if state.blocks.last?.number == number {
                if state.blocks[state.blocks.count - 1].fingerprints.insert(fingerprint).inserted { state.count += 1 }
            } else {
                state.blocks.append((number, [fingerprint]))
                state.count += 1
            }
            while state.count > capacity, let oldest = state.blocks.first {
                state.count -= oldest.fingerprints.count
                state.blocks.removeFirst()
            }
        }
    }

    /// Whether block `number` went in with every one of `fingerprints` verified.
    public func covers(_ fingerprints: some Collection<Hash>, block number: UInt64) -> Bool {
        if fingerprints.isEmpty { return true }
        return state.withLock { state in
            guard let entry = state.blocks.first(where: { $0.number == number }) else { return false }
            return fingerprints.allSatisfy(entry.fingerprints.contains)
        }
    }

    /// Forgets the fingerprints of blocks up to `number` (batched).
    public func forget(through number: UInt64) {
        state.withLock { state in
            while let oldest = state.blocks.first, oldest.number <= number {
                state.count -= oldest.fingerprints.count
                state.blocks.removeFirst()
            }
        }
    }

    /// The number of fingerprints held.
    public var count: Int { state.withLock { $0.count } }
}
