/// A subscription query in CometBFT's syntax, restricted to equalities joined by `AND`:
/// `tm.event='NewBlock'`, `tm.event='Tx' AND tx.hash='AB12…'`, `tm.event='Tx' AND transfer.sender='strata1…'`.
///
/// An event matches when, for every condition, one of the event's values under that key equals the condition's
/// value. Keys an event carries: `tm.event` (`NewBlock` or `Tx`); `block.height` and `tx.height`; `tx.hash`
/// (upper-case hex); and for a transaction, `<event type>.<attribute key>` for each of its events' attributes.
struct EventQuery: Hashable, Sendable, CustomStringConvertible {
    /// One `key = value` condition.
    struct Condition: Hashable, Sendable {
        var key: String
        var value: String
    }

    /// The conditions, all of which must hold.
    let conditions: [Condition]
    /// The query text as the client wrote it (echoed in event messages).
    let text: String

    /// The longest query text.
    static let maxBytes = 512
    /// The most conditions in one query.
    static let maxConditions = 8

    /// Parses `text`; throws ``RPCErrorCode/invalidParams`` saying what is not supported.
    init(_ text: String) throws(RPCError) {
        guard text.utf8.count <= Self.maxBytes else {
            throw .invalidParams("query has \(text.utf8.count) bytes, at most \(Self.maxBytes)")
        }
        let parts = Self.splitOnAnd(text)
        guard !parts.isEmpty, parts.count <= Self.maxConditions else {
            throw .invalidParams("query must have 1 to \(Self.maxConditions) conditions joined by AND")
        }
        var conditions: [Condition] = []
        for part in parts {
            guard let equals = part.firstIndex(of: "=") else {
                throw .invalidParams("query condition \"\(part)\" is not key='value' (only = is supported)")
            }
            let key = part[..<equals].trimmingSpaces
            let rawValue = part[part.index(after: equals)...].trimmingSpaces
            guard let last = key.last, !"<>!".contains(last) else {
                throw .invalidParams("query condition \"\(part)\" uses an unsupported operator; only = is supported")
            }
            guard !key.isEmpty, key.allSatisfy(Self.isKeyCharacter) else {
                throw .invalidParams("query key \"\(key)\" must be letters, digits, '.', '_' or '-'")
            }
            conditions.append(Condition(key: key, value: try Self.value(rawValue, in: part)))
        }
        self.conditions = conditions
        self.text = text
    }

    /// Whether an event with these composite keys matches.
    func matches(_ attributes: [String: [String]]) -> Bool {
        conditions.allSatisfy { condition in attributes[condition.key]?.contains(condition.value) ?? false }
    }

    var description: String { text }

    /// A quoted string (`'NewBlock'`) or a bare number (`5`).
    private static func value(_ raw: String, in part: String) throws(RPCError) -> String {
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") {
            let inner = String(raw.dropFirst().dropLast())
            guard !inner.contains("'") else { throw .invalidParams("query value \(raw) has a quote inside") }
            return inner
        }
        guard !raw.isEmpty, raw.allSatisfy(\.isASCIIDigit) else {
            throw .invalidParams("query value in \"\(part)\" must be 'quoted' or a number")
        }
        return raw
    }

    /// Splits on the word `AND` outside quotes.
    private static func splitOnAnd(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inQuotes = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "'" { inQuotes.toggle() }
            if !inQuotes, text[index...].hasPrefix(" AND ") {
                parts.append(current.trimmingSpaces)
                current = ""
                index = text.index(index, offsetBy: 5)
                continue
            }
            current.append(character)
            index = text.index(after: index)
        }
        parts.append(current.trimmingSpaces)
        return parts.filter { !$0.isEmpty }
    }

    private static func isKeyCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._-".contains(character))
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces.
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
