import Common
import Foundation
import L1App
import L1Consensus

/// The genesis file (`config/genesis.json`): what every validator of a chain starts from. CometBFT's shape where
/// it fits; numbers that may exceed 2^53 are strings.
///
/// ```json
/// {
///   "chain_id": "strata-devnet-1",
///   "genesis_time": "2026-11-21T10:00:00Z",
///   "initial_height": "1",
///   "validators": [ { "name": "val0", "pub_key": "<64 hex>", "power": "10" } ],
///   "app_state": { "bank": { … } }
/// }
/// ```
public struct GenesisDocument: Codable, Hashable, Sendable {
    /// One genesis validator.
    public struct GenesisValidator: Codable, Hashable, Sendable {
        /// A human name (moniker).
        public var name: String
        /// The Ed25519 consensus key, 64 hex characters.
        public var publicKey: String
        /// The voting power, as a decimal string.
        public var power: String

        /// A genesis validator.
        public init(name: String, publicKey: Ed25519PublicKey, power: Int64) {
            self.name = name
            self.publicKey = Hex.encode(publicKey.bytes)
            self.power = String(power)
        }

        enum CodingKeys: String, CodingKey {
            case name
            case publicKey = "pub_key"
            case power
        }
    }

    /// The chain id.
    public var chainID: String
    /// The genesis time, RFC 3339 UTC.
    public var genesisTime: String
    /// The first height, as a decimal string.
    public var initialHeight: String
    /// The genesis validators.
    public var validators: [GenesisValidator]
    /// The application's genesis.
    public var appState: AppGenesis

    enum CodingKeys: String, CodingKey {
        case chainID = "chain_id"
        case genesisTime = "genesis_time"
        case initialHeight = "initial_height"
        case validators
        case appState = "app_state"
    }

    /// A genesis document.
    public init(
        chainID: String, genesisTime: L1Consensus.Timestamp, validators: [GenesisValidator], appState: AppGenesis
    ) {
        self.chainID = chainID
        self.genesisTime = RFC3339.format(genesisTime)
        self.initialHeight = "1"
        self.validators = validators
        self.appState = appState
    }

    /// Reads and validates a genesis file.
    public static func load(path: String) throws(GenesisDocumentError) -> GenesisDocument {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        guard data.count <= 64 << 20 else { throw .invalid("genesis file is larger than 64 MiB") }
        let document: GenesisDocument
        do { document = try JSONDecoder().decode(GenesisDocument.self, from: data) } catch {
            throw .invalid("\(path) is not a genesis document: \(error)")
        }
        try document.validate()
        return document
    }

    /// The document as pretty-printed JSON with sorted keys (stable bytes for the same content).
    public func json() throws(GenesisDocumentError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch { throw .invalid("cannot encode the genesis: \(error)") }
    }

    /// Writes the document to `path`.
    public func save(path: String) throws(GenesisDocumentError) {
        let data = try json()
        guard FileManager.default.createFile(atPath: path, contents: data) else { throw .unwritable(path) }
    }

    /// The genesis time as a timestamp.
    public var time: L1Consensus.Timestamp {
        get throws(GenesisDocumentError) {
            guard let time = RFC3339.parse(genesisTime) else {
                throw .invalid("genesis_time \"\(genesisTime)\" is not RFC 3339 UTC (2026-11-21T10:00:00Z)")
            }
            return time
        }
    }

    /// The genesis validator set (priorities as at height 1).
    public func validatorSet() throws(GenesisDocumentError) -> ValidatorSet {
        var members = [(Ed25519PublicKey, Int64)]()
        for validator in validators {
            guard let key = try? Ed25519PublicKey(hex: validator.publicKey) else {
                throw .invalid("validator \(validator.name): pub_key is not a valid Ed25519 key")
            }
            guard let power = Int64(validator.power), power > 0 else {
                throw .invalid("validator \(validator.name): power \"\(validator.power)\" is not a positive integer")
            }
            members.append((key, power))
        }
        do { return try ValidatorSet.genesis(members) } catch { throw .invalid(error.description) }
    }

    /// Checks everything that decoding cannot.
    public func validate() throws(GenesisDocumentError) {
        guard !chainID.isEmpty, chainID.utf8.count <= Header.maxChainIDBytes else {
            throw .invalid("chain_id must be 1 to \(Header.maxChainIDBytes) bytes")
        }
        _ = try time
        guard initialHeight == "1" else {
            throw .invalid("initial_height must be 1 (other values are not supported yet)")
        }
        guard !validators.isEmpty else { throw .invalid("the genesis has no validators") }
        _ = try validatorSet()
        do { try appState.validate() } catch { throw .invalid("app_state: \(error)") }
    }

    /// The InitChain request the application is started with.
    public func initChainRequest() throws(GenesisDocumentError) -> InitChainRequest {
        let set = try validatorSet()
        let appJSON: [UInt8]
        do { appJSON = try appState.json() } catch { throw .invalid("app_state: \(error)") }
        return InitChainRequest(
            chainID: chainID, genesisTime: L1App.Timestamp(nanosecondsSinceEpoch: Int64(try time.nanoseconds)),
            initialHeight: 1,
            validators: set.validators.map {
                L1App.ValidatorUpdate(publicKey: $0.publicKey, power: UInt64($0.votingPower))
            },
            appState: appJSON)
    }
}

/// Why a genesis file was refused.
public enum GenesisDocumentError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file cannot be read.
    case unreadable(String)
    /// The file cannot be written.
    case unwritable(String)
    /// The content is not a valid genesis.
    case invalid(String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read the genesis file \(path)"
        case .unwritable(let path): "cannot write the genesis file \(path)"
        case .invalid(let reason): "invalid genesis: \(reason)"
        }
    }
}
