import Common

/// How the runtime derives the id of what a transaction creates, so that a client can compute it before it
/// submits the transaction: `BLAKE2b-256(string(tag) || tx hash)`, where `tag` is the record's tag (``zone``,
/// ``resource``, ...) and the hash is the creating transaction's (``Transaction/hash``).
public enum RecordID {
    /// The tag of zone ids.
    public static let zone = "strata/l2/zone"
    /// The tag of resource ids.
    public static let resource = "strata/l2/resource"
    /// The tag of credential ids.
    public static let credential = "strata/l2/credential"
    /// The tag of execution order ids.
    public static let execution = "strata/l2/execution"

    /// The id of the record with `tag` created by the transaction whose hash (``Transaction/hash``, the hash of
    /// its body) is `transaction`: `H(string(tag) || transaction)`. A client knows it before it submits, and a
    /// batch, which restores every body exactly, can derive it without state.
    public static func derive(_ tag: String, transaction: Hash) -> Hash {
        var writer = ByteWriter(capacity: tag.utf8.count + 33)
        writer.writeString(tag)
        writer.write(transaction)
        return Hash.blake2b(writer.bytes)
    }
}
