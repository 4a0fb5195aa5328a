/// A ground value of the rules language: what a variable is bound to and what a fact holds.
///
/// The order is Prolog's standard order restricted to these kinds (integers, then atoms, then strings);
/// atoms and strings compare by their UTF-8 bytes, so the order is the same on every platform.
public enum RuleTerm: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// A signed 64-bit integer (the language has no floats).
    case integer(Int64)
    /// An atom such as `read` or `'dataset-access'`.
    case atom(String)
    /// A double-quoted string such as `"https://example.org"`.
    case string(String)

    private var rank: Int {
        switch self {
        case .integer: 0
        case .atom: 1
        case .string: 2
        }
    }

    /// Standard order: integers by value, then atoms, then strings, each by UTF-8 bytes.
    public static func < (lhs: RuleTerm, rhs: RuleTerm) -> Bool {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): a < b
        case (.atom(let a), .atom(let b)), (.string(let a), .string(let b)): a.utf8.lexicographicallyPrecedes(b.utf8)
        default: lhs.rank < rhs.rank
        }
    }

    /// The term in source syntax (atoms quoted when needed, strings escaped).
    public var description: String {
        switch self {
        case .integer(let value): String(value)
        case .atom(let name): RuleTerm.isPlainAtom(name) ? name : "'" + RuleTerm.escape(name, quote: "'") + "'"
        case .string(let text): "\"" + RuleTerm.escape(text, quote: "\"") + "\""
        }
    }

    static func isPlainAtom(_ name: String) -> Bool {
        guard let first = name.utf8.first, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
            return false
        }
        return name.utf8.allSatisfy(RuleLexer.isIdentifierByte)
    }

    static func escape(_ text: String, quote: Character) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case quote: out += "\\" + String(quote)
            default: out.append(character)
            }
        }
        return out
    }
}
