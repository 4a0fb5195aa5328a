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
    /// The most fingerprints kept; past it, new ones are not recorded (their batches are then checked in full)
    /// until the batcher's progress frees room. The default, 500,000, is 25-45 MB, and over a minute of a
    /// batcher's lag at the sequencer's measured rates. 0 records none (no batcher, or one that does not check).
    public let capacity: Int
    private struct Blocks {
        /// Block numbers, ascending from `head`, each with its fingerprints; entries before `head` are
        /// forgotten (dropped from the array in one move once they are half of it).
        var blocks: [(number: UInt64, fingerprints: Set<Hash>)] = []
        var head = 0
        var count = 0

        /// The index of block `number`'s entry, if it has one.
        func index(of number: UInt64) -> Int? {
            var (low, high) = (head, blocks.count)
            while low < high {
                let middle = (low + high) / 2
                if blocks[middle].number < number { low = middle + 1 } else { high = middle }
            }
            return low < blocks.count && blocks[low].number == number ? low : nil
        }
    }

    private let state = Mutex(Blocks())

    /// The default ``capacity``.
    public static let defaultCapacity = 500_000

    /// An empty record of at most `capacity` fingerprints.
    public init(capacity: Int = defaultCapacity) {
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
    /// latest block recorded, or a later one), unless the record is full.
    func record(_ fingerprint: Hash, block number: UInt64) {
        guard capacity > 0 else { return }
        state.withLock { state in
            guard state.count < capacity else { return }
            if state.blocks.count > state.head, state.blocks[state.blocks.count - 1].number == number {
                if state.blocks[state.blocks.count - 1].fingerprints.insert(fingerprint).inserted { state.count += 1 }
            } else {
                state.blocks.append((number, [fingerprint]))
                state.count += 1
            }
        }
    }

    /// Whether block `number` went in with every one of `fingerprints` verified.
    public func covers(_ fingerprints: some Collection<Hash>, block number: UInt64) -> Bool {
        if fingerprints.isEmpty { return true }
        // The block's set is copied out (no copy of its storage) and searched without the lock.
        let recorded = state.withLock { state in state.index(of: number).map { state.blocks[$0].fingerprints } }
        guard let recorded else { return false }
        return fingerprints.allSatisfy(recorded.contains)
    }

    /// Forgets the fingerprints of blocks up to `number` (batched).
    public func forget(through number: UInt64) {
        state.withLock { state in
            while state.head < state.blocks.count, state.blocks[state.head].number <= number {
                state.count -= state.blocks[state.head].fingerprints.count
                state.blocks[state.head].fingerprints = []
                state.head += 1
            }
            if state.head * 2 >= state.blocks.count {
                state.blocks.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// The number of fingerprints held.
    public var count: Int { state.withLock { $0.count } }
}
