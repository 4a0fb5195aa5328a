import ArgumentParser
import Common
import Foundation

/// An account key in a keyring (`keyring/<name>.json`, mode 0600), or a node's own account key (an L2
/// sequencer's): the BIP-340 secret, its x-only public key and bech32 address.
public struct AccountKeyFile: Codable, Sendable {
    /// The key's name.
    public var name: String
    /// Its bech32 address.
    public var address: String
    /// Its x-only public key, hex.
    public var publicKey: String
    /// Its secret, hex.
    public var privateKey: String

    enum CodingKeys: String, CodingKey {
        case name, address
        case publicKey = "pub_key"
        case privateKey = "priv_key"
    }

    /// The file for `key`, named `name`.
    public init(name: String, key: AccountPrivateKey) {
        self.name = name
        address = key.publicKey.address.description
        publicKey = Hex.encode(key.publicKey.bytes)
        privateKey = Hex.encode(key.secretBytes)
    }

    /// The secret key, checked against the stored public key.
    public func key() throws -> AccountPrivateKey {
        let key = try AccountPrivateKey(hex: privateKey)
        guard Hex.encode(key.publicKey.bytes) == publicKey, key.publicKey.address.description == address else {
            throw ValidationError("key file of \(name): the public key or address does not match the secret")
        }
        return key
    }

    /// Reads the file at `path`.
    public static func load(_ path: String) throws -> AccountKeyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("no key file at \(path)")
        }
        return try JSONDecoder().decode(AccountKeyFile.self, from: data)
    }

    /// Writes the file at `path` (mode 0600, never overwriting, synced).
    public func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SecureFile.create(path, contents: try encoder.encode(self))
    }
}
