import Common
import L1App
import L1Consensus

/// The stored form of a block's application results (a ``L1App/FinalizeBlockResponse``): canonical binary, not
/// JSON, in the encoding of docs/encoding.md.
///
/// ```
/// response  = list(txResult) || list(event) || list(validatorUpdate) || appHash (32)
/// txResult  = varint(code) || string(log) || list(event)
/// event     = string(type) || list(attribute)
/// attribute = string(key) || string(value) || bool(index)
/// validatorUpdate = public key (32) || varint(power)
/// ```
///
/// Storage only: events and logs are not consensus data (the results hash covers the codes, see
/// ``ApplicationExecutor/resultsHash(_:)``). Every length has a cap; a longer log or value is clipped on write
/// (at a character boundary) and a longer list truncated, so whatever is written reads back.
enum BlockResultsEncoding {
    /// Caps of the stored form.
    enum Limits {
        static let maxEvents = 10_000
        static let maxAttributes = 1_000
        static let maxNameBytes = 1_024
        static let maxTextBytes = 64 << 10
    }

    /// The stored bytes of `response`.
    static func encode(_ response: FinalizeBlockResponse) -> [UInt8] {
        var writer = ByteWriter(capacity: 64 + response.txResults.count * 32)
        writer.writeLength(response.txResults.count)
        for result in response.txResults { write(result, to: &writer) }
        writeEvents(response.events, to: &writer)
        writer.writeLength(response.validatorUpdates.count)
        for update in response.validatorUpdates {
            writer.write(update.publicKey)
            writer.writeVarint(update.power)
        }
        writer.write(response.appHash)
        return writer.bytes
    }

    /// The response stored as `bytes`.
    static func decode(_ bytes: [UInt8]) throws(CodecError) -> FinalizeBlockResponse {
        var reader = ByteReader(bytes)
        let count = try reader.readLength(cap: Block.Limits.maxTransactions, "transaction results")
        var results: [TxResult] = []
        results.reserveCapacity(min(count, reader.remaining))
        for _ in 0..<count { results.append(try readResult(&reader)) }
        let events = try readEvents(&reader)
        let updateCount = try reader.readLength(cap: ValidatorSet.maxValidators, "validator updates")
        var updates: [L1App.ValidatorUpdate] = []
        for _ in 0..<updateCount {
            let key = try reader.read(Ed25519PublicKey.self)
            updates.append(L1App.ValidatorUpdate(publicKey: key, power: try reader.readVarint(UInt64.self, "power")))
        }
        let appHash = try reader.readHash("app hash")
        try reader.expectEnd()
        return FinalizeBlockResponse(txResults: results, events: events, validatorUpdates: updates, appHash: appHash)
    }

    private static func write(_ result: TxResult, to writer: inout ByteWriter) {
        writer.writeVarint(result.code.rawValue)
        writer.writeString(clipped(result.log, to: Limits.maxTextBytes))
        writeEvents(result.events, to: &writer)
    }

    private static func readResult(_ reader: inout ByteReader) throws(CodecError) -> TxResult {
        let at = reader.offset
        let raw = try reader.readVarint(UInt32.self, "result code")
        // A code this build does not know was written by a newer one: refuse rather than misreport it.
        guard let code = ResultCode(rawValue: raw) else {
            throw .unknownTag(what: "result code", offset: at, tag: UInt64(raw))
        }
        let log = try reader.readString(cap: Limits.maxTextBytes, "log")
        return TxResult(code: code, log: log, events: try readEvents(&reader))
    }

    private static func writeEvents(_ events: [Event], to writer: inout ByteWriter) {
        let kept = events.prefix(Limits.maxEvents)
        writer.writeLength(kept.count)
        for event in kept {
            writer.writeString(clipped(event.type, to: Limits.maxNameBytes))
            let attributes = event.attributes.prefix(Limits.maxAttributes)
            writer.writeLength(attributes.count)
            for attribute in attributes {
                writer.writeString(clipped(attribute.key, to: Limits.maxNameBytes))
                writer.writeString(clipped(attribute.value, to: Limits.maxTextBytes))
                writer.write(attribute.index)
            }
        }
    }

    private static func readEvents(_ reader: inout ByteReader) throws(CodecError) -> [Event] {
        let count = try reader.readLength(cap: Limits.maxEvents, "events")
        var events: [Event] = []
        events.reserveCapacity(min(count, reader.remaining))
        for _ in 0..<count {
            let type = try reader.readString(cap: Limits.maxNameBytes, "event type")
            let attributeCount = try reader.readLength(cap: Limits.maxAttributes, "event attributes")
            var attributes: [EventAttribute] = []
            attributes.reserveCapacity(min(attributeCount, reader.remaining))
            for _ in 0..<attributeCount {
                let key = try reader.readString(cap: Limits.maxNameBytes, "attribute key")
                let value = try reader.readString(cap: Limits.maxTextBytes, "attribute value")
                attributes.append(EventAttribute(key: key, value: value, index: try reader.readBool("attribute index")))
            }
            events.append(Event(type: type, attributes: attributes))
        }
        return events
    }

    /// `text` cut to at most `cap` UTF-8 bytes, at a character boundary.
    static func clipped(_ text: String, to cap: Int) -> String {
        guard text.utf8.count > cap else { return text }
        var end = text.startIndex
        var bytes = 0
        for index in text.indices {
            let next = text.index(after: index)
            let size = text.utf8.distance(from: index, to: next)
            guard bytes + size <= cap else { break }
            bytes += size
            end = next
        }
        return String(text[..<end])
    }
}
