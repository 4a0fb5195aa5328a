import Common

/// How the runtime derives the id of what a transaction creates, so that a client can compute it before it
/// submits the transaction: `BLAKE2b-256(string(tag) || sender address (20) || varint(nonce))`, where `tag` is
/// the record's tag (``zone``, ``resource``, ...) and `nonce` the creating transaction's nonce.
public enum RecordID {
    /// The tag of zone ids.
    public static let zone = "strata/l2/zone"
    /// The tag of resource ids.
    public static let resource = "strata/l2/resource"
    /// The tag of credential ids.
    public static let credential = "strata/l2/credential"
    /// The tag of execution order ids.
    public static let execution = "strata/l2/execution"

    /// The id of the record with `tag` created by `sender`'s transaction with `nonce`.
    public static func derive(_ tag: String, sender: Address, nonce: UInt64) -> Hash {
        var writer = ByteWriter(capacity: tag.utf8.count + 32)
        writer.writeString(tag)
        writer.write(sender)
        writer.writeVarint(nonce)
        return Hash.blake2b(writer.bytes)
    }
}
