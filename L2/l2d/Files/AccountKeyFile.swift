import ArgumentParser
import Common
import Foundation

/// An account key (keyring entry or the sequencer key) (`keyring/<name>.json`, mode 0600): the BIP-340 secret, its x-only public key
/// and bech32 address.
struct AccountKeyFile: Codable {
    var name: String
    var address: String
    var publicKey: String
    var privateKey: String

    enum CodingKeys: String, CodingKey {
        case name, address
        case publicKey = "pub_key"
        case privateKey = "priv_key"
    }

    init(name: String, key: AccountPrivateKey) {
        self.name = name
        address = key.publicKey.address.description
        publicKey = Hex.encode(key.publicKey.bytes)
        privateKey = Hex.encode(key.secretBytes)
    }

    /// The secret key, checked against the stored public key.
    func key() throws -> AccountPrivateKey {
        let key = try AccountPrivateKey(hex: privateKey)
        guard Hex.encode(key.publicKey.bytes) == publicKey, key.publicKey.address.description == address else {
            throw ValidationError("key file of \(name): the public key or address does not match the secret")
        }
        return key
    }

    static func load(_ path: String) throws -> AccountKeyFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("no key file at \(path)")
        }
        return try JSONDecoder().decode(AccountKeyFile.self, from: data)
    }

    func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SecureFile.create(path, contents: try encoder.encode(self))
    }
}
