/// A token of the rules language.
enum RuleToken: Hashable, Sendable {
    case name(String)
    case quotedAtom(String)
    case variable(String)
    case integer(Int64)
    case string(String)
    case openParen
    case closeParen
    case comma
    case period
    case neck
    case negation
    case comparison(RuleComparison)
    case end

    /// How the token reads in an error message.
    var display: String {
        switch self {
        case .name(let name): "atom '\(name)'"
        case .quotedAtom(let name): "atom '\(RuleTerm.escape(name, quote: "'"))'"
        case .variable(let name): "variable \(name)"
        case .integer(let value): "integer \(value)"
        case .string: "a string"
        case .openParen: "'('"
        case .closeParen: "')'"
        case .comma: "','"
        case .period: "'.'"
        case .neck: "':-'"
        case .negation: "'\\+'"
        case .comparison(let op): "'\(op.rawValue)'"
        case .end: "end of input"
        }
    }
}

/// Splits source bytes into tokens, tracking line and column; skips white space and `%` comments.
struct RuleLexer {
    private let bytes: [UInt8]
    private let maxTermBytes: Int
    private var offset = 0
    private var line = 1
    private var column = 1

    init(_ bytes: [UInt8], maxTermBytes: Int) {
        self.bytes = bytes
        self.maxTermBytes = maxTermBytes
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private var location: RuleSourceLocation { RuleSourceLocation(line: line, column: column) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        offset + ahead < bytes.count ? bytes[offset + ahead] : nil
    }

    private mutating func advance() {
        guard offset < bytes.count else {
            return
        }
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipTrivia() {
        while let byte = peek() {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
                || byte == UInt8(ascii: "\r")
            {
                advance()
            } else if byte == UInt8(ascii: "%") {
                while let next = peek(), next != UInt8(ascii: "\n") {
                    advance()
                }
            } else {
                return
            }
        }
    }

    /// The next token and where it starts.
    mutating func next() throws(RuleError) -> (RuleToken, RuleSourceLocation) {
        skipTrivia()
        let start = location
        guard let byte = peek() else {
            return (.end, start)
        }
        switch byte {
        case UInt8(ascii: "("):
            advance()
            return (.openParen, start)
        case UInt8(ascii: ")"):
            advance()
            return (.closeParen, start)
        case UInt8(ascii: ","):
            advance()
            return (.comma, start)
        case UInt8(ascii: "."):
            advance()
            return (.period, start)
        case UInt8(ascii: ":"):
            guard peek(1) == UInt8(ascii: "-") else {
                throw .syntax(start, expected: "':-'", found: "':'")
            }
            advance()
            advance()
            return (.neck, start)
        case UInt8(ascii: "\\"):
            if peek(1) == UInt8(ascii: "+") {
                advance()
                advance()
                return (.negation, start)
            }
            if peek(1) == UInt8(ascii: "=") {
                advance()
                advance()
                return (.comparison(.notEqual), start)
            }
            throw .syntax(start, expected: "'\\+' or '\\='", found: "'\\'")
        case UInt8(ascii: "="):
            advance()
            if peek() == UInt8(ascii: "<") {
                advance()
                return (.comparison(.lessOrEqual), start)
            }
            return (.comparison(.equal), start)
        case UInt8(ascii: "<"):
            advance()
            return (.comparison(.less), start)
        case UInt8(ascii: ">"):
            advance()
            if peek() == UInt8(ascii: "=") {
                advance()
                return (.comparison(.greaterOrEqual), start)
            }
            return (.comparison(.greater), start)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            let text = try quoted(byte, start: start)
            return (byte == UInt8(ascii: "'") ? .quotedAtom(text) : .string(text), start)
        case UInt8(ascii: "-"):
            guard let next = peek(1), Self.isDigit(next) else {
                throw .syntax(start, expected: "a term, a literal or a clause", found: "'-'")
            }
            advance()
            return (.integer(try integer(negative: true, start: start)), start)
        default:
            if Self.isDigit(byte) {
                return (.integer(try integer(negative: false, start: start)), start)
            }
            if Self.isIdentifierByte(byte) {
                let name = try identifier(start: start)
                let isVariable = byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                return (isVariable ? .variable(name) : .name(name), start)
            }
            throw .syntax(start, expected: "a term, a literal or a clause", found: Self.describe(byte))
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x20 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func identifier(start: RuleSourceLocation) throws(RuleError) -> String {
        let first = offset
        while let byte = peek(), Self.isIdentifierByte(byte) {
            advance()
        }
        guard offset - first <= maxTermBytes else {
            throw .limitExceeded(.termBytes, limit: maxTermBytes, at: start)
        }
        return String(decoding: bytes[first..<offset], as: UTF8.self)
    }

    private mutating func integer(negative: Bool, start: RuleSourceLocation) throws(RuleError) -> Int64 {
        var value: Int64 = 0
        var overflow = false
        while let byte = peek(), Self.isDigit(byte) {
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            overflow = overflow || o1 || o2
            value = next
            advance()
        }
        if overflow {
            throw .invalidTerm(start, reason: "integer does not fit in 64 bits")
        }
        if peek() == UInt8(ascii: "."), let next = peek(1), Self.isDigit(next) {
            throw .invalidTerm(start, reason: "floating-point numbers are not supported")
        }
        if let next = peek(), Self.isIdentifierByte(next) {
            throw .syntax(location, expected: "a digit or a separator after the integer", found: Self.describe(next))
        }
        return value
    }

    private mutating func quoted(_ quote: UInt8, start: RuleSourceLocation) throws(RuleError) -> String {
        advance()
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw .syntax(location, expected: "a closing \(Self.describe(quote))", found: "end of input")
            }
            if byte == quote {
                advance()
                break
            }
            if byte == UInt8(ascii: "\n") {
                throw .syntax(location, expected: "a closing \(Self.describe(quote))", found: "end of line")
            }
            if byte == UInt8(ascii: "\\") {
                let escapeAt = location
                advance()
                guard let escaped = peek() else {
                    throw .syntax(location, expected: "an escape character", found: "end of input")
                }
                switch escaped {
                case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t"))
                case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r"))
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): text.append(escaped)
                default:
                    throw .syntax(
                        escapeAt, expected: "one of \\n \\t \\r \\\\ \\' \\\"", found: "\\" + Self.describe(escaped))
                }
                advance()
            } else {
                text.append(byte)
                advance()
            }
            if text.count > maxTermBytes {
                throw .limitExceeded(.termBytes, limit: maxTermBytes, at: start)
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
