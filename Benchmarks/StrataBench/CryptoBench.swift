import CSecp256k1
import Common

/// Signature throughput on one core: BIP-340 Schnorr verify and sign (account keys), Ed25519 verify (validator
/// and node keys). Each verify benchmark cycles through 1,000 pre-generated (key, signature, digest) triples, so
/// it measures verification of distinct keys, not one key kept hot in cache.
func cryptoBenchmarks() -> [BenchResult] {
    let count = 1_000
    let accountKeys = (0..<count).map { _ in AccountPrivateKey() }
    let digests = (0..<count).map { Hash.blake2b([UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)]) }
    let schnorr = (0..<count).map {
        (accountKeys[$0].publicKey, accountKeys[$0].sign(digest: digests[$0]), digests[$0])
    }
    let nodeKeys = (0..<count).map { _ in Ed25519PrivateKey() }
    let ed25519 = (0..<count).map { (nodeKeys[$0].publicKey, nodeKeys[$0].sign(digest: digests[$0]), digests[$0]) }

    var valid = 0
    let schnorrVerify = measureRate(seconds: 3, batch: count) {
        for (key, signature, digest) in schnorr where key.verify(signature, digest: digest) { valid += 1 }
    }
    let schnorrSign = measureRate(seconds: 2, batch: count) {
        for index in 0..<count { valid &+= Int(accountKeys[index].sign(digest: digests[index]).bytes[0] & 1) }
    }
    let ed25519Verify = measureRate(seconds: 2, batch: count) {
        for (key, signature, digest) in ed25519 where key.verify(signature, digest: digest) { valid += 1 }
    }
    let ceiling = rawSchnorrVerifyRate(schnorr.map { ($0.0.bytes, $0.1.bytes, $0.2.bytes) })
    precondition(valid > 0, "every pre-generated signature verifies")
    let halfAggregation = halfAggregationBenchmarks(schnorr, accountKeys: accountKeys, digests: digests)

    let target = 24_000.0
    return [
        BenchResult(
            name: "crypto.schnorr_verify", value: schnorrVerify.rounded(), unit: "verifies/s",
            conditions: [
                "threads": "1", "keys": "\(count) distinct keys, signatures and 32-byte digests, cycled",
                "library": "libsecp256k1 0.2.0 secp256k1_schnorrsig_verify",
            ],
            target: ">= 24000", meetsTarget: schnorrVerify >= target),
        BenchResult(
            name: "crypto.schnorr_verify_ceiling", value: ceiling.rounded(), unit: "verifies/s",
            conditions: [
                "threads": "1", "keys": "the same \(count) triples, keys pre-parsed, buffers pre-laid-out",
                "library": "libsecp256k1 0.2.0 secp256k1_schnorrsig_verify called directly (no Swift wrapper)",
            ]),
        BenchResult(
            name: "crypto.schnorr_sign", value: schnorrSign.rounded(), unit: "signatures/s",
            conditions: [
                "threads": "1", "keys": "\(count) distinct keys, 32-byte digests",
                "aux_rand": "32 bytes from randombytes_buf per signature",
            ]),
        BenchResult(
            name: "crypto.ed25519_verify", value: ed25519Verify.rounded(), unit: "verifies/s",
            conditions: [
                "threads": "1", "keys": "\(count) distinct keys, signatures and 32-byte digests, cycled",
                "library": "libsodium crypto_sign_verify_detached",
            ]),
    ] + halfAggregation
}

