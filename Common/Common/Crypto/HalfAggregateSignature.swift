import CSecp256k1
import Dispatch

/// A half-aggregate of BIP-340 signatures: `r_0 || … || r_{u-1} || bytes(s)`, 32·(u + 1) bytes for `u`
/// signatures instead of 64·u.
///
/// This is the draft BIP "Half-Aggregation of BIP 340 Signatures" (Blockstream Research,
/// cross-input-aggregation, as its reference specification and test vectors stand: `z_0 = 1`). It is
/// non-interactive: whoever holds the signatures, keys and messages aggregates them (here the batcher). The
/// randomizers are Chen and Zhao's incremental ones, `z_0 = 1` and
/// `z_i = int(hash_HalfAgg/randomizer(r_0 || pk_0 || m_0 || … || r_i || pk_i || m_i)) mod n` for `i ≥ 1`, and
/// `s = Σ z_i·s_i mod n`. The aggregate verifies iff `s·G = Σ z_i·(R_i + e_i·P_i)`, with `R_i = lift_x(r_i)`,
/// `P_i = lift_x(pk_i)` and `e_i` the BIP-340 challenge. Its security reduces to BIP-340's (Chalkias, Garillot,
/// Kondi and Nikolaenko 2021; Chen and Zhao 2022).
///
/// The aggregate commits to the order of its signatures: verification takes the keys and messages in the order
/// they were aggregated.
public struct HalfAggregateSignature: Hashable, Sendable {
    /// The serialized aggregate: 32 bytes of `r` per signature, then the 32-byte `s`.
    public let bytes: [UInt8]

    /// The most signatures one aggregate holds (the draft BIP's bound).
    public static let maxCount = 65_535

    /// The aggregate of no signatures: `s = 0`.
    public static let empty = HalfAggregateSignature(checkedBytes: [UInt8](repeating: 0, count: 32))

    init(checkedBytes: [UInt8]) {
        bytes = checkedBytes
    }

    /// Takes serialized bytes: a positive multiple of 32, for at most ``maxCount`` signatures. Whether they
    /// verify is decided by ``verify(_:)``.
    public init(bytes: [UInt8]) throws(CryptoKeyError) {
        guard bytes.count >= 32, bytes.count % 32 == 0, bytes.count / 32 - 1 <= Self.maxCount else {
            throw .wrongLength(
                kind: "half-aggregate signature", expected: max(32, bytes.count / 32 * 32 + 32),
                actual: bytes.count)
        }
        self.bytes = bytes
    }

    /// How many signatures this aggregates.
    public var count: Int { bytes.count / 32 - 1 }

    /// Whether this is the aggregate of a valid BIP-340 signature for each `(key, digest)`, in this order.
    ///
    /// Costs a point multiplication per signature after the first (its `z_i·R_i`) and one per distinct key (the
    /// sum of `z_i·e_i` over that key's signatures times its point). With `threads` above 1 the signatures are
    /// split into that many runs whose partial sums are computed at once (each run multiplies its own keys'
    /// points, so a key in several runs costs one multiplication per run); the answer does not depend on it.
    public func verify(_ signers: [(key: AccountPublicKey, digest: Hash)], threads: Int = 1) -> Bool {
        guard signers.count == count, let s = Secp256k1Scalar(exactly: word(count)) else { return false }
        let context = Secp256k1Context.shared.pointer
        // The randomizers hash every prefix, so they are computed in order, here (about 1 µs each).
        var randomizer = HalfAggregationRandomizer()
        let randomizers = signers.indices.map { index in
            randomizer.next(r: word(index), key: signers[index].key.storage, digest: signers[index].digest)
        }
        let runs = max(1, min(threads, count / 256))
        let partial: [Secp256k1Point.PartialSum]
        if runs == 1 {
            partial = [sumOfTerms(0..<count, signers, randomizers)]
        } else {
            let slots = Secp256k1Point.PartialSums(count: runs)
            let bounds = (0...runs).map { $0 * count / runs }
            DispatchQueue.concurrentPerform(iterations: runs) { run in
                slots.set(run, sumOfTerms(bounds[run]..<bounds[run + 1], signers, randomizers))
            }
            partial = slots.values
        }
        var points: [secp256k1_pubkey] = []
        for sum in partial {
            switch sum {
            case .invalid: return false
            case .infinity: continue
            case .point(let point): points.append(point)
            }
        }
        let left = s.isZero ? nil : Secp256k1Point.generatorTimes(s, context: context)
        let right = Secp256k1Point.sum(points, context: context)
        switch (left, right) {
        case (nil, nil):
            return true
        case (let left?, let right?):
            return Secp256k1Point.compressed(left, context: context)
                == Secp256k1Point.compressed(right, context: context)
        default:
            return false
        }
    }

