import Common

/// What the state remembers of the genesis request: the chain id (to check transactions against after a
/// restart), the initial height and the genesis time.
///
/// Stored under namespace `app/chain`, empty key: `string(chainID) || varint(initialHeight) || genesisTime`.
struct ChainRecord: Hashable, Sendable {
    /// The chain id.
    var chainID: String
    /// The height of the first block (at least 1).
    var initialHeight: UInt64
    /// The genesis time.
    var genesisTime: Timestamp

    /// The state key of the record.
    static let stateKey = StateKey(namespace: "app/chain", key: [])

    /// The state version holding the genesis state: one below the first block.
    var genesisVersion: UInt64 { initialHeight - 1 }

    /// Whether `chainID` is 1 to 50 bytes of `A-Z a-z 0-9 . _ -`.
    static func isValidChainID(_ chainID: String) -> Bool {
        let utf8 = Array(chainID.utf8)
        guard (1...TransactionLimits.maxChainIDBytes).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}

extension ChainRecord: CanonicalCodable {
    func encode(to writer: inout ByteWriter) {
        writer.writeString(chainID)
        writer.writeVarint(initialHeight)
        writer.write(genesisTime)
    }

    init(from reader: inout ByteReader) throws(CodecError) {
        chainID = try reader.readString(cap: TransactionLimits.maxChainIDBytes, "chain id")
        initialHeight = try reader.readVarint(UInt64.self, "initial height")
        genesisTime = try reader.read(Timestamp.self)
    }
}
