#!/usr/bin/env python3
"""An independent implementation of docs/encoding.md, written from that page alone.

It exists to show that the page is enough to write a compatible client: it recomputes every golden
vector in docs/reference/vectors.json (the values the page prints) and checks them. Python 3.9+, the
standard library only (BLAKE2b-256 is hashlib.blake2b with digest_size=32).

    python3 docs/reference/strata_reference.py      # prints "N passed, 0 failed"; exit status 1 on failure

Section numbers in the comments are those of docs/encoding.md.
"""

import hashlib
import json
import os
import sys

# --------------------------------------------------------------------------------------------------
# 3. Hash function


def H(data: bytes) -> bytes:
    """BLAKE2b-256: 32-byte digest, no key."""
    return hashlib.blake2b(data, digest_size=32).digest()


Z = bytes(32)

# --------------------------------------------------------------------------------------------------
# 2. Canonical codec


class DecodeError(Exception):
    """Decoding failed; `kind` names the rule broken (truncated, non-minimal, overflow, ...)."""

    def __init__(self, kind: str, detail: str = ""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


def encode_varint(n: int) -> bytes:
    """2.2: unsigned LEB128, shortest form, at most 64 bits."""
    if n < 0 or n >= 1 << 64:
        raise ValueError("varint out of range")
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


class Reader:
    """Reads canonical encodings from a byte string; every method raises DecodeError on bad input."""

    def __init__(self, data: bytes):
        self.data = bytes(data)
        self.pos = 0

    def at_end(self) -> bool:
        return self.pos == len(self.data)

    def expect_end(self):
        """2.6: a whole value uses every byte."""
        if not self.at_end():
            raise DecodeError("trailing", f"{len(self.data) - self.pos} byte(s) after the value")

    def raw(self, n: int) -> bytes:
        if len(self.data) - self.pos < n:
            raise DecodeError("truncated", f"need {n} byte(s) at offset {self.pos}")
        b = self.data[self.pos : self.pos + n]
        self.pos += n
        return b

    def u8(self) -> int:
        return self.raw(1)[0]

    def varint(self, bits: int = 64) -> int:
        """2.2: the rejection rules in the order the page gives them."""
        value = 0
        i = 0
        while True:
            if self.pos >= len(self.data):
                raise DecodeError("truncated", "varint")
            b = self.data[self.pos]
            self.pos += 1
            payload = b & 0x7F
            if i == 9 and payload > 1:  # 10th byte, shift 63
                raise DecodeError("overflow", "more than 64 bits")
            value |= payload << (7 * i)
            if b & 0x80 == 0:
                if b == 0 and i > 0:
                    raise DecodeError("non-minimal", "last byte is 00")
                break
            i += 1
            if i >= 10:  # the 10th byte had bit 7 set
                raise DecodeError("overflow", "more than 10 bytes")
        if value >= 1 << bits:
            raise DecodeError("overflow", f"does not fit {bits} bits")
        return value

    def length(self, cap: int) -> int:
        """2.7: a length or count, compared to its cap before anything is read."""
        n = self.varint()
        if n > cap:
            raise DecodeError("over-cap", f"{n} above cap {cap}")
        return n

    def fixed(self, size: int) -> int:
        """2.3: little-endian."""
        return int.from_bytes(self.raw(size), "little")

    def boolean(self) -> bool:
        b = self.u8()
        if b not in (0, 1):
            raise DecodeError("invalid", f"boolean byte {b}")
        return b == 1

    def bytes_(self, cap: int) -> bytes:
        return self.raw(self.length(cap))

    def string(self, cap: int) -> str:
        """2.4: strict UTF-8 (Python's decoder rejects overlongs, surrogates, stray bytes)."""
        raw = self.bytes_(cap)
        try:
            return raw.decode("utf-8", errors="strict")
        except UnicodeDecodeError:
            raise DecodeError("invalid", "not UTF-8")

    def hash(self) -> bytes:
        return self.raw(32)

    def list_(self, cap: int, element):
        n = self.length(cap)
        return [element(self) for _ in range(n)]

    def optional(self, element):
        flag = self.u8()
        if flag == 0:
            return None
        if flag == 1:
            return element(self)
        raise DecodeError("invalid", f"optional flag {flag}")


def decode_whole(data: bytes, read):
    r = Reader(data)
    value = read(r)
    r.expect_end()
    return value


def encode_bytes(b: bytes) -> bytes:
    return encode_varint(len(b)) + b


def encode_string(s: str) -> bytes:
    return encode_bytes(s.encode("utf-8"))


def encode_list(items, element) -> bytes:
    return encode_varint(len(items)) + b"".join(element(x) for x in items)


def encode_optional(value, element) -> bytes:
    return b"\x00" if value is None else b"\x01" + element(value)


# --------------------------------------------------------------------------------------------------
# BIP-340 (https://github.com/bitcoin/bips/blob/master/bip-0340.mediawiki), the reference algorithm.

P = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
G = (
    0x79BE667EF9DCBBAC55A06295CE870B07029BFCDB2DCE28D959F2815B16F81798,
    0x483ADA7726A3C4655DA4FBFC0E1108A8FD17B448A68554199C47D08FFB10D4B8,
)


def tagged_hash(tag: str, msg: bytes) -> bytes:
    t = hashlib.sha256(tag.encode()).digest()
    return hashlib.sha256(t + t + msg).digest()


def point_add(p1, p2):
    if p1 is None:
        return p2
    if p2 is None:
        return p1
    if p1[0] == p2[0] and p1[1] != p2[1]:
        return None
    if p1 == p2:
        lam = (3 * p1[0] * p1[0] * pow(2 * p1[1], P - 2, P)) % P
    else:
        lam = ((p2[1] - p1[1]) * pow(p2[0] - p1[0], P - 2, P)) % P
    x3 = (lam * lam - p1[0] - p2[0]) % P
    return (x3, (lam * (p1[0] - x3) - p1[1]) % P)


def point_mul(point, k):
    result = None
    for i in range(256):
        if (k >> i) & 1:
            result = point_add(result, point)
        point = point_add(point, point)
    return result


def b32(x: int) -> bytes:
    return x.to_bytes(32, "big")


def n32(b: bytes) -> int:
    return int.from_bytes(b, "big")


def lift_x(x: int):
    if x >= P:
        return None
    y_sq = (pow(x, 3, P) + 7) % P
    y = pow(y_sq, (P + 1) // 4, P)
    if pow(y, 2, P) != y_sq:
        return None
    return (x, y if y % 2 == 0 else P - y)


def pubkey_gen(secret: bytes) -> bytes:
    return b32(point_mul(G, n32(secret))[0])


def schnorr_sign(msg: bytes, secret: bytes, aux_rand: bytes) -> bytes:
    d0 = n32(secret)
    point = point_mul(G, d0)
    d = d0 if point[1] % 2 == 0 else N - d0
    t = bytes(a ^ b for a, b in zip(b32(d), tagged_hash("BIP0340/aux", aux_rand)))
    k0 = n32(tagged_hash("BIP0340/nonce", t + b32(point[0]) + msg)) % N
    r = point_mul(G, k0)
    k = k0 if r[1] % 2 == 0 else N - k0
    e = n32(tagged_hash("BIP0340/challenge", b32(r[0]) + b32(point[0]) + msg)) % N
    return b32(r[0]) + b32((k + e * d) % N)


def schnorr_verify(msg: bytes, pubkey: bytes, sig: bytes) -> bool:
    point = lift_x(n32(pubkey))
    r, s = n32(sig[:32]), n32(sig[32:])
    if point is None or r >= P or s >= N:
        return False
    e = n32(tagged_hash("BIP0340/challenge", sig[:32] + pubkey + msg)) % N
    big_r = point_add(point_mul(G, s), point_mul(point, N - e))
    return big_r is not None and big_r[1] % 2 == 0 and big_r[0] == r


# --------------------------------------------------------------------------------------------------
# 1. Bits of a hash: bit 0 is the most significant bit of byte 0.


def bit(h: bytes, i: int) -> int:
    return (h[i // 8] >> (7 - i % 8)) & 1


def cpl(a: bytes, b: bytes) -> int:
    for i in range(256):
        if bit(a, i) != bit(b, i):
            return i
    return 256


# --------------------------------------------------------------------------------------------------
# 4.2 and 4.4: addresses and signing digests


def signing_digest(tag: str, chain_id: str, message: bytes) -> bytes:
    return H(encode_string(tag) + encode_string(chain_id) + message)


BECH32_ALPHABET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def bech32_polymod(values):
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for v in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ v
        for i in range(5):
            chk ^= generator[i] if (top >> i) & 1 else 0
    return chk


def bech32_encode(hrp: str, data8: bytes) -> str:
    """BIP-173 (checksum constant 1), data regrouped from 8-bit to 5-bit values."""
    acc, nbits, data5 = 0, 0, []
    for b in data8:
        acc = (acc << 8) | b
        nbits += 8
        while nbits >= 5:
            nbits -= 5
            data5.append((acc >> nbits) & 31)
    if nbits:
        data5.append((acc << (5 - nbits)) & 31)
    expanded = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]
    pm = bech32_polymod(expanded + data5 + [0] * 6) ^ 1
    checksum = [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(BECH32_ALPHABET[d] for d in data5 + checksum)


def address_bytes(public_key: bytes) -> bytes:
    return H(public_key)[:20]


# --------------------------------------------------------------------------------------------------
# 5. List Merkle root


def list_leaf_hash(item: bytes) -> bytes:
    return H(b"\x00" + item)


def list_node_hash(left: bytes, right: bytes) -> bytes:
    return H(b"\x01" + left + right)


def mth(leaves):
    """RFC 6962 MTH over leaf hashes; k is the largest power of two strictly below n."""
    n = len(leaves)
    if n == 0:
        return H(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return list_node_hash(mth(leaves[:k]), mth(leaves[k:]))


def list_root(items):
    return mth([list_leaf_hash(i) for i in items])


def list_audit_path(m, leaves):
    """RFC 6962 PATH(m, D[n]), siblings from the leaf up."""
    n = len(leaves)
    if n <= 1:
        return []
    k = 1
    while k * 2 < n:
        k *= 2
    if m < k:
        return list_audit_path(m, leaves[:k]) + [mth(leaves[k:])]
    return list_audit_path(m - k, leaves[k:]) + [mth(leaves[:k])]


def encode_list_proof(index, count, path):
    return encode_varint(index) + encode_varint(count) + encode_list(path, lambda h: h)


def decode_list_proof(data):
    def read(r):
        return r.varint(), r.varint(), r.list_(64, Reader.hash)

    return decode_whole(data, read)


def list_proof_root(index, count, path, leaf_hash):
    """RFC 9162 section 2.1.3.2, as printed in 5.1: the root the proof leads to, or None if it fits no list of
    `count` items."""
    if index >= count:
        return None
    fn, sn, r = index, count - 1, leaf_hash
    for p in path:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = list_node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = list_node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


def verify_list_proof(index, count, path, leaf_hash, root) -> bool:
    return list_proof_root(index, count, path, leaf_hash) == root


# --------------------------------------------------------------------------------------------------
# 6. Sparse Merkle tree


def state_path(namespace: str, key: bytes) -> bytes:
    return H(encode_string(namespace) + key)


def leaf_hash(path: bytes, value_hash: bytes) -> bytes:
    return H(b"\x10" + path + value_hash)


def node_hash(left: bytes, right: bytes) -> bytes:
    return H(b"\x11" + left + right)


def subtree(pairs, d: int) -> bytes:
    """6.3: pairs is a list of (path, value_hash) sharing their first d bits."""
    if not pairs:
        return Z
    if len(pairs) == 1:
        return leaf_hash(*pairs[0])
    left = [p for p in pairs if bit(p[0], d) == 0]
    right = [p for p in pairs if bit(p[0], d) == 1]
    return node_hash(subtree(left, d + 1), subtree(right, d + 1))


def smt_root(values: dict) -> bytes:
    """The root of {path: value}."""
    return subtree([(p, H(v)) for p, v in values.items()], 0)


def read_leaf_entry(r: Reader):
    return (r.hash(), r.hash())


class InvalidProof(Exception):
    pass


ABSENT = None

# 7.1 State proof


def decode_state_proof(data: bytes):
    def read(r):
        leaf = r.optional(read_leaf_entry)
        depth = r.length(256)
        bitmap = r.raw((depth + 7) // 8)
        if depth % 8 and bitmap[-1] >> (depth % 8):
            raise DecodeError("invalid", "bitmap bits past the depth")
        siblings = []
        for i in range(depth):
            if bitmap[i // 8] >> (i % 8) & 1:
                s = r.hash()
                if s == Z:
                    raise DecodeError("invalid", "zero sibling listed")
                siblings.append(s)
            else:
                siblings.append(Z)
        return leaf, siblings

    return decode_whole(data, read)


def verify_state_proof(leaf, siblings, path: bytes, root: bytes):
    """Returns the value hash at path, or ABSENT; raises InvalidProof."""
    depth = len(siblings)
    if depth > 256:
        raise InvalidProof("depth above 256")
    result = ABSENT
    if leaf is not None:
        if cpl(leaf[0], path) < depth:
            raise InvalidProof("terminal leaf not on the path")
        node = leaf_hash(*leaf)
        if leaf[0] == path:
            result = leaf[1]
    else:
        node = Z
    for level in range(depth - 1, -1, -1):
        s = siblings[level]
        node = node_hash(s, node) if bit(path, level) else node_hash(node, s)
    if node != root:
        raise InvalidProof("root mismatch")
    return result


def build_state_proof(pairs, path):
    """7.1 "Building", over a sorted list of (path, value_hash)."""
    siblings, d = [], 0
    while len(pairs) > 1:
        left = [p for p in pairs if bit(p[0], d) == 0]
        right = [p for p in pairs if bit(p[0], d) == 1]
        if bit(path, d):
            siblings.append(subtree(left, d + 1))
            pairs = right
        else:
            siblings.append(subtree(right, d + 1))
            pairs = left
        d += 1
    return (pairs[0] if pairs else None), siblings


def encode_state_proof(leaf, siblings) -> bytes:
    out = encode_optional(leaf, lambda e: e[0] + e[1]) + encode_varint(len(siblings))
    bitmap = bytearray((len(siblings) + 7) // 8)
    for i, s in enumerate(siblings):
        if s != Z:
            bitmap[i // 8] |= 1 << (i % 8)
    return out + bytes(bitmap) + b"".join(s for s in siblings if s != Z)


# 7.2 Multiproof

EMPTY, LEAF, INTERNAL, HASH = 0, 1, 2, 3


def decode_multiproof(r: Reader):
    count = r.length(1 << 24)
    packed = r.raw((count + 3) // 4)
    if count % 4 and packed[-1] >> (2 * (count % 4)):
        raise DecodeError("invalid", "op bits past the last op")
    ops = [(packed[i // 4] >> (2 * (i % 4))) & 3 for i in range(count)]
    leaves = r.list_(1 << 22, read_leaf_entry)
    hashes = r.list_(1 << 23, Reader.hash)
    return ops, leaves, hashes


def encode_multiproof(ops, leaves, hashes) -> bytes:
    packed = bytearray((len(ops) + 3) // 4)
    for i, op in enumerate(ops):
        packed[i // 4] |= op << (2 * (i % 4))
    return (
        encode_varint(len(ops))
        + bytes(packed)
        + encode_list(leaves, lambda e: e[0] + e[1])
        + encode_list(hashes, lambda h: h)
    )


# Partial-tree nodes: ("empty",), ("leaf", (path, value_hash)), ("opaque", hash), ("internal", left, right)


def rebuild(ops, leaves, hashes, paths):
    """7.2 Verification: the two readers over three cursors. paths: sorted, unique."""
    cur = {"op": 0, "leaf": 0, "hash": 0}

    def take(kind, seq):
        if cur[kind] >= len(seq):
            raise InvalidProof(f"needs more {kind}s")
        cur[kind] += 1
        return seq[cur[kind] - 1]

    def keyed(P, d):
        op = take("op", ops)
        if op == EMPTY:
            return ("empty",)
        if op == LEAF:
            e = take("leaf", leaves)
            if cpl(e[0], P[0]) < d:
                raise InvalidProof("keyed leaf off the path")
            return ("leaf", e)
        if op == INTERNAL:
            if d >= 256:
                raise InvalidProof("internal at depth 256")
            P0 = [p for p in P if bit(p, d) == 0]
            P1 = [p for p in P if bit(p, d) == 1]
            left = keyed(P0, d + 1) if P0 else opaque(d + 1, P[0])
            right = keyed(P1, d + 1) if P1 else opaque(d + 1, P[0])
            kinds = (left[0], right[0])
            if kinds in (("empty", "empty"), ("empty", "leaf"), ("leaf", "empty")):
                raise InvalidProof("internal node with fewer than two leaves")
            return ("internal", left, right)
        raise InvalidProof("hash on a proven path")

    def opaque(d, ref):
        op = take("op", ops)
        if op == EMPTY:
            return ("empty",)
        if op == LEAF:
            e = take("leaf", leaves)
            if ref is not None and cpl(e[0], ref) != d - 1:
                raise InvalidProof("sibling leaf not in its subtree")
            return ("leaf", e)
        if op == HASH:
            left = take("hash", hashes)
            right = take("hash", hashes)
            if left == Z and right == Z:
                raise InvalidProof("opaque subtree with two empty children")
            return ("opaque", node_hash(left, right))
        raise InvalidProof("internal off the proven paths")

    tree = keyed(paths, 0) if paths else opaque(0, None)
    if cur["op"] != len(ops) or cur["leaf"] != len(leaves) or cur["hash"] != len(hashes):
        raise InvalidProof("unused entries")
    return tree


def partial_hash(node) -> bytes:
    kind = node[0]
    if kind == "empty":
        return Z
    if kind == "leaf":
        return leaf_hash(*node[1])
    if kind == "opaque":
        return node[1]
    return node_hash(partial_hash(node[1]), partial_hash(node[2]))


def lookup(node, path):
    """Descend by the path's bits; the value hash if the terminal leaf is the path's, else ABSENT."""
    d = 0
    while node[0] == "internal":
        node = node[2] if bit(path, d) else node[1]
        d += 1
    if node[0] == "leaf" and node[1][0] == path:
        return node[1][1]
    return ABSENT


def sorted_unique(paths):
    s = sorted(paths)
    if any(s[i] == s[i - 1] for i in range(1, len(s))):
        raise InvalidProof("path listed twice")
    return s


def verify_multiproof(proof, paths, root):
    ops, leaves, hashes = proof
    tree = rebuild(ops, leaves, hashes, sorted_unique(paths))
    if partial_hash(tree) != root:
        raise InvalidProof("root mismatch")
    return [lookup(tree, p) for p in paths]


def build_multiproof(pairs, paths):
    """7.2 "Building", over sorted (path, value_hash) pairs and sorted unique paths."""
    ops, leaves, hashes = [], [], []

    def split(items, d, key):
        return [x for x in items if bit(key(x), d) == 0], [x for x in items if bit(key(x), d) == 1]

    def opaque(S, d):
        if not S:
            ops.append(EMPTY)
        elif len(S) == 1:
            ops.append(LEAF)
            leaves.append(S[0])
        else:
            ops.append(HASH)
            S0, S1 = split(S, d, lambda x: x[0])
            hashes.append(subtree(S0, d + 1))
            hashes.append(subtree(S1, d + 1))

    def keyed(S, P, d):
        if len(S) <= 1:
            opaque(S, d)
            return
        ops.append(INTERNAL)
        S0, S1 = split(S, d, lambda x: x[0])
        P0, P1 = split(P, d, lambda x: x)
        for Sx, Px in ((S0, P0), (S1, P1)):
            keyed(Sx, Px, d + 1) if Px else opaque(Sx, d + 1)

    keyed(pairs, paths, 0) if paths else opaque(pairs, 0)
    return ops, leaves, hashes


# 7.3 Witness and witness store


def decode_witness(data: bytes):
    def entry(r):
        path = r.hash()
        flag = r.u8()
        if flag == 0:
            return path, None
        if flag == 1:
            return path, r.bytes_(1 << 20)
        raise DecodeError("invalid", f"witness value flag {flag}")

    def read(r):
        entries = r.list_(1 << 20, entry)
        if any(entries[i - 1][0] >= entries[i][0] for i in range(1, len(entries))):
            raise DecodeError("invalid", "witness paths not strictly increasing")
        return entries, decode_multiproof(r)

    return decode_whole(data, read)


class WitnessStore:
    """7.3: a partial tree that serves the covered paths only."""

    def __init__(self, entries, proof, root):
        paths = [p for p, _ in entries]
        if any(paths[i - 1] >= paths[i] for i in range(1, len(paths))):
            raise InvalidProof("paths not strictly increasing")
        self.tree = rebuild(*proof, paths)
        if partial_hash(self.tree) != root:
            raise InvalidProof("root mismatch")
        for path, value in entries:
            proven = lookup(self.tree, path)
            if (proven is None) != (value is None) or (value is not None and H(value) != proven):
                raise InvalidProof("value does not match the proof")
        self.values = dict(entries)

    def _covered(self, path):
        if path not in self.values:
            raise KeyError("key outside the witness")

    def get(self, path):
        self._covered(path)
        return self.values[path]

    def set(self, path, value):
        self._covered(path)
        if len(value) > 1 << 20:
            raise ValueError("value above 1 MiB")
        self.tree = self._insert(self.tree, (path, H(value)), 0)
        self.values[path] = value

    def delete(self, path):
        self._covered(path)
        self.tree = self._remove(self.tree, path, 0)
        self.values[path] = None

    def root(self):
        return partial_hash(self.tree)

    def _insert(self, node, leaf, d):
        kind = node[0]
        if kind == "empty":
            return ("leaf", leaf)
        if kind == "leaf":
            q = node[1]
            if q[0] == leaf[0]:
                return ("leaf", leaf)
            parting = cpl(q[0], leaf[0])
            pair = (("leaf", leaf), ("leaf", q)) if bit(q[0], parting) else (("leaf", q), ("leaf", leaf))
            sub = ("internal",) + pair
            for level in range(parting - 1, d - 1, -1):
                sub = ("internal", ("empty",), sub) if bit(leaf[0], level) else ("internal", sub, ("empty",))
            return sub
        if kind == "opaque":
            raise KeyError("key outside the witness")
        if bit(leaf[0], d):
            return ("internal", node[1], self._insert(node[2], leaf, d + 1))
        return ("internal", self._insert(node[1], leaf, d + 1), node[2])

    def _remove(self, node, path, d):
        kind = node[0]
        if kind == "empty":
            return node
        if kind == "leaf":
            return ("empty",) if node[1][0] == path else node
        if kind == "opaque":
            raise KeyError("key outside the witness")
        if bit(path, d):
            left, right = node[1], self._remove(node[2], path, d + 1)
        else:
            left, right = self._remove(node[1], path, d + 1), node[2]
        kinds = (left[0], right[0])
        if kinds == ("empty", "empty"):
            return ("empty",)
        if kinds == ("empty", "leaf"):
            return right
        if kinds == ("leaf", "empty"):
            return left
        return ("internal", left, right)


# --------------------------------------------------------------------------------------------------
# The checks


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print(f"FAIL {name} {detail}")

    def equal(self, name, actual, expected):
        self.check(name, actual == expected, f"\n  got      {actual!r}\n  expected {expected!r}")

    def raises(self, name, fn, kind=None):
        try:
            fn()
        except DecodeError as e:
            self.check(name, kind is None or e.kind == kind, f"raised {e.kind}, expected {kind}")
            return
        except InvalidProof:
            self.check(name, kind is None, "raised InvalidProof")
            return
        self.check(name, False, "did not raise")


def run(v, c: Checks):
    x = bytes.fromhex

    # 2.2 varints
    for t in v["varint"]:
        n = int(t["value"])
        c.equal(f"varint {n}", encode_varint(n).hex(), t["hex"])
        c.equal(f"varint {n} decodes", decode_whole(x(t["hex"]), Reader.varint), n)
    for t in v["varint_rejected"]:
        c.raises(f"varint {t['hex']} rejected", lambda t=t: Reader(x(t["hex"])).varint(t["bits"]), t["error"])

    # 2.3 fixed integers and booleans
    for t in v["fixed"]:
        size = {"u16": 2, "u32": 4, "u64": 8}[t["type"]]
        n = int(t["value"])
        c.equal(f"{t['type']} {n}", n.to_bytes(size, "little").hex(), t["hex"])
        c.equal(f"{t['type']} {n} decodes", decode_whole(x(t["hex"]), lambda r: r.fixed(size)), n)
    for t in v["bool"]:
        c.equal(f"bool {t['value']}", decode_whole(x(t["hex"]), Reader.boolean), t["value"])
    for h in v["bool_rejected"]:
        c.raises(f"bool {h} rejected", lambda h=h: Reader(x(h)).boolean(), "invalid")

    # 2.4 byte strings and strings
    for t in v["bytes"]:
        c.equal("bytes", encode_bytes(x(t["value_hex"])).hex(), t["hex"])
    for t in v["bytes_over_cap"]:
        c.raises("bytes over cap", lambda t=t: Reader(x(t["hex"])).bytes_(t["cap"]), "over-cap")
    for t in v["string"]:
        c.equal(f"string {t['text']}", encode_string(t["text"]).hex(), t["hex"])
        c.equal(f"string {t['text']} decodes", decode_whole(x(t["hex"]), lambda r: r.string(64)), t["text"])
    for h in v["string_rejected"]:
        c.raises(f"string {h} rejected", lambda h=h: Reader(x(h)).string(64), "invalid")

    # 2.5 lists, optionals, trailing bytes
    u16 = lambda n: n.to_bytes(2, "little")
    read_u16 = lambda r: r.fixed(2)
    t = v["list_u16"]
    c.equal("list", encode_list(t["values"], u16).hex(), t["hex"])
    c.equal("list decodes", decode_whole(x(t["hex"]), lambda r: r.list_(3, read_u16)), t["values"])
    c.raises("list over cap", lambda: Reader(x(t["hex"])).list_(t["rejected_with_cap"], read_u16), "over-cap")
    for t in v["optional_u16"]:
        c.equal(f"optional {t['value']}", encode_optional(t["value"], u16).hex(), t["hex"])
        c.equal(f"optional {t['value']} decodes", decode_whole(x(t["hex"]), lambda r: r.optional(read_u16)), t["value"])
    for h in v["optional_rejected"]:
        c.raises(f"optional {h} rejected", lambda h=h: Reader(x(h)).optional(read_u16), "invalid")
    for h in v["u16_trailing_rejected"]:
        c.raises(f"u16 {h} trailing", lambda h=h: decode_whole(x(h), read_u16), "trailing")

    # 3 BLAKE2b-256
    for t in v["blake2b"]:
        if "input_hex" in t:
            data = x(t["input_hex"])
        else:
            data = x(t["input_repeat"]["byte_hex"]) * t["input_repeat"]["count"]
        c.equal(f"blake2b of {len(data)} bytes", H(data).hex(), t["hash"])

    # 4 addresses and signing digests (the keys and signatures need secp256k1 / Ed25519: not here)
    k = v["crypto"]
    c.equal("address bytes", address_bytes(x(k["account_public_key"])).hex(), k["address_bytes"])
    c.equal("address", bech32_encode("strata", x(k["address_bytes"])), k["address"])
    for t in k["signing_digests"]:
        c.equal(f"signing digest {t['tag']}", signing_digest(t["tag"], k["chain_id"], x(k["message_hex"])).hex(), t["digest"])

    # 5 list Merkle root and proof
    t = v["list_merkle"]
    items = [x(i) for i in t["items_hex"]]
    leaves = [list_leaf_hash(i) for i in items]
    c.equal("list leaf hashes", [h.hex() for h in leaves], t["leaf_hashes"])
    c.equal("list node(a, b)", list_node_hash(leaves[0], leaves[1]).hex(), t["node_hash_a_b"])
    root = list_root(items)
    c.equal("list root", root.hex(), t["root"])
    i = t["proof"]["index"]
    c.equal("list proof", encode_list_proof(i, len(items), list_audit_path(i, leaves)).hex(), t["proof"]["hex"])
    index, count, path = decode_list_proof(x(t["proof"]["hex"]))
    c.check("list proof verifies", verify_list_proof(index, count, path, leaves[i], root))
    c.check("list proof fails for another item", not verify_list_proof(index, count, path, leaves[0], root))
    five = v["list_merkle_five"]
    c.equal("list root of five items", list_root([s.encode() for s in five["items"]]).hex(), five["root"])
    c.equal("empty list root", list_root([]).hex(), v["list_merkle_empty_root"])
    # Every position of lists of 1 to 17 items: the audit path verifies there and nowhere else.
    for n in range(1, 18):
        hs = [list_leaf_hash(bytes([j])) for j in range(n)]
        r = mth(hs)
        for m in range(n):
            p = list_audit_path(m, hs)
            c.check(f"list proof {m} of {n}", verify_list_proof(m, n, p, hs[m], r))
            c.check(f"list proof {m} of {n}, other leaf", n == 1 or not verify_list_proof(m, n, p, hs[(m + 1) % n], r))

    # 6 state hashes
    s = v["state_hashes"]
    for name in ("alice", "bob"):
        e = s[name]
        path = state_path(s["namespace"], e["key"].encode())
        c.equal(f"path of {name}", path.hex(), e["path"])
        c.equal(f"leaf of {name}", leaf_hash(path, H(e["value"].encode())).hex(), e["leaf_hash"])
    c.equal("value hash of 100", H(b"100").hex(), s["alice"]["value_hash"])
    c.equal("node(alice, bob)", node_hash(x(s["alice"]["leaf_hash"]), x(s["bob"]["leaf_hash"])).hex(), s["node_hash_alice_bob"])
    two = {state_path(s["namespace"], s[n]["key"].encode()): s[n]["value"].encode() for n in ("alice", "bob")}
    c.equal("root of alice and bob", smt_root(two).hex(), s["root_alice_bob"])

    g = v["state_root_1000"]
    values = {state_path(g["namespace"], f"key-{i}".encode()): f"value-{i}".encode() for i in range(1000)}
    c.equal("root of 1,000 keys", smt_root(values).hex(), g["root"])

    # 6.4 the demo tree
    d = v["demo_tree"]
    ns = d["namespace"]
    demo = {}
    for e in d["entries"]:
        path = state_path(ns, e["key"].encode())
        c.equal(f"demo path {e['key']}", path.hex(), e["path"])
        c.equal(f"demo leaf {e['key']}", leaf_hash(path, H(e["value"].encode())).hex(), e["leaf_hash"])
        demo[path] = e["value"].encode()
    for e in d["absent_keys"]:
        c.equal(f"demo path {e['key']}", state_path(ns, e["key"].encode()).hex(), e["path"])
    pairs = sorted((p, H(val)) for p, val in demo.items())
    for name, h in d["nodes"].items():
        prefix = [p for p in pairs if all(bit(p[0], j) == int(ch) for j, ch in enumerate(name))]
        c.equal(f"demo node {name}", subtree(prefix, len(name)).hex(), h)
    root = smt_root(demo)
    c.equal("demo root", root.hex(), d["root"])
    key = lambda k: state_path(ns, k.encode())

    # 7.1 state proofs
    for t in d["state_proofs"]:
        path = key(t["key"])
        leaf, siblings = build_state_proof(pairs, path)
        c.equal(f"proof of {t['key']} encodes", encode_state_proof(leaf, siblings).hex(), t["hex"])
        leaf, siblings = decode_state_proof(x(t["hex"]))
        expected = None if t["value"] is None else H(t["value"].encode())
        c.equal(f"proof of {t['key']} verifies", verify_state_proof(leaf, siblings, path, root), expected)
        c.raises(f"proof of {t['key']} against another root", lambda: verify_state_proof(leaf, siblings, path, Z))
        c.raises(f"proof of {t['key']} with a trailing byte", lambda t=t: decode_state_proof(x(t["hex"]) + b"\x00"), "trailing")
    # Non-canonical forms of the k1 proof: a zero sibling listed, a bitmap bit past the depth.
    k1 = x(d["state_proofs"][0]["hex"])  # 01 || leaf (64) || 05 || 13 || 3 siblings
    c.raises("proof with a bit past the depth", lambda: decode_state_proof(k1[:66] + b"\x33" + k1[67:]), "invalid")
    c.raises("proof with a zero sibling listed", lambda: decode_state_proof(k1[:66] + b"\x17" + k1[67:131] + Z + k1[131:]), "invalid")
    # A terminal leaf off the path is refused even before the root is compared.
    leaf, siblings = decode_state_proof(k1)
    c.raises("proof of k1 used for k2", lambda: verify_state_proof(leaf, siblings, key("k2"), root))

    # 7.2 multiproof
    t = d["multiproof"]
    paths = [key(k) for k in t["keys"]]
    built = build_multiproof(pairs, sorted_unique(paths))
    c.equal("multiproof encodes", encode_multiproof(*built).hex(), t["hex"])
    proof = decode_whole(x(t["hex"]), decode_multiproof)
    c.equal("multiproof verifies", verify_multiproof(proof, paths, root), [H(val.encode()) for val in t["values"]])
    c.raises("multiproof against another root", lambda: verify_multiproof(proof, paths, Z))
    c.raises("multiproof for other paths", lambda: verify_multiproof(proof, [key("k3"), key("k2")], root))
    c.raises("multiproof with a path twice", lambda: verify_multiproof(proof, paths + paths[:1], root))
    ops, leaves_, hashes = proof
    c.raises("multiproof with an unused hash", lambda: verify_multiproof((ops, leaves_, hashes + [hashes[0]]), paths, root))
    c.raises("multiproof with an opaque subtree of two empty children",
             lambda: verify_multiproof((ops, leaves_, [Z, Z]), paths, root))
    raw = x(t["hex"])
    c.raises("multiproof with op bits past the end", lambda: decode_whole(raw[:3] + bytes([raw[3] | 0x40]) + raw[4:], decode_multiproof), "invalid")
    # Every subset of up to three demo keys and absent keys: build, encode, decode, verify.
    names = ["k1", "k2", "k3", "k4", "k5", "k9", "absent", "zz"]
    for a in range(len(names)):
        for b in range(a, len(names)):
            for cc in range(b, len(names)):
                subset = sorted({names[a], names[b], names[cc]})
                ps = [key(n) for n in subset]
                enc = encode_multiproof(*build_multiproof(pairs, sorted_unique(ps)))
                got = verify_multiproof(decode_whole(enc, decode_multiproof), ps, root)
                want = [H(demo[p]) if p in demo else None for p in ps]
                c.equal(f"multiproof of {subset}", got, want)
                for p in ps:
                    lf, sb = build_state_proof(pairs, p)
                    lf, sb = decode_state_proof(encode_state_proof(lf, sb))
                    c.equal(f"state proof of {p.hex()[:8]}", verify_state_proof(lf, sb, p, root), H(demo[p]) if p in demo else None)

    # 7.3 witnesses and the witness store
    for t in d["witnesses"]:
        ps = sorted_unique([key(k) for k in t["keys"]])
        entries = [(p, demo.get(p)) for p in ps]
        enc = encode_list(entries, lambda e: e[0] + encode_optional(e[1], encode_bytes)) + encode_multiproof(
            *build_multiproof(pairs, ps)
        )
        c.equal(f"witness of {t['keys']} encodes", enc.hex(), t["hex"])
        entries, proof = decode_witness(x(t["hex"]))
        store = WitnessStore(entries, proof, root)
        for p in ps:
            c.equal(f"witness get {p.hex()[:8]}", store.get(p), demo.get(p))
        try:
            store.get(key("k3"))
            c.check("witness refuses an uncovered key", False)
        except KeyError:
            c.check("witness refuses an uncovered key", True)
        if "writes" in t:
            after = dict(demo)
            for w in t["writes"]:
                p = key(w["key"])
                if w["value"] is None:
                    store.delete(p)
                    after.pop(p, None)
                else:
                    store.set(p, w["value"].encode())
                    after[p] = w["value"].encode()
            c.equal("witness store root after writes", store.root().hex(), t["root_after"])
            c.equal("root of the changed set", smt_root(after).hex(), t["root_after"])
    # Witness stores over every pair of demo and absent keys: delete and write each key, compare roots.
    for a in range(len(names)):
        for b in range(a + 1, len(names)):
            ps = sorted_unique([key(names[a]), key(names[b])])
            entries = [(p, demo.get(p)) for p in ps]
            for op in ("delete", "set"):
                store = WitnessStore(entries, build_multiproof(pairs, ps), root)
                after = dict(demo)
                for p in ps:
                    if op == "delete":
                        store.delete(p)
                        after.pop(p, None)
                    else:
                        store.set(p, b"new")
                        after[p] = b"new"
                c.equal(f"witness store {op} {names[a]}, {names[b]}", store.root(), smt_root(after))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "vectors.json"), encoding="utf-8") as f:
        vectors = json.load(f)
    c = Checks()
    try:
        run(vectors, c)
    except Exception as e:  # an unexpected rejection of a golden vector is a failure, not a crash
        c.failed += 1
        print(f"FAIL unexpected {type(e).__name__}: {e}")
    print(f"{c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
