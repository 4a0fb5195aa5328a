#!/usr/bin/env python3
"""An independent implementation of the handshake and frames of docs/p2p.md, written from that page.

It recomputes the worked handshake in docs/reference/p2p-vectors.json from its inputs and checks every value.
Hashing (BLAKE2b-256, keyed BLAKE2b-512), the canonical encodings, the key schedule, the transcript, nonces and
framing are written here from the page with the standard library; the three primitives the page names by their
standard (X25519, Ed25519, XChaCha20-Poly1305-IETF) are called from the system libsodium through ctypes.

    python3 docs/reference/p2p_reference.py     # prints "N passed, M failed"; exit status 1 on failure
"""

import ctypes
import ctypes.util
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# --------------------------------------------------------------------------------------------------
# The three primitives, from libsodium.

_name = ctypes.util.find_library("sodium") or "libsodium.so.23"
sodium = ctypes.CDLL(_name)
if sodium.sodium_init() < 0:
    raise SystemExit("libsodium failed to initialise")


def x25519_public(secret: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    sodium.crypto_scalarmult_base(out, secret)
    return out.raw


def x25519(secret: bytes, public: bytes) -> bytes:
    out = ctypes.create_string_buffer(32)
    if sodium.crypto_scalarmult(out, secret, public) != 0:
        raise ValueError("low-order public key")
    return out.raw


def ed25519_public_and_sign(seed: bytes, message: bytes):
    pk = ctypes.create_string_buffer(32)
    sk = ctypes.create_string_buffer(64)
    sodium.crypto_sign_seed_keypair(pk, sk, seed)
    sig = ctypes.create_string_buffer(64)
    sodium.crypto_sign_detached(sig, None, message, ctypes.c_ulonglong(len(message)), sk)
    return pk.raw, sig.raw


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    return sodium.crypto_sign_verify_detached(signature, message, ctypes.c_ulonglong(len(message)), public) == 0


def xchacha_seal(key: bytes, nonce: bytes, plaintext: bytes) -> bytes:
    out = ctypes.create_string_buffer(len(plaintext) + 16)
    out_len = ctypes.c_ulonglong(0)
    sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        out, ctypes.byref(out_len), plaintext, ctypes.c_ulonglong(len(plaintext)), None, ctypes.c_ulonglong(0),
        None, nonce, key)
    return out.raw[: out_len.value]


def xchacha_open(key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    out = ctypes.create_string_buffer(max(len(ciphertext) - 16, 1))
    out_len = ctypes.c_ulonglong(0)
    status = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        out, ctypes.byref(out_len), None, ciphertext, ctypes.c_ulonglong(len(ciphertext)), None,
        ctypes.c_ulonglong(0), nonce, key)
    if status != 0:
        raise ValueError("authentication failed")
    return out.raw[: out_len.value]


# --------------------------------------------------------------------------------------------------
# The page: encodings, key schedule, transcript, frames.


def varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def string(s: str) -> bytes:
    raw = s.encode()
    return varint(len(raw)) + raw


def blake2b_256(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=32).digest()


def node_id(public_key: bytes) -> bytes:
    return blake2b_256(public_key)[:20]


def signing_digest(network: str, message: bytes) -> bytes:
    return blake2b_256(string("strata/p2p/handshake/v1") + string(network) + message)


def session(shared: bytes, local: bytes, remote: bytes):
    """Returns (send key, receive key, transcript) for the side whose ephemeral key is `local`."""
    if local == remote:
        raise ValueError("reflected ephemeral key")
    low, high = sorted([local, remote])
    okm = hashlib.blake2b(b"strata/p2p/session/v1" + low + high, key=shared, digest_size=64).digest()
    low_to_high, high_to_low = okm[:32], okm[32:]
    transcript = blake2b_256(low + high)
    if local == low:
        return low_to_high, high_to_low, transcript
    return high_to_low, low_to_high, transcript


def nonce(counter: int) -> bytes:
    return counter.to_bytes(8, "little") + bytes(16)


def frame(key: bytes, counter: int, plaintext: bytes) -> bytes:
    ciphertext = xchacha_seal(key, nonce(counter), plaintext)
    return len(ciphertext).to_bytes(4, "big") + ciphertext


def node_info(node: bytes, network: str, version, listen: str, moniker: str) -> bytes:
    major, minor = version
    return (node + string(network) + major.to_bytes(2, "little") + minor.to_bytes(2, "little") + string(listen)
            + string(moniker))


# --------------------------------------------------------------------------------------------------
# The check.


def main() -> int:
    with open(os.path.join(HERE, "p2p-vectors.json")) as f:
        v = json.load(f)
    i = v["inputs"]
    network = i["network"]
    passed = failed = 0

    def check(name, value: bytes):
        nonlocal passed, failed
        if value.hex() == v[name]:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: computed {value.hex()}, expected {v[name]}")

    h = bytes.fromhex
    eph_a, eph_b = x25519_public(h(i["ephemeral_secret_a"])), x25519_public(h(i["ephemeral_secret_b"]))
    check("ephemeral_public_a", eph_a)
    check("ephemeral_public_b", eph_b)
    shared = x25519(h(i["ephemeral_secret_a"]), eph_b)
    if x25519(h(i["ephemeral_secret_b"]), eph_a) != shared:
        failed += 1
        print("FAIL the two sides' X25519 secrets differ")
    check("shared_secret", shared)

    send_a, recv_a, transcript = session(shared, eph_a, eph_b)
    send_b, recv_b, transcript_b = session(shared, eph_b, eph_a)
    if (send_b, recv_b, transcript_b) != (recv_a, send_a, transcript):
        failed += 1
        print("FAIL the two sides' session keys do not mirror")
    check("key_a_to_b", send_a)
    check("key_b_to_a", recv_a)
    check("transcript", transcript)
    digest = signing_digest(network, transcript)
    check("signing_digest", digest)

    pk_a, sig_a = ed25519_public_and_sign(h(i["node_seed_a"]), digest)
    pk_b, sig_b = ed25519_public_and_sign(h(i["node_seed_b"]), digest)
    check("node_public_key_a", pk_a)
    check("node_public_key_b", pk_b)
    check("node_id_a", node_id(pk_a))
    check("node_id_b", node_id(pk_b))
    auth_a = pk_a + sig_a + string(network)
    check("auth_message_a", auth_a)
    check("auth_frame_a", frame(send_a, 0, auth_a))
    check("auth_frame_b", frame(send_b, 0, pk_b + sig_b + string(network)))

    # B's view of A's auth frame: decrypt, split, verify.
    opened = xchacha_open(recv_b, nonce(0), h(v["auth_frame_a"])[4:])
    if not (opened[:32] == pk_a and ed25519_verify(opened[:32], signing_digest(network, transcript_b), opened[32:96])):
        failed += 1
        print("FAIL B cannot verify A's auth message")

    a = i["node_info_a"]
    info_a = node_info(node_id(pk_a), network, a["version"], a["listen_address"], a["moniker"])
    check("node_info_encoding_a", info_a)
    check("node_info_frame_a", frame(send_a, 1, info_a))
    m = i["message_a_to_b"]
    check("message_frame_a", frame(send_a, 2, bytes([m["channel"]]) + h(m["payload"])))

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
