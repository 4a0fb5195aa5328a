import Common

/// A batch as it is posted: `version (1) || optional<hash> dictionary || zstd frame`, and its data hash.
///
/// The dictionary, when there is one, is named by the BLAKE2b-256 hash of its bytes (as L1 registers it); the
/// frame's header carries the dictionary's 32-bit id as well, which the decompressor checks.
public struct EncodedBatch: Hashable, Sendable {
    /// The batch bytes.
    public let data: [UInt8]
    /// The format version (the first byte).
    public let version: UInt8
    /// The hash of the dictionary the frame was compressed with, or `nil`.
    public let dictionaryHash: Hash?
    /// Where the zstd frame starts in ``data``.
    public let frameOffset: Int

    /// Parses the envelope of `data` (not the frame): the version must be ``BatchFormat/version``, the
    /// dictionary flag 0 or 1, and a frame must follow.
    public init(data: [UInt8], limits: BatchLimits = .standard) throws(BatchDecodingError) {
        guard !data.isEmpty else { throw .emptyInput }
        guard data.count <= limits.maxDataBytes else {
            throw .dataOverCap(bytes: data.count, cap: limits.maxDataBytes)
        }
        guard data[0] == BatchFormat.version else { throw .unsupportedVersion(data[0]) }
        var reader = ByteReader(data)
        _ = try? reader.readUInt8()
        do {
            dictionaryHash = try reader.readOptional(Hash.self)
        } catch {
            throw .envelope(error)
        }
        guard !reader.isAtEnd else { throw .envelope(.truncated(what: "zstd frame", offset: reader.offset, needed: 1)) }
        self.data = data
        self.version = data[0]
        self.frameOffset = reader.offset
    }

    /// The zstd frame: what the stock `zstd -d` reads.
    public var frame: ArraySlice<UInt8> { data[frameOffset...] }

    /// BLAKE2b-256 of ``data``: what the commitment's `dataHash` holds.
    public var dataHash: Hash { Hash.blake2b(data) }

    /// The number of bytes of batch data (what posting the batch costs).
    public var byteCount: Int { data.count }
}
