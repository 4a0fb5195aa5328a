import Foundation

/// A localnet of real `l1d` processes in a temporary directory, for end-to-end tests.
final class LocalnetProcesses {
    let root: String
    let validators: Int
    let basePort: Int
    private(set) var processes: [Process?]
    let binary: String

    /// The `l1d` built next to the test bundle (`swift build --build-tests` builds it).
    static func locateBinary() -> String? {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("l1d").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    init(validators: Int, binary: String) throws {
        self.validators = validators
        self.binary = binary
        root = NSTemporaryDirectory() + "strata-e2e-\(UUID().uuidString)"
        // A port range unlikely to collide with a parallel run or a devnet, and below Linux's ephemeral ports
        // (32768-60999), which the kernel hands to outgoing connections, so no client socket can hold one.
        basePort = 10_000 + Int(getpid() % 500) * 40
        processes = Array(repeating: nil, count: validators)
        try run([
            "localnet", "--validators", "\(validators)", "--output", root, "--base-port", "\(basePort)",
            "--timeout-commit-ms", "300", "--chain-id", "strata-e2e-1",
        ])
    }

    deinit {
        for process in processes.compactMap({ $0 }) where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: root)
    }

    func home(_ index: Int) -> String { root + "/node\(index)" }
    func logPath(_ index: Int) -> String { root + "/node\(index).log" }

    /// Runs `l1d` with `arguments` to completion.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw NSError(
                domain: "l1d", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: text])
        }
        return text
    }

    /// Starts validator `index` (appending to its log).
    func start(_ index: Int) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["start", "--home", home(index), "--log-level", "info"]
        if !FileManager.default.fileExists(atPath: logPath(index)) {
            guard FileManager.default.createFile(atPath: logPath(index), contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: logPath(index)])
            }
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath(index)))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        processes[index] = process
    }

    /// Sends `signal` to validator `index` and waits for it to exit; returns its exit status.
    @discardableResult
    func stop(_ index: Int, signal: Int32) -> Int32 {
        guard let process = processes[index] else { return -1 }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        processes[index] = nil
        return process.terminationStatus
    }

    /// The highest height validator `index` logged as committed.
    func height(_ index: Int) -> Int {
        guard let text = try? String(contentsOfFile: logPath(index), encoding: .utf8) else { return 0 }
        var best = 0
        for line in text.split(separator: "\n") where line.contains("committed block") {
            if let range = line.range(of: "height=") {
                let digits = line[range.upperBound...].prefix { $0.isNumber }
                best = max(best, Int(digits) ?? 0)
            }
        }
        return best
    }

    /// Waits until `condition` holds, polling every 200 ms, for at most `seconds`.
    func wait(seconds: Double, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.2)
        }
        return condition()
    }
}
