import Common
import Foundation
import Testing

@testable import L1Storage

@Suite("Validator key file")
struct ValidatorKeyFileTests {
    private let key = try! Ed25519PrivateKey(seed: (0..<32).map { UInt8($0) })

    @Test("a saved key loads back with the same seed, public key and address")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("priv_validator_key.json")
        try ValidatorKeyFile(privateKey: key).save(to: path)
        let loaded = try ValidatorKeyFile.load(path: path)
        #expect(loaded.privateKey.seed == key.seed)
        #expect(loaded.publicKey == key.publicKey)
        #expect(loaded.address == Array(Hash.blake2b(key.publicKey.bytes).bytes.prefix(20)))
        #expect(try directory.contents() == ["priv_validator_key.json"])
    }

    @Test("the file is CometBFT-shaped: upper-case address, typed pub_key and priv_key with hex values, mode 0600")
    func shape() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("priv_validator_key.json")
        try ValidatorKeyFile(privateKey: key).save(to: path)
        #expect(try TemporaryDirectory.permissions(of: path) == 0o600)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let object = try #require(json as? [String: Any])
        let address = Hex.encode(Hash.blake2b(key.publicKey.bytes).bytes.prefix(20)).uppercased()
        #expect(object["address"] as? String == address)
        #expect(
            object["pub_key"] as? [String: String] == [
                "type": "strata/PubKeyEd25519", "value": Hex.encode(key.publicKey.bytes),
            ])
        #expect(
            object["priv_key"] as? [String: String] == ["type": "strata/PrivKeyEd25519", "value": Hex.encode(key.seed)])
    }

    @Test("saving never overwrites an existing key file")
    func noOverwrite() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("key.json")
        try ValidatorKeyFile(privateKey: key).save(to: path)
        let other = ValidatorKeyFile(privateKey: try Ed25519PrivateKey(seed: [UInt8](repeating: 9, count: 32)))
        #expect(throws: ValidatorKeyFileError.alreadyExists(path: path)) { try other.save(to: path) }
        #expect(try ValidatorKeyFile.load(path: path).publicKey == key.publicKey)
        #expect(try directory.contents() == ["key.json"])
    }

    @Test(
        "a key file readable by group or others is refused unless explicitly allowed",
        arguments: [0o640, 0o604, 0o660, 0o601])
    func permissions(mode: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("key.json")
        try ValidatorKeyFile(privateKey: key).save(to: path)
        chmod(path, mode_t(mode))
        #expect(throws: ValidatorKeyFileError.insecurePermissions(path: path, mode: UInt32(mode))) {
            try ValidatorKeyFile.load(path: path)
        }
        #expect(try ValidatorKeyFile.load(path: path, allowGroupOrOtherAccess: true).publicKey == key.publicKey)
        chmod(path, 0o400)
        #expect(try ValidatorKeyFile.load(path: path).publicKey == key.publicKey)
    }

    /// The saved document for `key`, edited by `edit`.
    private func document(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var object = try #require(
            JSONSerialization.jsonObject(with: Data(ValidatorKeyFile(privateKey: key).encode())) as? [String: Any])
        edit(&object)
        return try JSONSerialization.data(withJSONObject: object)
    }

    private func load(_ data: Data) throws -> ValidatorKeyFile {
        let directory = try TemporaryDirectory()
        let path = directory.file("key.json")
        try data.write(to: URL(fileURLWithPath: path))
        chmod(path, 0o600)
        return try ValidatorKeyFile.load(path: path)
    }

    @Test("a public key that does not match the seed is refused")
    func publicKeyMismatch() throws {
        let other = try Ed25519PrivateKey(seed: [UInt8](repeating: 5, count: 32))
        let data = try document {
            $0["pub_key"] = ["type": "strata/PubKeyEd25519", "value": Hex.encode(other.publicKey.bytes)]
        }
        #expect {
            _ = try load(data)
        } throws: { error in
            guard case ValidatorKeyFileError.publicKeyMismatch = error else { return false }
            return true
        }
    }

    @Test("an address that does not match the key is refused; a lower-case address is read")
    func address() throws {
        let wrong = try document { $0["address"] = String(repeating: "AB", count: 20) }
        #expect {
            _ = try load(wrong)
        } throws: { error in
            guard case ValidatorKeyFileError.addressMismatch = error else { return false }
            return true
        }
        let lower = try document { $0["address"] = ($0["address"] as? String)?.lowercased() }
        #expect(try load(lower).publicKey == key.publicKey)
    }

    @Test("unknown key types, bad hex, wrong lengths and non-JSON are malformed")
    func malformed() throws {
        let cases: [Data] = [
            Data("not json".utf8),
            try document { $0["priv_key"] = ["type": "tendermint/PrivKeyEd25519", "value": Hex.encode(key.seed)] },
            try document { $0["pub_key"] = ["type": "secp256k1", "value": Hex.encode(key.publicKey.bytes)] },
            try document { $0["priv_key"] = ["type": "strata/PrivKeyEd25519", "value": "zz"] },
            try document { $0["priv_key"] = ["type": "strata/PrivKeyEd25519", "value": "abcd"] },
            try document { $0.removeValue(forKey: "pub_key") },
        ]
        for data in cases {
            #expect {
                _ = try load(data)
            } throws: { error in
                guard case ValidatorKeyFileError.malformed = error else { return false }
                return true
            }
        }
    }

    @Test("a missing key file is an I/O error that says not found")
    func missing() throws {
        let directory = try TemporaryDirectory()
        #expect {
            _ = try ValidatorKeyFile.load(path: directory.file("nope.json"))
        } throws: { error in
            guard case ValidatorKeyFileError.io(let io) = error else { return false }
            return io.isNotFound
        }
    }
}
