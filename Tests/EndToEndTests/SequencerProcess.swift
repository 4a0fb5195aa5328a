import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A TCP port on 127.0.0.1 that nothing listens on right now: the kernel picks it for a socket bound to port 0,
/// which is then closed. A fixed port computed from the pid could fall in the ephemeral range and be taken by
/// one of the many client connections a parallel test run opens.
func freeLoopbackPort() -> Int? {
    #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { return nil }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { return nil }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// One real `l2d` sequencer process on loopback with its home in a temporary directory, for end-to-end tests.
final class SequencerProcess: @unchecked Sendable {
    let root: String
    let binary: String
    let port: Int
    private(set) var process: Process?

    /// The `l2d` built next to the test bundle (`swift build --build-tests` builds it), or the one `STRATA_L2D`
    /// names (e.g. a release build, for figures).
    static func locateBinary() -> String? {
        if let path = ProcessInfo.processInfo.environment["STRATA_L2D"] {
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("l2d").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    init(binary: String, root: String, port: Int) {
        self.binary = binary
        self.root = root
        self.port = port
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var home: String { root + "/home" }
    var logPath: String { root + "/l2d.log" }
    var url: String { "http://127.0.0.1:\(port)" }

    /// Runs `l2d` with `arguments` to completion; returns its output.
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
                domain: "l2d", code: Int(process.terminationStatus), userInfo: [NSLocalizedDescriptionKey: text])
        }
        return text
    }

    /// Starts `l2d start` (appending to its log).
    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["start", "--home", home, "--log-level", "info"]
        if !FileManager.default.fileExists(atPath: logPath) {
            _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
    }

    /// Sends `signal` and waits for the exit; returns the exit status.
    @discardableResult
    func stop(signal: Int32) -> Int32 {
        guard let process else { return -1 }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        self.process = nil
        return process.terminationStatus
    }

    /// The last lines of the process's log.
    func logTail(_ lines: Int = 20) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Sends a request; `nil` if the sequencer cannot be reached.
    func request(_ method: String, _ path: String, body: Data? = nil) async -> (status: Int, json: [String: Any])? {
        guard let url = URL(string: url + path) else { return nil }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            let status = (response as? HTTPURLResponse)?.statusCode
        else { return nil }
        return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    /// Waits until `GET /v1/status` answers, for at most `seconds`; returns the status.
    func waitUntilServing(seconds: Double = 60) async -> [String: Any]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let (status, json) = await request("GET", "/v1/status"), status == 200 { return json }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
