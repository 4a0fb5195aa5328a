import Common
import Foundation
import Testing

@testable import L1Storage

@Suite("Sign state file")
struct FileSignStateStoreTests {
    private let key = try! Ed25519PrivateKey(seed: [UInt8](repeating: 0x11, count: 32))

    private func state(height: UInt64 = 12, bytes: [UInt8] = [0x0a, 0x1b]) -> LastSignState {
        LastSignState(height: height, round: 1, step: .precommit, signBytes: bytes, signature: key.sign(message: bytes))
    }

    @Test("a saved state loads back identical")
    func roundTrip() throws {
        let directory = try TemporaryDirectory()
        let store = FileSignStateStore(path: directory.file("priv_validator_state.json"))
        try store.save(state())
        #expect(try store.load() == state())
        try store.save(state(height: 13, bytes: []))
        #expect(try store.load() == state(height: 13, bytes: []))
    }

    @Test("the file has CometBFT's shape: height as a decimal string, round, step, sign_bytes and signature in hex")
    func shape() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("priv_validator_state.json")
        try FileSignStateStore(path: path).save(state(height: 9_007_199_254_740_993))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        let object = try #require(json as? [String: Any])
        #expect(Set(object.keys) == ["height", "round", "step", "sign_bytes", "signature"])
        #expect(object["height"] as? String == "9007199254740993")
        #expect(object["round"] as? Int == 1)
        #expect(object["step"] as? Int == 3)
        #expect(object["sign_bytes"] as? String == "0a1b")
        #expect(object["signature"] as? String == Hex.encode(key.sign(message: [0x0a, 0x1b]).bytes))
    }

    @Test("the save is atomic: no temporary file is left, and the file has mode 0600")
    func atomicAndPrivate() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("priv_validator_state.json")
        let store = FileSignStateStore(path: path)
        try store.createNeverSigned()
        for height in UInt64(1)...5 { try store.save(state(height: height)) }
        #expect(try directory.contents() == ["priv_validator_state.json"])
        #expect(try TemporaryDirectory.permissions(of: path) == 0o600)
    }

    @Test("a stale temporary file from a crash mid-save is overwritten, and the state file is untouched until rename")
    func staleTemporary() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("state.json")
        let store = FileSignStateStore(path: path)
        try store.save(state(height: 4))
        let temporary = directory.file(".state.json.tmp")
        try Data("{ half a".utf8).write(to: URL(fileURLWithPath: temporary))
        chmod(temporary, 0o644)
        #expect(try store.load() == state(height: 4), "the half-written temp file is not the state")
        try store.save(state(height: 5))
        #expect(try store.load() == state(height: 5))
        #expect(try directory.contents() == ["state.json"])
        #expect(try TemporaryDirectory.permissions(of: path) == 0o600)
    }

    @Test("a validator that never signed loads nil; creating that file again is refused")
    func neverSigned() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("state.json")
        let store = FileSignStateStore(path: path)
        try store.createNeverSigned()
        #expect(try store.load() == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("\"height\" : \"0\""))
        try store.save(state())
        #expect(throws: SignStateStoreError.alreadyExists(path: path)) { try store.createNeverSigned() }
        #expect(try store.load() == state(), "the existing state was not wiped")
    }

    @Test("a missing state file is an error, never \"never signed\"")
    func missing() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("state.json")
        #expect(throws: SignStateStoreError.missing(path: path)) { try FileSignStateStore(path: path).load() }
    }

    @Test(
        "a corrupt state file is a typed error",
        arguments: [
            "", "{", "[]", "not json",
            #"{"height":"12","round":1,"step":3,"sign_bytes":"0a"}"#,
            #"{"height":12,"round":1,"step":3,"sign_bytes":"0a","signature":""}"#,
            #"{"height":"012","round":1,"step":3,"sign_bytes":"0a","signature":""}"#,
            #"{"height":"-1","round":1,"step":3,"sign_bytes":"0a","signature":""}"#,
            #"{"height":"12","round":-1,"step":3,"sign_bytes":"0a","signature":""}"#,
            #"{"height":"12","round":1,"step":4,"sign_bytes":"0a","signature":""}"#,
            #"{"height":"12","round":1,"step":0,"sign_bytes":"0a","signature":""}"#,
            #"{"height":"12","round":1,"step":3,"sign_bytes":"0g","signature":""}"#,
            #"{"height":"12","round":1,"step":3,"sign_bytes":"0a","signature":"abcd"}"#,
            #"{"height":"0","round":1,"step":0,"sign_bytes":"","signature":""}"#,
            #"{"height":"0","round":0,"step":0,"sign_bytes":"00","signature":""}"#,
        ])
    func corrupt(content: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("state.json")
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try FileSignStateStore(path: path).load()
        } throws: { error in
            guard case SignStateStoreError.corrupt(let errorPath, _) = error else { return false }
            return errorPath == path
        }
    }

    @Test("an oversized state file is corrupt, and is not read whole")
    func oversized() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("state.json")
        try Data(count: FileSignStateStore.maxFileSize + 1).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try FileSignStateStore(path: path).load()
        } throws: { error in
            guard case SignStateStoreError.corrupt(_, let reason) = error else { return false }
            return reason.contains("limit")
        }
    }

    @Test("a corrupt file stops the PrivValidator from starting")
    func corruptStopsValidator() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("state.json")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try PrivValidator(key: key, store: FileSignStateStore(path: path))
        } throws: { error in
            guard case PrivValidatorError.persistenceFailed(.corrupt) = error else { return false }
            return true
        }
    }

    @Test("a PrivValidator survives reopening from its file: the new one refuses what the old one signed")
    func survivesReopen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("state.json")
        try FileSignStateStore(path: path).createNeverSigned()
        let signature: Ed25519Signature
        do {
            let validator = try PrivValidator(key: key, store: FileSignStateStore(path: path))
            _ = try validator.sign(height: 7, round: 0, step: .prevote, signBytes: [1])
            signature = try validator.sign(height: 7, round: 0, step: .precommit, signBytes: [2])
        }
        let reopened = try PrivValidator(key: key, store: FileSignStateStore(path: path))
        #expect(
            reopened.lastSignState
                == LastSignState(height: 7, round: 0, step: .precommit, signBytes: [2], signature: signature))
        #expect(throws: PrivValidatorError.self) {
            try reopened.sign(height: 7, round: 0, step: .precommit, signBytes: [3])
        }
        #expect(throws: PrivValidatorError.self) {
            try reopened.sign(height: 7, round: 0, step: .prevote, signBytes: [1])
        }
        #expect(try reopened.sign(height: 7, round: 0, step: .precommit, signBytes: [2]) == signature)
        #expect(try reopened.sign(height: 8, round: 0, step: .prevote, signBytes: [4]) == key.sign(message: [4]))
    }

    @Test("a save into a missing directory fails with an I/O error and no signature is returned")
    func saveFailsWithoutSignature() throws {
        let directory = try TemporaryDirectory()
        let subdirectory = directory.file("node")
        try FileManager.default.createDirectory(atPath: subdirectory, withIntermediateDirectories: false)
        let path = subdirectory + "/state.json"
        try FileSignStateStore(path: path).createNeverSigned()
        let validator = try PrivValidator(key: key, store: FileSignStateStore(path: path))
        try FileManager.default.removeItem(atPath: subdirectory)
        #expect {
            _ = try validator.sign(height: 1, round: 0, step: .prevote, signBytes: [1])
        } throws: { error in
            guard case PrivValidatorError.persistenceFailed(.io(let io)) = error else { return false }
            return io.isNotFound
        }
        #expect(validator.lastSignState == nil)
    }
}
