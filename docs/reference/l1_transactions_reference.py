#!/usr/bin/env python3
"""An independent implementation of docs/l1-transactions.md, written from that page and docs/encoding.md.

It re-derives every golden vector of docs/l1-transactions.md: the transaction encoding, the signing digest,
the BIP-340 signature with aux_rand = 32 zero bytes (signed here with BIP-340's reference algorithm, not
libsecp256k1), the transaction hash, the state paths and records, and the genesis app hash. It also decodes
the pinned transaction with the page's rejection rules. Python 3.9+, standard library only; it reuses the
codec, hashing, bech32 and sparse Merkle root of strata_reference.py.

    python3 docs/reference/l1_transactions_reference.py   # prints "N passed, 0 failed"; exit status 1 on failure
"""

import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strata_reference import (  # noqa: E402
    H,
    address_bytes,
    bech32_encode,
    encode_string,
    lift_x,
    n32,
    pubkey_gen,
    schnorr_sign,
    schnorr_verify,
    signing_digest,
    smt_root,
    state_path,
)

# --------------------------------------------------------------------------------------------------
# The transaction (docs/l1-transactions.md, "Encoding")

MAX_TX_BYTES = 8192
MAX_MESSAGES = 32
MAX_CHAIN_ID_BYTES = 50
SEND_TAG = 1


def varint(n: int, bits: int = 64) -> bytes:
    assert 0 <= n < 1 << bits
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def encode_body(tx: dict) -> bytes:
    out = encode_string(tx["chain_id"]) + tx["signer"] + varint(tx["nonce"]) + varint(tx["fee"], 128)
    out += varint(len(tx["messages"]))
    for to, amount in tx["messages"]:
        out += varint(SEND_TAG) + to + varint(amount, 128)
    return out


class Rejected(Exception):
    pass


class Reader:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def raw(self, count: int) -> bytes:
        if count > len(self.data) - self.pos:
            raise Rejected("truncated")
        self.pos += count
        return self.data[self.pos - count : self.pos]

    def varint(self, bits: int = 64) -> int:
        value, shift, start = 0, 0, self.pos
        while True:
            (byte,) = self.raw(1)
            value |= (byte & 0x7F) << shift
            if value >> bits:
                raise Rejected("varint overflow")
            if byte & 0x80 == 0:
                if byte == 0 and self.pos - start > 1:
                    raise Rejected("non-minimal varint")
                return value
            shift += 7
            if shift >= bits:
                raise Rejected("varint overflow")

    def length(self, cap: int) -> int:
        n = self.varint()
        if n > cap:
            raise Rejected("length over cap")
        return n


def decode_signed(data: bytes) -> dict:
    if len(data) > MAX_TX_BYTES:
        raise Rejected("transaction too large")
    r = Reader(data)
    chain_id = r.raw(r.length(MAX_CHAIN_ID_BYTES)).decode("utf-8")
    signer = r.raw(32)
    if lift_x(n32(signer)) is None:
        raise Rejected("signer not on the curve")
    nonce = r.varint()
    fee = r.varint(128)
    messages = []
    for _ in range(r.length(MAX_MESSAGES)):
        if r.varint() != SEND_TAG:
            raise Rejected("unknown message tag")
        messages.append((r.raw(20), r.varint(128)))
    signature = r.raw(64)
    if r.pos != len(data):
        raise Rejected("trailing bytes")
    return {"chain_id": chain_id, "signer": signer, "nonce": nonce, "fee": fee, "messages": messages,
            "signature": signature}


# --------------------------------------------------------------------------------------------------
# The vectors printed on the page