/// Half-aggregation (what a batch carries instead of its signatures): aggregating 1,000 signatures, and verifying
/// the aggregate, with 1,000 distinct keys and with 100 keys signing 10 times each (the terms of one key are
/// summed before its multiplication). Rates are signatures per second.
private func halfAggregationBenchmarks(
    _ distinct: [(AccountPublicKey, SchnorrSignature, Hash)], accountKeys: [AccountPrivateKey], digests: [Hash]
) -> [BenchResult] {
    let repeated = digests.indices.map { index in
        let key = accountKeys[index % 100]
        return (key.publicKey, key.sign(digest: digests[index]), digests[index])
    }
    func aggregate(_ triples: [(AccountPublicKey, SchnorrSignature, Hash)]) -> HalfAggregateSignature {
        var aggregator = HalfAggregator()
        for (key, signature, digest) in triples {
            try! aggregator.append(key: key, digest: digest, signature: signature)
        }
        return aggregator.aggregate
    }
    var checked = 0
    let aggregateRate = measureRate(seconds: 2, batch: distinct.count) {
        checked &+= Int(aggregate(distinct).bytes[0])
    }
    var results = [
        BenchResult(
            name: "crypto.halfagg_aggregate", value: aggregateRate.rounded(), unit: "signatures/s",
            conditions: ["threads": "1", "signatures": "\(distinct.count) per aggregate, distinct keys"])
    ]
    // Both cores on one aggregate of 2,000 signatures with distinct keys (two runs of 1,000).
    let large =
        distinct
        + digests.indices.map { index in
            let key = AccountPrivateKey()
            return (key.publicKey, key.sign(digest: digests[index]), digests[index])
        }
    let largeAggregate = aggregate(large)
    let largeSigners = large.map { (key: $0.0, digest: $0.2) }
    precondition(largeAggregate.verify(largeSigners, threads: 2), "the aggregate verifies on two threads")
    let twoThreadRate = measureRate(seconds: 3, batch: large.count) {
        checked &+= largeAggregate.verify(largeSigners, threads: 2) ? 1 : 0
    }
    results.append(
        BenchResult(
            name: "crypto.halfagg_verify_distinct_keys_2_threads", value: twoThreadRate.rounded(),
            unit: "signatures/s",
            conditions: [
                "threads": "2", "signatures": "\(large.count) per aggregate, every key distinct",
                "library": "libsecp256k1 0.2.0 public API, partial sums on two threads",
            ]))
    for (label, triples) in [("distinct_keys", distinct), ("keys_x10", repeated)] {
        let aggregateSignature = aggregate(triples)
        let signers = triples.map { (key: $0.0, digest: $0.2) }
        precondition(aggregateSignature.verify(signers), "the aggregate of valid signatures verifies")
        let rate = measureRate(seconds: 3, batch: triples.count) {
            checked &+= aggregateSignature.verify(signers) ? 1 : 0
        }
        results.append(
            BenchResult(
                name: "crypto.halfagg_verify_\(label)", value: rate.rounded(), unit: "signatures/s",
                conditions: [
                    "threads": "1",
                    "signatures": label == "distinct_keys"
                        ? "\(triples.count) per aggregate, every key distinct"
                        : "\(triples.count) per aggregate, 100 keys signing 10 times each",
                    "library": "libsecp256k1 0.2.0 public API: secp256k1_ec_pubkey_tweak_mul per term, _combine",
                ]))
    }
    precondition(checked > 0)
    return results
}

/// The machine ceiling for Schnorr verification: libsecp256k1 called directly on pre-parsed keys and contiguous
/// signature and digest buffers, with no Swift types in between.
private func rawSchnorrVerifyRate(_ triples: [(key: [UInt8], signature: [UInt8], digest: [UInt8])]) -> Double {
    guard let context = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE)) else { return 0 }
    defer { secp256k1_context_destroy(context) }
    var keys = [secp256k1_xonly_pubkey](repeating: secp256k1_xonly_pubkey(), count: triples.count)
    for index in triples.indices {
        precondition(secp256k1_xonly_pubkey_parse(context, &keys[index], triples[index].key) == 1, "valid key")
    }
    let signatures = triples.flatMap(\.signature)
    let digests = triples.flatMap(\.digest)
    var valid = 0
    let rate = measureRate(seconds: 3, batch: triples.count) {
        signatures.withUnsafeBufferPointer { signatures in
            digests.withUnsafeBufferPointer { digests in
                keys.withUnsafeBufferPointer { keys in
                    for index in 0..<keys.count {
                        valid += Int(
                            secp256k1_schnorrsig_verify(
                                context, signatures.baseAddress! + 64 * index, digests.baseAddress! + 32 * index, 32,
                                keys.baseAddress! + index))
                    }
                }
            }
        }
    }
    precondition(valid > 0, "every pre-generated signature verifies")
    return rate
}
