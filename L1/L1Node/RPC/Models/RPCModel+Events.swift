import Common
import L1App
import L1Consensus

extension RPCModel {
    /// The result of an event message on the websocket:
    /// `{"query": "...", "data": {"type": "tendermint/event/NewBlock", "value": {...}}, "events": {...}}`.
    public struct EventMessage: Encodable, Sendable {
        /// The subscription query the event matched, as the client wrote it.
        public var query: String
        /// The event.
        public var data: EventData
        /// The event's composite keys and values (what queries match against).
        public var events: [String: [String]]
    }

    /// An event's type and payload.
    public struct EventData: Encodable, Sendable {
        /// `tendermint/event/NewBlock` or `tendermint/event/Tx`.
        public var type: String
        /// The payload.
        public var value: EventValue
    }

    /// The payload of an event.
    public enum EventValue: Encodable, Sendable {
        /// `{"block": ..., "block_id": ..., "result_finalize_block": ...}`.
        case newBlock(NewBlockValue)
        /// `{"TxResult": {"height": ..., "index": ..., "tx": ..., "result": ...}}`.
        case tx(TxValue)

        /// Encodes the payload itself, without a tag.
        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .newBlock(let value): try value.encode(to: encoder)
            case .tx(let value): try value.encode(to: encoder)
            }
        }
    }

    /// A committed block with its results.
    public struct NewBlockValue: Encodable, Sendable {
        /// The block (commit signers' addresses are left empty in events).
        public var block: Block
        /// Its id.
        public var blockID: BlockID
        /// Its execution results.
        public var resultFinalizeBlock: BlockResultsResult

        enum CodingKeys: String, CodingKey {
            case block
            case blockID = "block_id"
            case resultFinalizeBlock = "result_finalize_block"
        }
    }

    /// A committed transaction.
    public struct TxValue: Encodable, Sendable {
        /// The transaction and its result.
        public var txResult: TxEventResult

        enum CodingKeys: String, CodingKey {
            case txResult = "TxResult"
        }
    }

    /// A committed transaction's place and result.
    public struct TxEventResult: Encodable, Sendable {
        /// The block height, decimal.
        public var height: String
        /// The position in the block.
        public var index: UInt32
        /// The transaction, base64.
        public var tx: String
        /// The execution result.
        public var result: TxResult
    }
}

extension NodeEvent {
    /// The composite keys and values a query matches against (see ``EventQuery``).
    var attributes: [String: [String]] {
        switch self {
        case .newBlock(let block, let results):
            var attributes: [String: [String]] = [
                "tm.event": ["NewBlock"], "block.height": [String(block.height.rawValue)],
            ]
            Self.add(results.events, to: &attributes)
            return attributes
        case .tx(let indexed):
            var attributes: [String: [String]] = [
                "tm.event": ["Tx"], "tx.hash": [RPCEncoding.hex(indexed.hash)],
                "tx.height": [String(indexed.height.rawValue)],
            ]
            Self.add(indexed.result.events, to: &attributes)
            return attributes
        }
    }

    private static func add(_ events: [Event], to attributes: inout [String: [String]]) {
        for event in events {
            for attribute in event.attributes {
                attributes["\(event.type).\(attribute.key)", default: []].append(attribute.value)
            }
        }
    }

    /// The event's type and payload as an event message carries them.
    var data: RPCModel.EventData {
        switch self {
        case .newBlock(let block, let results):
            let value = RPCModel.NewBlockValue(
                block: RPCModel.Block(block, lastCommitValidators: nil), blockID: RPCModel.BlockID(block.id),
                resultFinalizeBlock: RPCModel.BlockResultsResult(
                    StoredBlockResults(height: block.height, results: results)))
            return RPCModel.EventData(type: "tendermint/event/NewBlock", value: .newBlock(value))
        case .tx(let indexed):
            let value = RPCModel.TxValue(
                txResult: RPCModel.TxEventResult(
                    height: String(indexed.height.rawValue), index: indexed.index, tx: RPCEncoding.base64(indexed.tx),
                    result: RPCModel.TxResult(indexed.result)))
            return RPCModel.EventData(type: "tendermint/event/Tx", value: .tx(value))
        }
    }
}
