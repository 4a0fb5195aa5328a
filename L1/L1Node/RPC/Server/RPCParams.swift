import Common
import L1Consensus

/// A request's parameters, from a URI query (`GET /block?height=5`) or from JSON-RPC `params`, with the typed
/// readers every method uses. Each reader throws ``RPCErrorCode/invalidParams`` naming the parameter and what
/// it expected.
///
/// URI values follow CometBFT: strings may be quoted (`path="/params"`), byte strings are `0x`-prefixed hex or a
/// quoted string taken as its UTF-8 bytes. JSON values: numbers as numbers or decimal strings, byte strings as
/// base64 or `0x`-prefixed hex, hashes as 64 hex digits (with or without `0x`) or base64.
struct RPCParams: Sendable {
    /// Where the values came from; it decides how byte strings are read.
    enum Origin: Sendable {
        case uri
        case json
    }

    let origin: Origin
    let values: [String: JSONValue]

    /// The most parameters a request may carry.
    static let maxCount = 16

    /// Parameters from URI query pairs (the first of a repeated name wins).
    init(uriQuery pairs: [(String, String)]) throws(RPCError) {
        guard pairs.count <= Self.maxCount else {
            throw .invalidParams("too many query parameters: \(pairs.count), at most \(Self.maxCount)")
        }
        var values: [String: JSONValue] = [:]
        for (name, value) in pairs where values[name] == nil { values[name] = .string(value) }
        self.origin = .uri
        self.values = values
    }

    /// Parameters from JSON-RPC `params`: an object by name, an array by position, or absent.
    init(json params: JSONValue?, method: RPCMethod) throws(RPCError) {
        origin = .json
        switch params {
        case nil, .null?:
            values = [:]
        case .object(let object)?:
            guard object.count <= Self.maxCount else {
                throw .invalidParams("too many params: \(object.count), at most \(Self.maxCount)")
            }
            values = object
        case .array(let array)?:
            let names = method.parameterNames
            guard array.count <= names.count else {
                throw .invalidParams(
                    "\(method.rawValue) takes at most \(names.count) positional params "
                        + "(\(names.joined(separator: ", "))), got \(array.count)")
            }
            values = Dictionary(uniqueKeysWithValues: zip(names, array))
        case let other?:
            throw .invalidParams("params must be an object or an array, not \(other.typeName)")
        }
    }

    /// The raw value of `name`, with JSON `null` and an empty URI value read as absent.
    private func value(_ name: String) -> JSONValue? {
        switch values[name] {
        case nil, .null?: nil
        case .string(let text)? where origin == .uri && text.isEmpty: nil
        case let value?: value
        }
    }

    /// A URI value with one pair of surrounding double quotes removed.
    private static func unquoted(_ text: String) -> String {
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            return String(text.dropFirst().dropLast())
        }
        return text
    }

    /// A string parameter, or `nil` if absent.
    func string(_ name: String) throws(RPCError) -> String? {
        switch value(name) {
        case nil: return nil
        case .string(let text)?: return origin == .uri ? Self.unquoted(text) : text
        case let other?: throw .invalidParams("\(name) must be a string, not \(other.typeName)")
        }
    }

    /// An integer parameter, or `nil` if absent.
    func integer(_ name: String) throws(RPCError) -> Int64? {
        switch value(name) {
        case nil: return nil
        case .integer(let number)?: return number
        case .number(let number)?:
            guard let exact = Int64(exactly: number) else {
                throw .invalidParams("\(name) must be an integer, got \(number)")
            }
            return exact
        case .string(let text)?:
            let digits = origin == .uri ? Self.unquoted(text) : text
            guard let number = Int64(digits) else {
                throw .invalidParams("\(name) must be a decimal integer, got \"\(digits.prefix(40))\"")
            }
            return number
        case let other?: throw .invalidParams("\(name) must be an integer, not \(other.typeName)")
        }
    }

    /// A boolean parameter, or `nil` if absent.
    func bool(_ name: String) throws(RPCError) -> Bool? {
        switch value(name) {
        case nil: return nil
        case .bool(let flag)?: return flag
        case .string(let text)?:
            switch origin == .uri ? Self.unquoted(text) : text {
            case "true": return true
            case "false": return false
            default: throw .invalidParams("\(name) must be true or false, got \"\(text.prefix(40))\"")
            }
        case let other?: throw .invalidParams("\(name) must be a boolean, not \(other.typeName)")
        }
    }

    /// A height parameter: absent means the latest; otherwise a positive integer.
    func height(_ name: String = "height") throws(RPCError) -> Height? {
        guard let number = try integer(name) else { return nil }
        guard number > 0 else { throw .invalidParams("\(name) must be greater than 0, but got \(number)") }
        return Height(UInt64(number))
    }

    /// A byte-string parameter, or `nil` if absent.
    func bytes(_ name: String) throws(RPCError) -> [UInt8]? {
        guard let text = try rawString(name) else { return nil }
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            guard let bytes = Hex.decode(text.dropFirst(2)) else {
                throw .invalidParams("\(name) is not valid hex after 0x")
            }
            return bytes
        }
        switch origin {
        case .uri:
            guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else {
                throw .invalidParams("\(name) must be 0x-prefixed hex or a quoted string")
            }
            return Array(text.dropFirst().dropLast().utf8)
        case .json:
            guard let bytes = RPCEncoding.base64Decode(text) else {
                throw .invalidParams("\(name) must be base64 or 0x-prefixed hex")
            }
            return bytes
        }
    }

    /// A byte-string parameter written as hex, `0x`-prefixed or not (CometBFT's `HexBytes`, e.g. `abci_query`
    /// `data`), or on a URI a quoted string taken as its UTF-8 bytes; `nil` if absent.
    func hexBytes(_ name: String) throws(RPCError) -> [UInt8]? {
        guard let text = try rawString(name) else { return nil }
        if origin == .uri, text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") {
            return Array(text.dropFirst().dropLast().utf8)
        }
        let digits = text.hasPrefix("0x") || text.hasPrefix("0X") ? text.dropFirst(2) : Substring(text)
        guard let bytes = Hex.decode(digits) else { throw .invalidParams("\(name) must be hex") }
        return bytes
    }

    /// A 32-byte hash parameter, or `nil` if absent: 64 hex digits (optionally `0x`-prefixed) or base64.
    func hash(_ name: String) throws(RPCError) -> Hash? {
        guard var text = try rawString(name) else { return nil }
        if origin == .uri { text = Self.unquoted(text) }
        if text.hasPrefix("0x") || text.hasPrefix("0X") { text.removeFirst(2) }
        if text.count == 2 * Hash.byteCount, let hash = Hash(hex: text) { return hash }
        if text.count == 44, let bytes = RPCEncoding.base64Decode(text), let hash = Hash(bytes: bytes) {
            return hash
        }
        throw .invalidParams("\(name) must be a 32-byte hash: 64 hex digits, optionally 0x-prefixed")
    }

    private func rawString(_ name: String) throws(RPCError) -> String? {
        switch value(name) {
        case nil: return nil
        case .string(let text)?: return text
        case let other?: throw .invalidParams("\(name) must be a string, not \(other.typeName)")
        }
    }

    /// Throws the missing-parameter error for `name` when `value` is `nil`.
    static func required<T>(_ value: T?, _ name: String) throws(RPCError) -> T {
        guard let value else { throw .invalidParams("missing required param \(name)") }
        return value
    }
}
