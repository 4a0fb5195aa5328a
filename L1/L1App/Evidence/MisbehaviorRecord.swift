import Common

/// Committed evidence of misbehavior as the state keeps it, until the slashing module acts on it.
///
/// Stored under ``stateKey(validator:height:kind:)`` in its canonical encoding,
/// `misbehavior || varint(recordedAt)`.
public struct MisbehaviorRecord: Hashable, Sendable {
    /// The evidence.
    public var misbehavior: Misbehavior
    /// The height of the block that committed it.
    public var recordedAt: UInt64

    /// Creates a record.
    public init(misbehavior: Misbehavior, recordedAt: UInt64) {
        self.misbehavior = misbehavior
        self.recordedAt = recordedAt
    }

    /// The state namespace of misbehavior records: `evidence/misbehavior`.
    public static let namespace = "evidence/misbehavior"

    /// The state key of the record of `validator`'s misbehavior of `kind` at `height`: the 32 key bytes, the
    /// height as 8 bytes big-endian, the kind's byte.
    public static func stateKey(validator: Ed25519PublicKey, height: UInt64, kind: MisbehaviorKind) -> StateKey {
        var key = validator.bytes
        withUnsafeBytes(of: height.bigEndian) { key.append(contentsOf: $0) }
        key.append(kind.rawValue)
        return StateKey(namespace: namespace, key: key)
    }

    /// Records `misbehavior` as committed at `height`, unless the same validator's misbehavior of that kind and
    /// height is already recorded. Returns the block event, or `nil` if it was a repeat.
    static func record(_ misbehavior: Misbehavior, at height: UInt64, in store: inout some StateStore)
        throws(ExecutionError) -> Event?
    {
        let key = stateKey(validator: misbehavior.validator, height: misbehavior.height, kind: misbehavior.kind)
        if try store.record(MisbehaviorRecord.self, at: key) != nil { return nil }
        try store.setRecord(MisbehaviorRecord(misbehavior: misbehavior, recordedAt: height), at: key)
        return Event(
            type: "misbehavior",
            attributes: [
                EventAttribute(key: "kind", value: misbehavior.kind.description),
                EventAttribute(key: "validator", value: misbehavior.validator.description),
                EventAttribute(key: "height", value: String(misbehavior.height)),
                EventAttribute(key: "power", value: String(misbehavior.power)),
            ])
    }
}

extension MisbehaviorRecord: CanonicalCodable {
    /// `misbehavior || varint(recordedAt)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(misbehavior)
        writer.writeVarint(recordedAt)
    }

    /// Reads the evidence then the recording height.
    public init(from reader: inout ByteReader) throws(CodecError) {
        misbehavior = try reader.read(Misbehavior.self)
        recordedAt = try reader.readVarint(UInt64.self, "recorded at")
    }
}
