#!/usr/bin/env python3
"""An independent check of the golden soft-confirmation set in docs/l2-sequencer.md ("The soft confirmation
and how to check it").

Written from that section and docs/encoding.md, with the standard library only and strata_reference.py beside
it (varints, the signing digest, the list Merkle root and its proofs, BIP-340). It encodes the three golden
confirmations, takes their Merkle root, the signed message root || varint(count) and its digest, signs it with
the golden key and auxiliary randomness, and checks every printed value; then it checks each confirmation
alone by its proof, and that a changed confirmation, index, count or chain does not verify.
Prints "N passed, 0 failed"; exits with status 1 on any failure.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strata_reference import (  # noqa: E402
    Checks,
    encode_list_proof,
    encode_varint,
    list_audit_path,
    list_leaf_hash,
    list_proof_root,
    mth,
    pubkey_gen,
    schnorr_sign,
    schnorr_verify,
    signing_digest,
    verify_list_proof,
)

checks = Checks()
check = checks.check


def confirmation(tx_hash: bytes, block: int, index: int, reason=None) -> bytes:
    """txHash (32) || varint(block) || varint(index) || status (0 success, 1 failed) || [varint(reason)]."""
    status = b"\x00" if reason is None else b"\x01" + encode_varint(reason)
    return tx_hash + encode_varint(block) + encode_varint(index) + status


def digest(root: bytes, count: int, chain_id: str) -> bytes:
    return signing_digest("strata/l2/receipt/v2", chain_id, root + encode_varint(count))


# The golden set: sequencer secret 07 x 32, auxiliary randomness c0 x 32, chain "strata-l2"; three transactions
# of block 12 at indexes 3, 4, 5, the second failed with insufficientFunds (101).
rep = lambda b: bytes([b] * 32)  # noqa: E731
SECRET, AUX, CHAIN = rep(0x07), rep(0xC0), "strata-l2"
items = [confirmation(rep(0x11), 12, 3), confirmation(rep(0x22), 12, 4, 101), confirmation(rep(0x33), 12, 5)]
leaves = [list_leaf_hash(item) for item in items]
root = mth(leaves)
message = root + encode_varint(len(items))
d = digest(root, len(items), CHAIN)
key = pubkey_gen(SECRET)
signature = schnorr_sign(d, SECRET, AUX)
proof = encode_list_proof(1, 3, list_audit_path(1, leaves))

# The values docs/l2-sequencer.md prints, and the Swift tests pin.
SEQUENCER_KEY = "989c0b76cb563971fdc9bef31ec06c3560f3249d6ee9e5d83c57625596e05f6f"
CONFIRMATIONS = [
    "11111111111111111111111111111111111111111111111111111111111111110c0300",
    "22222222222222222222222222222222222222222222222222222222222222220c040165",
    "33333333333333333333333333333333333333333333333333333333333333330c0500",
]
ROOT = "e8556cbcdcf0daca949980031fd7f6ec61de5983a2a2a2eddb7fd2ad117436a5"
MESSAGE = ROOT + "03"
DIGEST = "c55fae4f21d0fba05985b4e108e0522e0d15d4cd4b39346666358c7ae87202fb"
SIGNATURE = (
    "802b1305fc2e6e749a54e184a79c157df2e8cbaedc6f154b39efb38070c3931d"
    "9a02601894eacf421bd4620d0bbe82f10ca61e038a7c44ce3f90a6d1e0b8383d"
)
PROOF = (
    "010302"
    "66f415d4ea98c4afc6b926681523d642fef3081bdd44dccf4226c7989eb2f289"
    "1dd94049b1bfed3cf4e002bc9a4c3a3362882bb22c9c92426f48edf35257f4ad"
)

check("the sequencer key", key.hex() == SEQUENCER_KEY)
for n, (item, expected) in enumerate(zip(items, CONFIRMATIONS)):
    check(f"confirmation {n}'s bytes", item.hex() == expected)
check("the set's Merkle root", root.hex() == ROOT)
check("the signed message root || varint(3)", message.hex() == MESSAGE)
check("the signing digest", d.hex() == DIGEST)
check("the signature (secret 07 x 32, aux c0 x 32)", signature.hex() == SIGNATURE)
check("the signature verifies", schnorr_verify(d, key, signature))
check("the second confirmation's proof", proof.hex() == PROOF)

# Each confirmation alone, as a client holding only it, its proof, the count and the signature checks it: the
# root rebuilt from the leaf and the path, then the signature over that root and the count.
for n, item in enumerate(items):
    path = list_audit_path(n, leaves)
    rebuilt = list_proof_root(n, 3, path, list_leaf_hash(item))
    check(f"confirmation {n} alone: its proof leads to the root", rebuilt == root)
    check(
        f"confirmation {n} alone: the signature over the rebuilt root",
        rebuilt is not None and schnorr_verify(digest(rebuilt, 3, CHAIN), key, signature),
    )

# What must not verify.
changed = [items[0], confirmation(rep(0x22), 12, 4), items[2]]  # the failed one shown as a success
changed_root = mth([list_leaf_hash(i) for i in changed])
check("a changed confirmation", not schnorr_verify(digest(changed_root, 3, CHAIN), key, signature))
check("a wrong count", not schnorr_verify(digest(root, 4, CHAIN), key, signature))
check("another chain", not schnorr_verify(digest(root, 3, "strata-l2-other"), key, signature))
check("a proof at the wrong index", not verify_list_proof(0, 3, list_audit_path(1, leaves), leaves[1], root))
check(
    "a v1-style signature over the confirmation's own bytes is another digest",
    signing_digest("strata/l2/receipt/v1", CHAIN, items[0]) != d,
)

print(f"{checks.passed} passed, {checks.failed} failed")
sys.exit(0 if checks.failed == 0 else 1)
