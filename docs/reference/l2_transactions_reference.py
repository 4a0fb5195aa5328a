#!/usr/bin/env python3
"""An independent derivation of the golden vectors of docs/l2-transactions.md (section 12).

Also derives the block attestation vector of docs/l2-api.md ("Trusting the root").

Written from docs/l2-transactions.md and docs/encoding.md alone, with the standard library only; the genesis
root (12.3) reuses the sparse Merkle root of strata_reference.py, the reference of encoding.md.
Prints "N passed, 0 failed" and exits with status 1 on any failure.
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from strata_reference import smt_root, state_path  # noqa: E402


def H(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def varint(n: int) -> bytes:
    out = b""
    while n >= 0x80:
        out += bytes([(n & 0x7F) | 0x80])
        n >>= 7
    return out + bytes([n])


def string(text: str) -> bytes:
    raw = text.encode()
    return varint(len(raw)) + raw


def blob(raw: bytes) -> bytes:
    return varint(len(raw)) + raw


CHAIN = "strata-l2-devnet-1"
KEY = bytes.fromhex("84bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0")
ADDRESS = H(KEY)[:20]


def digest(body: bytes) -> bytes:
    return H(string("strata/l2/tx/v1") + string(CHAIN) + body)


def main() -> int:
    checks = []

    def check(name, got, expected):
        checks.append((name, got == expected))
        if got != expected:
            print(f"FAIL {name}: {got} != {expected}")

    check("address", ADDRESS.hex(), "3a23f2d49f32896371ca9c7cce8ae175a9880d3b")

    # 12.1 A transfer by key: sender 00 || key, nonce 0, fee 250, kind 1.
    transfer = bytes([0x11] * 20) + varint(1_000_000)
    body = string(CHAIN) + b"\x00" + KEY + varint(0) + varint(250) + bytes([1]) + blob(transfer)
    check("transfer payload", transfer.hex(), "1111111111111111111111111111111111111111c0843d")
    check(
        "transfer body",
        body.hex(),
        "127374726174612d6c322d6465766e65742d310084bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0"
        "00fa0101171111111111111111111111111111111111111111c0843d",
    )
    check("transfer digest", digest(body).hex(), "54bd15640a060c5d427bf5b9ead5f4f62ad2a913b3e7e82a535d5850d5ec3bbe")
    check("transfer id", H(body).hex(), "d2ca807c42957b75f8f82260f111284d7ed7b702b79231b749f8a6a6dc426cf4")

    # 12.2 A request for execution by index 7, nonce 3, fee 1000, kind 13.
    h = lambda b: bytes([b] * 32)  # noqa: E731
    request = h(1) + h(2) + varint(2) + h(3) + h(4) + h(5) + varint(5000) + varint(1_767_225_660_000)
    body = string(CHAIN) + b"\x01" + varint(7) + varint(3) + varint(1000) + bytes([13]) + blob(request)
    expected_body = (
        "127374726174612d6c322d6465766e65742d31010703e8070da901"
        + "01" * 32 + "02" * 32 + "02" + "03" * 32 + "04" * 32 + "05" * 32 + "8827e0a4eeb6b733"
    )
    check("request body", body.hex(), expected_body)
    check("request digest", digest(body).hex(), "d2b6c7de14837b2b03a01f6ba7c52557ad8e245567494a2eae6f46f34911002c")
    check("request id", H(body).hex(), "9e68ef7ccfcd259077a5f9f9408a82126ba42365285d46723a93024966ba5b2f")

    # The order it creates: its id is derived from the transaction's id (section 4).
    execution = H(string("strata/l2/execution") + H(body))
    check("execution id", execution.hex(), "48f5bf6ecb04d60625de94472e97ffcd71891dd6ba901f606cb72e47abb2f194")
    grant_path = H(string("l2/grant") + h(2) + h(3) + execution)
    check("grant path", grant_path.hex(), "218b5879e9d564624b2ba332f8e5006002c2258a875e8b226333e7cc9ca22666")

    # 12.3 A genesis: minimum fee 10, 2 per 1,000 fuel, the key's account (index 0) with 1,000,000.
    config = string(CHAIN) + varint(10) + varint(2)
    check("genesis config", config.hex(), "127374726174612d6c322d6465766e65742d310a02")
    config_path = state_path("l2/meta", b"runtime-config")
    check("genesis config path", config_path.hex(), "4f9f110b7d4b8b0a84d21ffba734e5d7ac3d96875970b4bb33d2a29f32ad4749")
    account = b"\x01" + KEY + varint(0) + varint(0) + varint(1_000_000)
    check("genesis account", account.hex(), "0184bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b00000c0843d")
    genesis = {
        config_path: config,
        state_path("l2/account", ADDRESS): account,
        state_path("l2/account-index", varint(0)): ADDRESS,
        state_path("l2/meta", b"next-account-index"): varint(1),
    }
    check("genesis root", smt_root(genesis).hex(), "1454ca784b12b172479e3505c4a28f816012f597f5a6d9b83d228ba50ea1fba2")

    # docs/l2-api.md "Trusting the root": block 300 sealed at 1,700,000,000,000 ms, hash all 0x11, root all 0x22,
    # the latest committed block at 1,700,000,004,500 ms.
    attestation = varint(300) + varint(1_700_000_000_000) + b"\x11" * 32 + b"\x22" * 32 + varint(1_700_000_004_500)
    check("attestation message", attestation.hex(), "ac0280d095ffbc31" + "11" * 32 + "22" * 32 + "94f395ffbc31")
    attestation_digest = H(string("strata/l2/block/v1") + string("strata-l2-devnet-1") + attestation)
    check("attestation digest", attestation_digest.hex(), "4d024a79e9885d5b72f9ee1ca780e9fbc7dd5c207889cc65739ed84616806829")

    failed = sum(1 for _, ok in checks if not ok)
    print(f"{len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
