import ArgumentParser
import Common
import Foundation
import L2Runtime

/// Parsers for `tx` arguments: each names the option it reads and says what was expected.
enum TxArgument {
    /// A 64-hex-digit id or hash (a leading `0x` is allowed).
    static func hash(_ text: String, _ option: String) throws -> Hash {
        let digits = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
        guard let hash = Hash(hex: digits) else {
            throw ValidationError("\(option) \"\(text)\" must be 64 hex digits (an id or a hash)")
        }
        return hash
    }

    /// Hashes, one per repetition of the option.
    static func hashes(_ texts: [String], _ option: String) throws -> [Hash] {
        try texts.map { try hash($0, option) }
    }

    /// An optional hash.
    static func hash(_ text: String?, _ option: String) throws -> Hash? {
        try text.map { try hash($0, option) }
    }

    /// An x-only public key, 64 hex digits.
    static func publicKey(_ text: String, _ option: String) throws -> AccountPublicKey {
        do { return try AccountPublicKey(hex: text) } catch {
            throw ValidationError("\(option) \"\(text)\" is not an x-only public key (64 hex digits): \(error)")
        }
    }

    /// A `strata1...` address.
    static func address(_ text: String, _ option: String) throws -> Address {
        do { return try Address(text) } catch {
            throw ValidationError("\(option) \"\(text)\" is not a strata1... address: \(error)")
        }
    }

    /// A decimal amount of base units.
    static func amount(_ text: String, _ option: String) throws -> Amount {
        guard let amount = Amount(decimal: text) else {
            throw ValidationError("\(option) \"\(text)\" must be a decimal number of base units (digits only)")
        }
        return amount
    }

    /// One of `choices`, by name.
    static func choice<Value>(_ text: String, _ option: String, _ choices: KeyValuePairs<String, Value>) throws
        -> Value
    {
        guard let value = choices.first(where: { $0.key == text })?.value else {
            let names = choices.map(\.key).joined(separator: ", ")
            throw ValidationError("\(option) \"\(text)\" must be one of: \(names)")
        }
        return value
    }

    /// The bytes of a file.
    static func file(_ path: String, _ option: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(option): cannot read the file \(path)")
        }
        return Array(data)
    }
}
