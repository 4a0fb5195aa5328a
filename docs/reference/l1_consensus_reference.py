#!/usr/bin/env python3
"""An independent implementation of docs/l1-consensus.md, written from that page and docs/encoding.md.

It re-derives every golden vector of docs/l1-consensus.md (section 12): the validator set (addresses, order, hash,
proposer priorities and the proposers of the first rounds), votes, proposals, headers and block ids, a commit and
its hash, duplicate-vote evidence and its hash, blocks, consensus messages and journaled inputs, with Ed25519
signatures made here by RFC 8032's algorithm in pure Python (no libsodium, no PyNaCl). It also decodes the pinned
encodings back, and checks that the page's non-canonical examples are refused. Python 3.9+, standard library only;
it reuses the codec, BLAKE2b-256, signing digests and list Merkle root of strata_reference.py.

    python3 docs/reference/l1_consensus_reference.py   # prints "N passed, 0 failed"; exit status 1 on failure
"""

import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strata_reference import (  # noqa: E402
    DecodeError,
    H,
    Reader,
    Z,
    address_bytes,
    decode_whole,
    encode_bytes,
    encode_list,
    encode_optional,
    encode_string,
    encode_varint,
    list_leaf_hash,
    list_root,
    mth,
    signing_digest,
)

# --------------------------------------------------------------------------------------------------
# Ed25519 (RFC 8032, section 5.1), pure Python: extended coordinates, deterministic signing.

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _recover_x(y: int, sign: int):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P)
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
G = (_GX, _GY, 1, _GX * _GY % P)
IDENTITY = (0, 1, 1, 0)


def _add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = 2 * p[3] * q[3] * D % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s: int, p):
    q = IDENTITY
    while s > 0:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _encode_point(p) -> bytes:
    zinv = pow(p[2], P - 2, P)
    x, y = p[0] * zinv % P, p[1] * zinv % P
    return int.to_bytes(y | ((x & 1) << 255), 32, "little")


