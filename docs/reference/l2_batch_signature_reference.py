#!/usr/bin/env python3
"""An independent check of the half-aggregate signature in the golden batch of docs/l2-batches.md (section 5).

Written from docs/l2-batches.md ("Signatures"), docs/l2-transactions.md, docs/encoding.md and the draft BIP
"Half-Aggregation of BIP 340 Signatures" (z_0 = 1), with the standard library only and strata_reference.py
beside it (the encodings, and the BIP-340 reference arithmetic in plain Python integers). It rebuilds the five
transaction bodies (the report's order id derived from the request's hash, l2-transactions.md 4) and their
signing digests, checks each BIP-340 signature, aggregates them and compares the result with the batch's last
column, verifies the aggregate, and checks the draft's own published vectors.
Prints "N passed, 0 failed"; exits with status 1 on any failure.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strata_reference import (  # noqa: E402
    G,
    H,
    N,
    encode_bytes,
    encode_string,
    encode_varint,
    lift_x,
    n32,
    point_add,
    point_mul,
    schnorr_verify,
    signing_digest,
    tagged_hash,
)

def lift(data: bytes):
    return lift_x(n32(data))


def challenge(r: bytes, pk: bytes, m: bytes) -> int:
    return n32(tagged_hash("BIP0340/challenge", r + pk + m)) % N


def randomizers(triples):
    """z_0 = 1, z_i = hash_HalfAgg/randomizer(r_0 || pk_0 || m_0 || ... || r_i || pk_i || m_i) mod n."""
    prefix, zs = b"", []
    for index, (r, pk, m) in enumerate(triples):
        prefix += r + pk + m
        zs.append(1 if index == 0 else n32(tagged_hash("HalfAgg/randomizer", prefix)) % N)
    return zs


def aggregate(pms):
    zs = randomizers([(sig[:32], pk, m) for pk, m, sig in pms])
    s = sum(z * n32(sig[32:]) for z, (_, _, sig) in zip(zs, pms)) % N
    return b"".join(sig[:32] for _, _, sig in pms) + s.to_bytes(32, "big")


def verify_aggregate(aggsig: bytes, pms) -> bool:
    if len(aggsig) != 32 * (len(pms) + 1):
        return False
    rs = [aggsig[32 * i : 32 * i + 32] for i in range(len(pms))]
    s = n32(aggsig[-32:])
    if s >= N:
        return False
    total = None
    for z, r, (pk, m) in zip(randomizers([(r, pk, m) for r, (pk, m) in zip(rs, pms)]), rs, pms):
        R, point = lift(r), lift(pk)
        if R is None or point is None:
            return False
        total = point_add(total, point_mul(point_add(R, point_mul(point, challenge(r, pk, m))), z))
    return point_mul(G, s) == total


def body(sender: bytes, nonce: int, fee: int, kind: int, payload: bytes) -> bytes:
    return (
        encode_string("strata-l2") + sender + encode_varint(nonce) + encode_varint(fee) + bytes([kind])
        + encode_bytes(payload)
    )


def digest(tx_body: bytes) -> bytes:
    return signing_digest("strata/l2/tx/v1", "strata-l2", tx_body)


checks = []


def check(name, ok):
    checks.append((name, ok))
    if not ok:
        print("FAIL", name)


# The golden batch: the key of secret 01 x 32; account index 5 is that key's account.
KEY = bytes.fromhex("1b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f")
rep = lambda b: bytes([b] * 32)  # noqa: E731
by_key, by_index = b"\x00" + KEY, b"\x01" + encode_varint(5)
request = rep(0xC1) + rep(0xE1) + encode_varint(2) + rep(0xD1) + rep(0xD2) + rep(0xBB) + encode_varint(5000)
request += encode_varint(1_760_000_060_200)
bodies = [
    body(by_key, 0, 250, 1, bytes([0xAA] * 20) + encode_varint(1000)),
    body(by_index, 3, 250, 1, H(KEY)[:20] + encode_varint(42)),
    body(by_index, 4, 300, 13, request),
    body(by_key, 1, 250, 1, b"\x01"),
]
# The report names the order the request creates: H(string("strata/l2/execution") || H(request body)).
tag = b"strata/l2/execution"
execution = H(encode_varint(len(tag)) + tag + H(bodies[2]))
bodies.append(body(by_index, 5, 250, 14, execution + b"\x01" + encode_varint(0) + encode_varint(0) + rep(0xEE)))
SIGNATURES = [
    bytes.fromhex(h)
    for h in (
        "6bc562cc07b15a526f7217cff34660f00b826789109b04bcca165289aa6c2a97"
        "eec4bb9038e36011d7063bd8ac6c2ae0138a1f6ff8f76c41e55de09f76ca64a6",
        "393a83fc9e19126ecf7a6166bc4734d9628e3c49ef17bdee065a1bc4ae5e9ba2"
        "96e49b435c50918de3d365448985a84bf58c3ab398aaa4f70f195b3a1071bd6e",
        "0cfad5bab630b8e6f3e40196e241ea04fd5f3641b0cd611379142eb55b358670"
        "57a16d1d53d045bfb3b9bc015b965469781e63debcc5861bf78d70e912cbe45a",
        "d62ad4a13ee88ffa288e9c624c44ccf5a63aaf39ad21a6511b058f28c6053dde"
        "dc7a57d7c5e9817c68e06601cb0998c822f6e3b0fcd4104528776f9a03c898ee",
        "1aa089326df05fecf85a69c3e7a07f78568d6ed177c1d666c6e3f5f023611b0c"
        "6c92597c0dd2088052976e6eb18b2f4a5d263bdbeb37eea40bed3ffe6d09f59f",
    )
]
AGGREGATE = bytes.fromhex(
    "6bc562cc07b15a526f7217cff34660f00b826789109b04bcca165289aa6c2a97"
    "393a83fc9e19126ecf7a6166bc4734d9628e3c49ef17bdee065a1bc4ae5e9ba2"
    "0cfad5bab630b8e6f3e40196e241ea04fd5f3641b0cd611379142eb55b358670"
    "d62ad4a13ee88ffa288e9c624c44ccf5a63aaf39ad21a6511b058f28c6053dde"
    "1aa089326df05fecf85a69c3e7a07f78568d6ed177c1d666c6e3f5f023611b0c"
    "50a1888d57504a407c037ee0d3fbb49efa4abd869823ef14e2bfee93c0236213"
)
digests = [digest(b) for b in bodies]
for index, (d, sig) in enumerate(zip(digests, SIGNATURES)):
    check(f"signature {index} verifies (BIP-340)", schnorr_verify(d, KEY, sig))
pms = [(KEY, d, sig) for d, sig in zip(digests, SIGNATURES)]
check("the aggregate of the five signatures is the batch's last column", aggregate(pms) == AGGREGATE)
check("the aggregate verifies", verify_aggregate(AGGREGATE, [(KEY, d) for d in digests]))
swapped = [(KEY, d) for d in digests[1:2] + digests[:1] + digests[2:]]
check("the aggregate does not verify with two messages swapped", not verify_aggregate(AGGREGATE, swapped))
tampered = AGGREGATE[:-1] + bytes([AGGREGATE[-1] ^ 1])
check("the aggregate with s changed does not verify", not verify_aggregate(tampered, [(KEY, d) for d in digests]))

# The draft BIP's published vectors (hacspec-halfagg/tests/tests.rs, the version with z_0 = 1).
PK1 = bytes.fromhex("1b84c5567b126440995d3ed5aaba0565d71e1834604819ff9c17f5e9d5dd078f")
PK2 = bytes.fromhex("462779ad4aad39514614751a71085f2f10e1c7a593e4e030efb5b8721ce55b0b")
check("published: the empty aggregate", verify_aggregate(bytes(32), []))
check(
    "published: one signature",
    verify_aggregate(
        bytes.fromhex(
            "b070aafcea439a4f6f1bbfc2eb66d29d24b0cab74d6b745c3cfb009cc8fe4aa8"
            "0e066c34819936549ff49b6fd4d41edfc401a367b87ddd59fee38177961c225f"
        ),
        [(PK1, bytes([2] * 32))],
    ),
)
check(
    "published: two signatures",
    verify_aggregate(
        bytes.fromhex(
            "b070aafcea439a4f6f1bbfc2eb66d29d24b0cab74d6b745c3cfb009cc8fe4aa8"
            "a3afbdb45a6a34bf7c8c00f1b6d7e7d375b54540f13716c87b62e51e2f4f22ff"
            "bf8913ec53226a34892d60252a7052614ca79ae939986828d81d2311957371ad"
        ),
        [(PK1, bytes([2] * 32)), (PK2, bytes([5] * 32))],
    ),
)

failed = sum(1 for _, ok in checks if not ok)
print(f"{len(checks) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