    /// `Σ z_i·(R_i + e_i·P_i)` over the signatures in `range`, or ``Secp256k1Point/PartialSum/invalid`` if an `r`
    /// or a key is not an x coordinate on the curve.
    private func sumOfTerms(
        _ range: Range<Int>, _ signers: [(key: AccountPublicKey, digest: Hash)], _ randomizers: [Secp256k1Scalar]
    ) -> Secp256k1Point.PartialSum {
        let context = Secp256k1Context.shared.pointer
        var terms: [secp256k1_pubkey] = []
        terms.reserveCapacity(range.count + 1)
        // Each distinct key's point, and the sum of `z_i·e_i` over its signatures.
        var keyPosition: [Bytes32: Int] = [:]
        var keyPoints: [secp256k1_pubkey] = []
        var keyScalars: [Secp256k1Scalar] = []
        for index in range {
            let r = word(index)
            let key = signers[index].key.storage
            guard var point = Secp256k1Point.liftX(r) else { return .invalid }
            let position: Int
            if let known = keyPosition[key] {
                position = known
            } else {
                guard let keyPoint = Secp256k1Point.liftX(key) else { return .invalid }
                position = keyPoints.count
                keyPosition[key] = position
                keyPoints.append(keyPoint)
                keyScalars.append(.zero)
            }
            let z = randomizers[index]
            let e = Secp256k1Scalar(
                reducing: TaggedSHA256.bip340Challenge(r: r, key: key, digest: signers[index].digest))
            keyScalars[position] = keyScalars[position] + z * e
            if z == .one {
                terms.append(point)
            } else if !z.isZero {
                Secp256k1Point.multiply(&point, by: z, context: context)
                terms.append(point)
            }
        }
        for (position, scalar) in keyScalars.enumerated() where !scalar.isZero {
            var point = keyPoints[position]
            Secp256k1Point.multiply(&point, by: scalar, context: context)
            terms.append(point)
        }
        return Secp256k1Point.sum(terms, context: context).map { .point($0) } ?? .infinity
    }

    /// The `index`-th 32-byte word: `r_index` below ``count``, `s` at ``count``.
    private func word(_ index: Int) -> Bytes32 {
        bytes.withUnsafeBytes {
            Bytes32(unsafeBytes: UnsafeRawBufferPointer(rebasing: $0[(index * 32)..<(index * 32 + 32)]))
        }
    }
}

extension HalfAggregateSignature: CustomStringConvertible {
    /// Lower-case hex of the bytes.
    public var description: String { Hex.encode(bytes) }
}

/// Aggregates BIP-340 signatures one at a time into a ``HalfAggregateSignature`` (the draft BIP's
/// `IncAggregate`, starting from the empty aggregate).
///
/// It does not check the signatures: an invalid one makes an aggregate that does not verify. Callers aggregate
/// signatures they have verified.
public struct HalfAggregator: Sendable {
    private var words: [UInt8] = []
    private var s = Secp256k1Scalar.zero
    private var randomizer = HalfAggregationRandomizer()

    /// An aggregator holding no signatures.
    public init() {}

    /// How many signatures have been added.
    public private(set) var count = 0

    /// Adds `key`'s `signature` of `digest` as the next signature.
    public mutating func append(key: AccountPublicKey, digest: Hash, signature: SchnorrSignature) throws(CryptoKeyError)
    {
        guard count < HalfAggregateSignature.maxCount else {
            throw .wrongLength(
                kind: "half-aggregate signature", expected: 32 * (HalfAggregateSignature.maxCount + 1),
                actual: 32 * (count + 2))
        }
        let (r, sHalf) = signature.storage.withUnsafeBytes { raw in
            (Bytes32(unsafeBytes: raw), Bytes32(unsafeBytes: UnsafeRawBufferPointer(rebasing: raw[32..<64])))
        }
        let z = randomizer.next(r: r, key: key.storage, digest: digest)
        // The draft's IncAggregate fails on s_i ≥ n: no valid signature has it.
        guard let si = Secp256k1Scalar(exactly: sHalf) else { throw .signatureScalarOutOfRange }
        s = s + z * si
        r.withUnsafeBytes { words.append(contentsOf: $0) }
        count += 1
    }