V = {
    "recipient_address": "strata18k3qnjqe9922nghsfl5jfwt09gryr4t26dvnn9",
    "recipient_bytes": "3da209c8192954a9a2f04fe924b96f2a0641d56a",
    "body": "0f7374726174612d6465766e65742d3184bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0"
    "07fa0102013da209c8192954a9a2f04fe924b96f2a0641d56ac0843d013da209c8192954a9a2f04fe924b96f2a0641d56a01",
    "digest": "21e5c04e21ca5f9d0ba823185345b395797569654ea1dda4f8c392bf628c1b6f",
    "signature": "737128d2bca7e45c7ba9873a389f179e04cc5e421341fbf6da2681065114338e"
    "ffcbb3f853fd454f18f9a70287768d8d9487923fd91a73c1f8260e0ee4a88a61",
    "tx_hash": "2aaf010d51c59e3afe798544ef9fed117f87a3bbbb9db49eb0f361ffd5c44da4",
    "fee_collector": "strata197y784ngpmq5xlcnz464emnnj7srvp5cacm8aq",
    "fee_collector_bytes": "2f89e3d6680ec1437f1315755cee7397a0360698",
    "account_path": "a347b0b132f2f49799376e7c4da1cb5e2e69ad9a897f05727224ffd2e9dd3767",
    "account_value": "9d8aebdc0308",
    "params_path": "922435eefad0c829bc173a083e9ba071eb60d38bbf3bd4a436a9f7b999ccb81f",
    "params_value": "0775737472617461fa01",
    "chain_path": "fab4e259488043ebe5f97e86c064f20b51777b23d25aa7f4c4982bc6839053d5",
    "chain_value": "0f7374726174612d6465766e65742d310100002a36fe9c9717",
    "genesis_account_value": "8094ebdc0300",
    "genesis_app_hash": "145ee439a0278fe9cadadb2f343a7b2c840c11e6ab632ae8de8812f1b9e17380",
}


def main() -> int:
    passed, failed = 0, 0

    def equal(name, actual, expected):
        nonlocal passed, failed
        if actual == expected:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}\n  got      {actual}\n  expected {expected}")

    signer_secret = bytes(range(0x01, 0x21))
    recipient_secret = bytes(range(0x21, 0x41))
    signer = pubkey_gen(signer_secret)
    recipient = address_bytes(pubkey_gen(recipient_secret))
    equal("recipient address", bech32_encode("strata", recipient), V["recipient_address"])
    equal("recipient bytes", recipient.hex(), V["recipient_bytes"])

    tx = {"chain_id": "strata-devnet-1", "signer": signer, "nonce": 7, "fee": 250,
          "messages": [(recipient, 1_000_000), (recipient, 1)]}
    body = encode_body(tx)
    equal("body", body.hex(), V["body"])
    digest = signing_digest("strata/l1/tx/v1", tx["chain_id"], body)
    equal("signing digest", digest.hex(), V["digest"])
    signature = schnorr_sign(digest, signer_secret, bytes(32))
    equal("signature", signature.hex(), V["signature"])
    equal("signature verifies", schnorr_verify(digest, signer, signature), True)
    signed = body + signature
    equal("tx hash", H(signed).hex(), V["tx_hash"])

    decoded = decode_signed(bytes.fromhex(V["body"] + V["signature"]))
    equal("decoded", {k: v for k, v in decoded.items() if k != "signature"}, tx)
    for name, data, reason in [
        ("trailing byte", signed + b"\x00", "trailing bytes"),
        ("truncated", signed[:-1], "truncated"),
        ("non-minimal nonce", signed[:48] + b"\x87\x00" + signed[49:], "non-minimal varint"),
        ("unknown tag", signed[:52] + b"\x02" + signed[53:], "unknown message tag"),
    ]:
        try:
            decode_signed(data)
            equal(name, "accepted", reason)
        except Rejected as e:
            equal(name, str(e), reason)

    collector = H(b"strata/module/fee_collector")[:20]
    equal("fee collector", bech32_encode("strata", collector), V["fee_collector"])
    equal("fee collector bytes", collector.hex(), V["fee_collector_bytes"])
    signer_address = address_bytes(signer)
    equal("account path", state_path("bank/account", signer_address).hex(), V["account_path"])
    equal("account value", (varint(999_998_749, 128) + varint(8)).hex(), V["account_value"])
    equal("params path", state_path("bank/params", b"").hex(), V["params_path"])
    params = encode_string("ustrata") + varint(250, 128)
    equal("params value", params.hex(), V["params_value"])
    equal("chain path", state_path("app/chain", b"").hex(), V["chain_path"])
    chain = encode_string("strata-devnet-1") + varint(1) + struct.pack("<q", 1_700_000_000_000_000_000)
    equal("chain value", chain.hex(), V["chain_value"])
    account = varint(1_000_000_000, 128) + varint(0)
    equal("genesis account value", account.hex(), V["genesis_account_value"])
    genesis = {
        state_path("app/chain", b""): chain,
        state_path("bank/params", b""): params,
        state_path("bank/account", signer_address): account,
    }
    equal("genesis app hash", smt_root(genesis).hex(), V["genesis_app_hash"])

    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
