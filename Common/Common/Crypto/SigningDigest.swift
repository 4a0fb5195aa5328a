/// The 32-byte digest every Strata signature signs (both BIP-340 account keys and Ed25519 validator/node keys):
///
///     BLAKE2b-256( varint(len(tag)) || tag || varint(len(chainID)) || chainID || message )
///
/// `tag` and `chainID` are UTF-8 and prefixed by their byte length as an unsigned LEB128 varint (the canonical
/// string encoding, ``ByteWriter/writeString(_:)``); `message` is the canonical encoding of the signed value, with
/// no prefix. The prefixes make the split unambiguous, so a signature for one domain or chain never verifies for
/// another.
public func signingDigest(domain: SigningDomain, chainID: String, message: some Sequence<UInt8>) -> Hash {
    var prefix = ByteWriter(capacity: domain.tag.utf8.count + chainID.utf8.count + 4)
    prefix.writeString(domain.tag)
    prefix.writeString(chainID)
    var hasher = Blake2b()
    hasher.update(prefix.bytes)
    hasher.update(message)
    return hasher.finalize()
}