def _decode_point(b: bytes):
    y = int.from_bytes(b, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def _sha512_int(data: bytes) -> int:
    return int.from_bytes(hashlib.sha512(data).digest(), "little")


def _expand(seed: bytes):
    h = hashlib.sha512(seed).digest()
    a = int.from_bytes(h[:32], "little")
    a &= (1 << 254) - 8
    a |= 1 << 254
    return a, h[32:]


def ed25519_public_key(seed: bytes) -> bytes:
    a, _ = _expand(seed)
    return _encode_point(_mul(a, G))


def ed25519_sign(seed: bytes, message: bytes) -> bytes:
    a, prefix = _expand(seed)
    public = _encode_point(_mul(a, G))
    r = _sha512_int(prefix + message) % L
    big_r = _encode_point(_mul(r, G))
    k = _sha512_int(big_r + public + message) % L
    return big_r + int.to_bytes((r + k * a) % L, 32, "little")


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    point = _decode_point(public)
    if point is None or len(signature) != 64:
        return False
    big_r = _decode_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if big_r is None or s >= L:
        return False
    k = _sha512_int(signature[:32] + public + message) % L
    left = _mul(s, G)
    right = _add(big_r, _mul(k, point))
    return _encode_point(left) == _encode_point(right)


# --------------------------------------------------------------------------------------------------
# Section 2: primitives


def height(h: int) -> bytes:
    return encode_varint(h)


def round_(r: int) -> bytes:
    assert 0 <= r < 1 << 32
    return encode_varint(r)


def timestamp(ns: int) -> bytes:
    return encode_varint(ns)


PREVOTE, PRECOMMIT = 1, 2

# --------------------------------------------------------------------------------------------------
# Section 3: votes and proposals


def encode_vote(vote_type: int, h: int, r: int, block_id) -> bytes:
    return bytes([vote_type]) + height(h) + round_(r) + encode_optional(block_id, lambda b: b)


def vote_sign_bytes(chain_id: str, vote: bytes) -> bytes:
    return signing_digest("strata/l1/vote/v1", chain_id, vote)


def encode_signed_vote(vote: bytes, index: int, signature: bytes) -> bytes:
    return vote + encode_varint(index) + signature


def encode_proposal(h: int, r: int, pol_round, block_id: bytes) -> bytes:
    assert pol_round is None or pol_round < r
    return height(h) + round_(r) + encode_optional(pol_round, round_) + block_id


def proposal_sign_bytes(chain_id: str, proposal: bytes) -> bytes:
    return signing_digest("strata/l1/proposal/v1", chain_id, proposal)


def read_vote(r: Reader):
    vote_type = r.u8()
    if vote_type not in (PREVOTE, PRECOMMIT):
        raise DecodeError("unknown tag", f"vote type {vote_type}")
    return (vote_type, r.varint(), r.varint(32), r.optional(lambda rr: rr.raw(32)))


def read_signed_vote(r: Reader):
    return (read_vote(r), r.varint(32), r.raw(64))


def read_proposal(r: Reader):
    h, rnd = r.varint(), r.varint(32)
    pol = r.optional(lambda rr: rr.varint(32))
    if pol is not None and pol >= rnd:
        raise DecodeError("invalid", "pol round not below the round")
    return (h, rnd, pol, r.raw(32))


# --------------------------------------------------------------------------------------------------
# Section 4: validators and proposer priority

MAX_TOTAL_VOTING_POWER = (2**63 - 1) // 8


class Validator:
    def __init__(self, public_key: bytes, power: int, priority: int = 0):
        self.public_key, self.power, self.priority = public_key, power, priority
        self.address = address_bytes(public_key)

    def encode(self) -> bytes:
        return self.public_key + encode_varint(self.power)


class ValidatorSet:
    """Section 4: canonical order, hash, quorum and the weighted round robin."""

    def __init__(self, validators):
        self.validators = sorted(validators, key=lambda v: (-v.power, v.address))
        self.chosen = None  # the index of the validator chosen by the last rotation

    def copy(self):
        other = ValidatorSet([Validator(v.public_key, v.power, v.priority) for v in self.validators])
        other.chosen = self.chosen
        return other

    def total(self) -> int:
        return sum(v.power for v in self.validators)

    def hash(self) -> bytes:
        return list_root([v.encode() for v in self.validators])

    def quorum(self) -> int:
        return self.total() * 2 // 3 + 1

    def highest(self) -> int:
        best = 0
        for i, v in enumerate(self.validators):
            b = self.validators[best]
            if v.priority > b.priority or (v.priority == b.priority and v.address < b.address):
                best = i
        return best

    def proposer_index(self) -> int:
        return self.chosen if self.chosen is not None else self.highest()

    def rotate(self, times: int):
        """A copy rotated `times` times (4.3): rescale, centre, then `times` single steps."""
        out = self.copy()
        total = out.total()
        window = 2 * total
        spread = max(v.priority for v in out.validators) - min(v.priority for v in out.validators)
        if spread > window:
            ratio = (spread + window - 1) // window
            for v in out.validators:
                quotient = abs(v.priority) // ratio  # division truncating toward zero
                v.priority = quotient if v.priority >= 0 else -quotient
        average = sum(v.priority for v in out.validators) // len(out.validators)  # floor
        for v in out.validators:
            v.priority -= average
        for _ in range(times):
            for v in out.validators:
                v.priority += v.power
            out.chosen = out.highest()
            out.validators[out.chosen].priority -= total
        return out

    def proposer_for_round(self, r: int) -> int:
        return self.proposer_index() if r == 0 else self.rotate(r).proposer_index()


def genesis_set(members) -> ValidatorSet:
    return ValidatorSet([Validator(pk, power) for pk, power in members]).rotate(1)


# --------------------------------------------------------------------------------------------------
# Sections 5-8: headers, commits, evidence, blocks


def encode_header(f: dict) -> bytes:
    return (
        encode_string(f["chain_id"]) + height(f["height"]) + timestamp(f["time"])
        + encode_optional(f["last_block_id"], lambda b: b) + f["last_commit_hash"] + f["data_hash"]
        + f["validators_hash"] + f["next_validators_hash"] + f["app_hash"] + f["last_results_hash"]
        + f["evidence_hash"] + f["proposer_address"]
    )


ABSENT, COMMIT, NIL = 0, 1, 2


def encode_commit(h: int, r: int, block_id: bytes, entries) -> bytes:
    """entries: (flag, signature or None) per validator, in set order."""
    out = height(h) + round_(r) + block_id + encode_varint(len(entries))
    for flag, signature in entries:
        out += bytes([flag]) + (signature if flag != ABSENT else b"")
    return out


def encode_evidence(vote_a: bytes, vote_b: bytes, address: bytes, power: int, total: int, time_ns: int) -> bytes:
    return vote_a + vote_b + address + encode_varint(power) + encode_varint(total) + timestamp(time_ns)


def encode_block(header: bytes, transactions, evidence, last_commit) -> bytes:
    return (
        header + encode_list(transactions, encode_bytes) + encode_list(evidence, lambda e: e)
        + encode_optional(last_commit, lambda c: c)
    )


def evidence_root(evidence) -> bytes:
    return mth([list_leaf_hash(e) for e in evidence])


def read_commit(r: Reader):
    h, rnd, block_id = r.varint(), r.varint(32), r.raw(32)
    entries = []
    for _ in range(r.length(10_000)):
        flag = r.u8()
        if flag == ABSENT:
            entries.append((ABSENT, None))
        elif flag in (COMMIT, NIL):
            entries.append((flag, r.raw(64)))
        else:
            raise DecodeError("unknown tag", f"commit signature flag {flag}")
    return (h, rnd, block_id, entries)


def read_header(r: Reader):
    return (
        r.string(64), r.varint(), r.varint(), r.optional(lambda rr: rr.raw(32)), r.raw(32), r.raw(32), r.raw(32),
        r.raw(32), r.raw(32), r.raw(32), r.raw(32), r.raw(20),
    )


def read_evidence(r: Reader):
    a, b, address = read_signed_vote(r), read_signed_vote(r), r.raw(20)
    power, total = r.varint(), r.varint()
    if power > MAX_TOTAL_VOTING_POWER or total > MAX_TOTAL_VOTING_POWER:
        raise DecodeError("invalid", "evidence power above the maximum total power")
    return (a, b, address, power, total, r.varint())


def read_block(r: Reader):
    header = read_header(r)
    transactions = [r.bytes_(1 << 20) for _ in range(r.length(100_000))]
    evidence = r.list_(1_000, read_evidence)
    return (header, transactions, evidence, r.optional(read_commit))


# --------------------------------------------------------------------------------------------------
# Sections 9-10: messages and journaled inputs


def read_message(r: Reader):
    kind = r.u8()
    if kind == 1:
        return (kind, (read_proposal(r), r.raw(64)), read_block(r))
    if kind == 2:
        return (kind, read_signed_vote(r))
    if kind == 3:
        return (kind, read_evidence(r))
    if kind == 4:
        return (kind, r.varint())
    if kind == 5:
        return (kind, read_block(r), read_commit(r))
    raise DecodeError("unknown tag", f"message kind {kind}")


def read_input(r: Reader):
    kind = r.u8()
    if kind == 1:
        return (kind, (read_proposal(r), r.raw(64)), read_block(r), (r.boolean(), r.boolean()))
    if kind == 2:
        return (kind, read_signed_vote(r))
    if kind == 3:
        h, rnd, step = r.varint(), r.varint(32), r.u8()
        if step not in (1, 2, 3):
            raise DecodeError("unknown tag", f"timeout step {step}")
        return (kind, h, rnd, step)
    if kind in (4, 5):
        return (kind, read_block(r))
    raise DecodeError("unknown tag", f"input kind {kind}")


# --------------------------------------------------------------------------------------------------
# Section 12: the vectors printed on the page

CHAIN_ID = "strata-devnet-1"
GENESIS_TIME = 1_700_000_000_000_000_000

V = {}  # filled from the page's table by load_vectors()


def load_vectors(path: str) -> dict:
    """The values printed in section 12 of docs/l1-consensus.md: table rows `| `name` | `value` |`, and long values
    as a line `**`name`** ...` followed by a fenced block of hex lines (joined)."""
    text = open(path, encoding="utf-8").read()
    lines = [line.strip() for line in text[text.index("## 12. Golden vectors"):].splitlines()]
    values, i = {}, 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 2 and cells[0].startswith("`") and cells[1].startswith("`"):
                values[cells[0].strip("`")] = cells[1].replace("`", "")
        elif line.startswith("**`"):
            name = line.split("`")[1]
            while i < len(lines) and lines[i] != "```":
                i += 1
            i += 1
            value = ""
            while i < len(lines) and lines[i] != "```":
                value += lines[i]
                i += 1
            values[name] = value
    return values


def main() -> int:
    passed, failed = 0, 0

    def equal(name, actual, expected=None):
        nonlocal passed, failed
        if expected is None:
            expected = V.get(name)
        if isinstance(actual, (bytes, bytearray)):
            actual = actual.hex()
        if actual == expected:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}\n  got      {actual}\n  expected {expected}")

    page = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "l1-consensus.md")
    V.update(load_vectors(page))

    # RFC 8032 7.1 TEST 1, and the Ed25519 vector of docs/encoding.md 4.5: this Ed25519 is the standard one.
    test1 = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
    equal("rfc8032 test 1 public key", ed25519_public_key(test1),
          "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
    equal("rfc8032 test 1 signature", ed25519_sign(test1, b""),
          "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
          "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
    encoding_seed = bytes(range(1, 33))
    encoding_digest = signing_digest("strata/l1/vote/v1", CHAIN_ID, bytes([1, 2, 3]))
    equal("encoding.md 4.5 vote signature", ed25519_sign(encoding_seed, encoding_digest),
          "719f2fa3f648f5b567666fa8a902620ee4df3092a92c8ff3047ab68a96fac5ff"
          "70e9ada9a416c2ef67551b0308cdb14d963f7b8a9437f14d7d0d14c59ae0780d")

    # 12.1 Primitives
    equal("height 1", height(1))
    equal("height 300", height(300))
    equal("round 0", round_(0))
    equal("genesis time", timestamp(GENESIS_TIME))

    # 12.2 Validators: seeds 01 x 32 .. 04 x 32 with powers 10, 10, 20, 30.
    seeds = [bytes([i]) * 32 for i in range(1, 5)]
    publics = [ed25519_public_key(s) for s in seeds]
    powers = [10, 10, 20, 30]
    for i, pk in enumerate(publics):
        equal(f"validator {i + 1} public key", pk)
        equal(f"validator {i + 1} address", address_bytes(pk))
    genesis = genesis_set(zip(publics, powers))
    order = [publics.index(v.public_key) + 1 for v in genesis.validators]
    equal("set order", " ".join(str(i) for i in order))
    seed_of = {pk: s for pk, s in zip(publics, seeds)}
    keys = [seed_of[v.public_key] for v in genesis.validators]  # by index in the set
    equal("validator set hash", genesis.hash())
    equal("genesis priorities", " ".join(str(v.priority) for v in genesis.validators))
    equal("proposers of height 1, rounds 0-7", " ".join(str(genesis.proposer_for_round(r)) for r in range(8)))
    next_set = genesis.rotate(1)
    equal("height 2 priorities", " ".join(str(v.priority) for v in next_set.validators))
    equal("proposers of height 2, rounds 0-7", " ".join(str(next_set.proposer_for_round(r)) for r in range(8)))

    # 12.3 Block 1
    app_hash_0 = H(b"genesis")
    header1 = {
        "chain_id": CHAIN_ID, "height": 1, "time": GENESIS_TIME, "last_block_id": None, "last_commit_hash": Z,
        "data_hash": list_root([bytes([1, 2, 3])]), "validators_hash": genesis.hash(),
        "next_validators_hash": next_set.hash(), "app_hash": app_hash_0, "last_results_hash": H(b""),
        "evidence_hash": evidence_root([]),
        "proposer_address": genesis.validators[genesis.proposer_index()].address,
    }
    header1_bytes = encode_header(header1)
    equal("block 1 header", header1_bytes)
    block1_id = H(header1_bytes)
    equal("block 1 id", block1_id)
    block1 = encode_block(header1_bytes, [bytes([1, 2, 3])], [], None)
    equal("block 1", block1)

    # 12.4 Votes
    prevote = encode_vote(PREVOTE, 1, 0, block1_id)
    equal("prevote", prevote)
    digest = vote_sign_bytes(CHAIN_ID, prevote)
    equal("prevote sign bytes", digest)
    signature = ed25519_sign(keys[0], digest)
    equal("prevote signature", signature)
    equal("prevote signature verifies", ed25519_verify(genesis.validators[0].public_key, digest, signature), True)
    signed_prevote = encode_signed_vote(prevote, 0, signature)
    equal("signed prevote", signed_prevote)
    nil_precommit = encode_vote(PRECOMMIT, 1, 1, None)
    equal("nil precommit", nil_precommit)
    equal("nil precommit sign bytes", vote_sign_bytes(CHAIN_ID, nil_precommit))

    # 12.5 Proposals
    proposal = encode_proposal(1, 0, None, block1_id)
    equal("proposal", proposal)
    proposal_digest = proposal_sign_bytes(CHAIN_ID, proposal)
    equal("proposal sign bytes", proposal_digest)
    proposal_signature = ed25519_sign(keys[genesis.proposer_for_round(0)], proposal_digest)
    equal("proposal signature", proposal_signature)
    signed_proposal = proposal + proposal_signature
    equal("signed proposal", signed_proposal)
    reproposal = encode_proposal(1, 2, 1, block1_id)
    equal("re-proposal", reproposal)
    equal("re-proposal sign bytes", proposal_sign_bytes(CHAIN_ID, reproposal))

    # 12.6 Commit of block 1, round 0: validators 0 and 1 commit, 2 votes nil, 3 absent.
    def precommit_signature(index: int, block_id) -> bytes:
        return ed25519_sign(keys[index], vote_sign_bytes(CHAIN_ID, encode_vote(PRECOMMIT, 1, 0, block_id)))

    entries = [(COMMIT, precommit_signature(0, block1_id)), (COMMIT, precommit_signature(1, block1_id)),
               (NIL, precommit_signature(2, None)), (ABSENT, None)]
    commit = encode_commit(1, 0, block1_id, entries)
    equal("commit", commit)
    equal("commit hash", H(commit))
    committed = sum(genesis.validators[i].power for i, (flag, _) in enumerate(entries) if flag == COMMIT)
    equal("commit power is a quorum", committed >= genesis.quorum(), True)

    # 12.7 Evidence: validator 3 prevotes block 1 and nil at height 1, round 0.
    def signed(index: int, vote: bytes) -> bytes:
        return encode_signed_vote(vote, index, ed25519_sign(keys[index], vote_sign_bytes(CHAIN_ID, vote)))

    nil_vote = signed(3, encode_vote(PREVOTE, 1, 0, None))
    block_vote = signed(3, encode_vote(PREVOTE, 1, 0, block1_id))
    evidence = encode_evidence(nil_vote, block_vote, genesis.validators[3].address, genesis.validators[3].power,
                               genesis.total(), GENESIS_TIME)
    equal("evidence", evidence)
    equal("evidence hash", H(evidence))

    # 12.8 Block 2: no transactions, the evidence, the commit of block 1.
    header2 = {
        "chain_id": CHAIN_ID, "height": 2, "time": GENESIS_TIME + 1_000_000_000, "last_block_id": block1_id,
        "last_commit_hash": H(commit), "data_hash": list_root([]), "validators_hash": next_set.hash(),
        "next_validators_hash": next_set.rotate(1).hash(), "app_hash": H(b"app hash after block 1"),
        "last_results_hash": list_root([b"result 1"]), "evidence_hash": evidence_root([evidence]),
        "proposer_address": next_set.validators[next_set.proposer_index()].address,
    }
    header2_bytes = encode_header(header2)
    equal("block 2 header", header2_bytes)
    equal("block 2 id", H(header2_bytes))
    block2 = encode_block(header2_bytes, [], [evidence], commit)
    equal("block 2", block2)

    # 12.9 Messages and 12.10 journaled inputs
    equal("vote message", b"\x02" + signed_prevote)
    equal("commit request message", b"\x04" + height(5))
    equal("timeout input", b"\x03" + height(1) + round_(2) + bytes([2]))
    proposal_input = b"\x01" + signed_proposal + block1 + bytes([1, 0])
    equal("proposal input", proposal_input)

    # Decoding the pinned bytes back, and re-encoding them.
    def decodes(name: str, read):
        try:
            decode_whole(bytes.fromhex(V[name]), read)
            equal(f"{name} decodes", True, True)
        except (DecodeError, KeyError) as e:
            equal(f"{name} decodes", str(e), "decodes")

    for name, read in [
        ("prevote", read_vote), ("nil precommit", read_vote), ("signed prevote", read_signed_vote),
        ("proposal", read_proposal), ("re-proposal", read_proposal), ("block 1 header", read_header),
        ("block 2 header", read_header), ("commit", read_commit), ("evidence", read_evidence),
        ("block 1", read_block), ("block 2", read_block), ("vote message", read_message),
        ("commit request message", read_message), ("timeout input", read_input), ("proposal input", read_input),
    ]:
        decodes(name, read)
    decoded = decode_whole(bytes.fromhex(V["commit"]), read_commit)
    equal("commit round trip", encode_commit(*decoded), V["commit"])

    # 12.11 Refused encodings.
    for name, data, read in [
        ("pol round equal to round", "01 02 01 02" + "ab" * 32, read_proposal),
        ("vote type 3", "03 01 00 00", read_vote),
        ("optional flag 2", "01 01 00 02" + "cd" * 32, read_vote),
        ("non-minimal height", "01 8100 00 00", read_vote),
        ("round above 32 bits", "01 01 8080808010 00", read_vote),
        ("trailing byte", "01 01 00 00 00", read_vote),
        ("commit signature flag 3", "01 00" + "ab" * 32 + "01 03", read_commit),
        ("timeout step 4", "03 01 00 04", read_input),
        ("message kind 6", "06 01", read_message),
    ]:
        try:
            decode_whole(bytes.fromhex(data.replace(" ", "")), read)
            equal(f"refuses {name}", "accepted", "refused")
        except DecodeError:
            equal(f"refuses {name}", "refused", "refused")

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
