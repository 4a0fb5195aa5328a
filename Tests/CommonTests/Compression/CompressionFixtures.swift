import Common
import Foundation

/// The compression suites' seeded generator (Common's SplitMix64).
typealias CompressionTestRandom = SplitMix64

/// Test inputs for the compression suites.
enum CompressionFixtures {
    /// Compressible text-like bytes: words from a small vocabulary, deterministic for a seed.
    static func text(byteCount: Int, seed: UInt64 = 1) -> [UInt8] {
        var random = CompressionTestRandom(seed: seed)
        let words = ["zone", "resource", "access", "grant", "report", "workflow", "dataset", "strata", "fee", "42"]
        var out = [UInt8]()
        out.reserveCapacity(byteCount + 16)
        while out.count < byteCount {
            out += Array(words[Int.random(in: 0..<words.count, using: &random)].utf8)
            out.append(Bool.random(using: &random) ? 0x20 : 0x0A)
        }
        return Array(out.prefix(byteCount))
    }

    /// Small JSON-like L2 transaction records of about 150-300 bytes that share their structure:
    /// field names, a few kinds, zones and resources from small pools, and random hex fields.
    static func records(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = CompressionTestRandom(seed: seed)
        let kinds = [
            "access_request", "access_request", "access_request", "execution_report", "execution_report", "transfer",
        ]
        let senders = (0..<200).map { _ in Hex.encode(random.bytes(20)) }
        var timestamp: UInt64 = 1_760_000_000_000
        return (0..<count).map { _ in
            timestamp += UInt64.random(in: 1...400, using: &random)
            let kind = kinds[Int.random(in: 0..<kinds.count, using: &random)]
            var fields = [
                "\"kind\":\"\(kind)\"",
                "\"sender\":\"strata1\(senders[Int.random(in: 0..<senders.count, using: &random)])\"",
                "\"nonce\":\(Int.random(in: 0..<5000, using: &random))",
                "\"fee\":\"\(Int.random(in: 1...40, using: &random) * 250)ustrata\"",
                "\"zone\":\"zone-\(Int.random(in: 0..<12, using: &random))\"",
                "\"ts\":\(timestamp)",
            ]
            switch kind {
            case "access_request":
                fields.append("\"resource\":\"res-\(Int.random(in: 0..<300, using: &random))\"")
                fields.append(
                    "\"purpose\":\"\(["analytics", "training", "audit"][Int.random(in: 0..<3, using: &random)])\"")
            case "execution_report":
                fields.append("\"order\":\(Int.random(in: 0..<100_000, using: &random))")
                fields.append("\"status\":\"\(Bool.random(using: &random) ? "completed" : "failed")\"")
                fields.append("\"result\":\"\(Hex.encode(random.bytes(16)))\"")
            default:
                fields.append("\"to\":\"strata1\(senders[Int.random(in: 0..<senders.count, using: &random)])\"")
                fields.append("\"amount\":\"\(Int.random(in: 1...1_000_000, using: &random))ustrata\"")
            }
            fields.append("\"sig\":\"\(Hex.encode(random.bytes(24)))\"")
            return Array("{\(fields.joined(separator: ","))}".utf8)
        }
    }
}

/// Runs the stock `zstd` command-line tool, as an independent reader and writer of frames.
enum ZstdCommandLine {
    /// Where scripts/setup (Debian) or a package manager puts the tool.
    static let path: String? = ["/usr/bin/zstd", "/usr/local/bin/zstd", "/opt/homebrew/bin/zstd"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `zstd arguments...`, with stdin read from the file at `stdinPath` when given; returns the
    /// tool's stdout and exit status.
    static func run(_ arguments: [String], stdinPath: String? = nil) throws -> (output: [UInt8], status: Int32) {
        guard let path else { throw CLIMissing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        if let stdinPath {
            guard let stdin = FileHandle(forReadingAtPath: stdinPath) else { throw CocoaError(.fileNoSuchFile) }
            process.standardInput = stdin
        }
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ([UInt8](output), process.terminationStatus)
    }

    struct CLIMissing: Error, CustomStringConvertible {
        var description: String { "the zstd command-line tool is not installed: run scripts/setup" }
    }
}

/// A temporary directory removed when the value goes away.
final class CompressionTemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("strata-zstd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    func read(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url.appendingPathComponent(name)))
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
