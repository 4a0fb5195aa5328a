import Common
import L1App
import L1Consensus

/// The JSON shapes of RPC results, mirroring CometBFT 0.38 where they fit (docs/rpc.md lists every one).
///
/// Plain `Codable` values: the server builds them from node types and encodes them; a client may decode them.
/// Heights and 64-bit numbers are decimal strings, hashes upper-case hex, byte strings base64 (``RPCEncoding``).
public enum RPCModel {
    /// A block id: `{"hash": "HEX"}`. Strata blocks are not split into parts, so there is no `parts` field.
    public struct BlockID: Codable, Hashable, Sendable {
        /// The header hash, upper-case hex.
        public var hash: String
    }

    /// A public key: `{"type": "tendermint/PubKeyEd25519", "value": "base64"}`.
    public struct PublicKey: Codable, Hashable, Sendable {
        /// The key type; always `tendermint/PubKeyEd25519` for consensus keys.
        public var type: String
        /// The 32 key bytes, base64.
        public var value: String
    }

    /// The result of one committed transaction (`ExecTxResult`).
    public struct TxResult: Codable, Hashable, Sendable {
        /// The application's result code (0 is success; docs/l1-transactions.md lists them).
        public var code: UInt32
        /// Result data, base64 (empty: the L1 application returns none).
        public var data: String
        /// Empty on success; otherwise what went wrong.
        public var log: String
        /// The code's name, e.g. `insufficient_funds` (`ok` on success).
        public var codespace: String
        /// What the transaction did.
        public var events: [Event]
    }

    /// A validator update from a block's results.
    public struct ValidatorUpdate: Codable, Hashable, Sendable {
        /// The consensus key.
        public var pubKey: PublicKey
        /// The new power, decimal; `"0"` removes the validator.
        public var power: String

        enum CodingKeys: String, CodingKey {
            case pubKey = "pub_key"
            case power
        }
    }
}

extension RPCModel.BlockID {
    init(_ id: L1Consensus.BlockID) { hash = RPCEncoding.hex(id.hash) }
}

extension RPCModel.PublicKey {
    init(_ key: Ed25519PublicKey) {
        type = "tendermint/PubKeyEd25519"
        value = RPCEncoding.base64(key.bytes)
    }
}

extension RPCModel.TxResult {
    init(_ result: L1App.TxResult) {
        code = result.code.rawValue
        data = ""
        log = result.log
        codespace = result.code.description
        events = result.events
    }
}

extension RPCModel.ValidatorUpdate {
    init(_ update: L1App.ValidatorUpdate) {
        pubKey = RPCModel.PublicKey(update.publicKey)
        power = String(update.power)
    }
}
