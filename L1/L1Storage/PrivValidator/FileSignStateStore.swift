import Common

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The last sign state in a JSON file, shaped like CometBFT's `priv_validator_state.json`:
///
/// ```json
/// {
///   "height" : "12",
///   "round" : 0,
///   "sign_bytes" : "0a1b...",
///   "signature" : "9f3c...",
///   "step" : 2
/// }
/// ```
///
/// `height` is a decimal string (JSON numbers lose precision above 2^53), `step` is the ``SignStep`` raw value,
/// `sign_bytes` and `signature` are lower-case hex (either case is read). A validator that has never signed has
/// height `"0"`, round 0, step 0 and empty hex strings; ``createNeverSigned()`` writes that file.
///
/// Every save is atomic (temporary file, `fsync`, `rename`, directory `fsync`) with mode `0600`. A missing file is
/// ``SignStateStoreError/missing(path:)`` and a damaged one ``SignStateStoreError/corrupt(path:reason:)``: neither
/// is ever treated as "never signed".
public struct FileSignStateStore: SignStateStore, Sendable {
    /// The path of the state file.
    public let path: String

    /// The largest state file read: sign bytes are a vote or a proposal, far below this.
    public static let maxFileSize = 1 << 20

    /// A store for the state file at `path` (nothing is read or written yet).
    public init(path: String) {
        self.path = path
    }

    /// Reads the state file.
    ///
    /// - Returns: `nil` if the file records that this validator has never signed.
    /// - Throws: ``SignStateStoreError/missing(path:)``, ``SignStateStoreError/corrupt(path:reason:)`` or
    ///   ``SignStateStoreError/io(_:)``.
    public func load() throws(SignStateStoreError) -> LastSignState? {
        let read: BoundedFileRead
        do throws(BoundedFileRead.Failure) {
            read = try BoundedFileRead(path: path, limit: Self.maxFileSize)
        } catch {
            switch error {
            case .io(let io) where io.isNotFound: throw .missing(path: path)
            case .io(let io): throw .io(io)
            case .tooLarge(let size, let limit):
                throw .corrupt(path: path, reason: "\(size) bytes, above the \(limit)-byte limit of a state file")
            }
        }
        return try Self.decode(read.bytes, path: path)
    }

    /// Writes `state` atomically, replacing the file.
    public func save(_ state: LastSignState) throws(SignStateStoreError) {
        try write(Self.encode(state), existing: .replace)
    }

    /// Creates the state file of a validator that has never signed. Refuses with
    /// ``SignStateStoreError/alreadyExists(path:)`` if a state file is already there, so an existing record of
    /// signatures is never wiped.
    public func createNeverSigned() throws(SignStateStoreError) {
        try write(Self.encode(nil), existing: .keep)
    }

    private func write(_ bytes: [UInt8], existing: AtomicFile.ExistingFile) throws(SignStateStoreError) {
        do throws(StorageIOError) {
            try AtomicFile.write(bytes, to: path, mode: 0o600, existing: existing)
        } catch {
            if existing == .keep, error.isAlreadyExists { throw .alreadyExists(path: path) }
            throw .io(error)
        }
    }

    /// The file's fields, as JSON.
    private struct Fields: Codable {
        var height: String
        var round: UInt32
        var step: UInt8
        var signBytes: String
        var signature: String

        enum CodingKeys: String, CodingKey {
            case height, round, step, signature
            case signBytes = "sign_bytes"
        }
    }

    /// The JSON text of `state` (`nil`: never signed), keys sorted, with a final newline.
    static func encode(_ state: LastSignState?) -> [UInt8] {
        let fields =
            state.map {
                Fields(
                    height: String($0.height), round: $0.round, step: $0.step.rawValue,
                    signBytes: Hex.encode($0.signBytes), signature: Hex.encode($0.signature.bytes))
            } ?? Fields(height: "0", round: 0, step: 0, signBytes: "", signature: "")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Encoding a struct of strings and integers cannot fail.
        let data = (try? encoder.encode(fields)) ?? Data()
        return Array(data) + [UInt8(ascii: "\n")]
    }

    /// Parses the JSON text of a state file.
    static func decode(_ bytes: [UInt8], path: String) throws(SignStateStoreError) -> LastSignState? {
        func corrupt(_ reason: String) -> SignStateStoreError { .corrupt(path: path, reason: reason) }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch {
            throw corrupt("not a valid state document: \(error)")
        }
        guard let height = UInt64(fields.height), String(height) == fields.height else {
            throw corrupt("height \"\(fields.height)\" is not a canonical decimal number")
        }
        guard let signBytes = Hex.decode(fields.signBytes) else { throw corrupt("sign_bytes is not hexadecimal") }
        guard let signatureBytes = Hex.decode(fields.signature) else {
            throw corrupt("signature is not hexadecimal")
        }
        if height == 0 {
            guard fields.round == 0, fields.step == 0, signBytes.isEmpty, signatureBytes.isEmpty else {
                throw corrupt("height 0 (never signed) with a round, step, sign bytes or signature")
            }
            return nil
        }
        guard let step = SignStep(rawValue: fields.step) else {
            throw corrupt("step \(fields.step) is not 1 (proposal), 2 (prevote) or 3 (precommit)")
        }
        let signature: Ed25519Signature
        do throws(CryptoKeyError) {
            signature = try Ed25519Signature(bytes: signatureBytes)
        } catch {
            throw corrupt("\(error)")
        }
        return LastSignState(
            height: height, round: fields.round, step: step, signBytes: signBytes, signature: signature)
    }
}