    /// The aggregate of the signatures added so far.
    public var aggregate: HalfAggregateSignature {
        HalfAggregateSignature(checkedBytes: words + s.storage.array)
    }
}

/// The running `hash_HalfAgg/randomizer` over `r_0 || pk_0 || m_0 || …`: each call feeds one signature's triple
/// and returns `z_i`: 1 for the first signature, then the prefix's hash reduced modulo n.
struct HalfAggregationRandomizer: Sendable {
    private var hash = TaggedSHA256(tag: "HalfAgg/randomizer")
    private var isFirst = true

    mutating func next(r: Bytes32, key: Bytes32, digest: Hash) -> Secp256k1Scalar {
        r.withUnsafeBytes { hash.update($0) }
        key.withUnsafeBytes { hash.update($0) }
        digest.withUnsafeBytes { hash.update($0) }
        if isFirst {
            isFirst = false
            return .one
        }
        return Secp256k1Scalar(reducing: hash.finalized())
    }
}

/// secp256k1 points as libsecp256k1's `secp256k1_pubkey`, for the few operations half-aggregation needs.
enum Secp256k1Point {
    /// A sum of terms: a point, the point at infinity, or no sum at all (an input was not on the curve).
    enum PartialSum: Sendable {
        case point(secp256k1_pubkey)
        case infinity
        case invalid
    }

    /// One slot per run of a verification split across threads; each run writes only its own slot, and the
    /// slots are read after every run has finished (`DispatchQueue.concurrentPerform` returns then). That is
    /// why it is `@unchecked Sendable`.
    final class PartialSums: @unchecked Sendable {
        private let slots: UnsafeMutableBufferPointer<PartialSum>

        init(count: Int) {
            slots = .allocate(capacity: count)
            slots.initialize(repeating: .infinity)
        }

        deinit {
            slots.deinitialize()
            slots.deallocate()
        }

        func set(_ index: Int, _ value: PartialSum) { slots[index] = value }

        var values: [PartialSum] { Array(slots) }
    }

    /// The point with x coordinate `x` and even y (BIP-340's `lift_x`), or `nil` if there is none.
    static func liftX(_ x: Bytes32) -> secp256k1_pubkey? {
        var compressed = [UInt8](repeating: 2, count: 33)
        x.withUnsafeBytes { compressed.replaceSubrange(1..<33, with: $0) }
        var point = secp256k1_pubkey()
        let ok = secp256k1_ec_pubkey_parse(Secp256k1Context.shared.pointer, &point, compressed, 33)
        return ok == 1 ? point : nil
    }

    /// `point ← scalar·point`, for a non-zero scalar.
    static func multiply(_ point: inout secp256k1_pubkey, by scalar: Secp256k1Scalar, context: OpaquePointer) {
        let ok = scalar.storage.withUnsafePointer { secp256k1_ec_pubkey_tweak_mul(context, &point, $0) }
        precondition(ok == 1, "libsecp256k1 refused a non-zero scalar below the order")
    }

    /// `scalar·G`, for a non-zero scalar.
    static func generatorTimes(_ scalar: Secp256k1Scalar, context: OpaquePointer) -> secp256k1_pubkey {
        var point = secp256k1_pubkey()
        let ok = scalar.storage.withUnsafePointer { secp256k1_ec_pubkey_create(context, &point, $0) }
        precondition(ok == 1, "libsecp256k1 refused a non-zero scalar below the order")
        return point
    }

    /// The sum of `points`, or `nil` for the point at infinity (including the empty sum).
    static func sum(_ points: [secp256k1_pubkey], context: OpaquePointer) -> secp256k1_pubkey? {
        guard !points.isEmpty else { return nil }
        var result = secp256k1_pubkey()
        let ok = points.withUnsafeBufferPointer { buffer in
            let pointers: [UnsafePointer<secp256k1_pubkey>?] = (0..<buffer.count).map { buffer.baseAddress! + $0 }
            return secp256k1_ec_pubkey_combine(context, &result, pointers, pointers.count)
        }
        // With valid points and at least one of them, the only refusal is a sum at infinity.
        return ok == 1 ? result : nil
    }

    /// The 33-byte compressed encoding.
    static func compressed(_ point: secp256k1_pubkey, context: OpaquePointer) -> [UInt8] {
        var point = point
        var output = [UInt8](repeating: 0, count: 33)
        var length = 33
        _ = secp256k1_ec_pubkey_serialize(context, &output, &length, &point, UInt32(SECP256K1_EC_COMPRESSED))
        return output
    }
}
