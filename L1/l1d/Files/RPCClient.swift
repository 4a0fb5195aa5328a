import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client for the node's JSON-RPC over HTTP GET (`/method?param=value`), as the CLI needs it.
struct RPCClient {
    let endpoint: URL

    init(_ address: String) throws {
        guard let url = URL(string: address), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--node must be an http URL such as http://127.0.0.1:26657")
        }
        endpoint = url
    }

    /// Calls `method` and returns its `result` object; a JSON-RPC error becomes a thrown message.
    func call(_ method: String, _ params: [(String, String)] = []) async throws -> [String: Any] {
        var components = URLComponents(url: endpoint.appendingPathComponent(method), resolvingAgainstBaseURL: false)
        if !params.isEmpty { components?.queryItems = params.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components?.url else { throw ValidationError("cannot build a request for \(method)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = 30
        let data: Data
        do { (data, _) = try await URLSession.shared.data(for: request) } catch {
            throw CLIError("cannot reach the node at \(endpoint): \(error.localizedDescription)")
        }
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CLIError("the node answered \(method) with something that is not JSON-RPC")
        }
        if let error = object["error"] as? [String: Any] {
            let message = error["message"] as? String ?? "error"
            let detail = error["data"] as? String ?? ""
            throw CLIError("\(method): \(message)\(detail.isEmpty ? "" : ": \(detail)")")
        }
        guard let result = object["result"] as? [String: Any] else {
            throw CLIError("the node's answer to \(method) has no result")
        }
        return result
    }
}

/// A failure to report to the user as it is (not a usage error).
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Prints a JSON value indented, keys sorted.
func printJSON(_ value: Any) {
    if let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]),
        let text = String(data: data, encoding: .utf8)
    {
        print(text)
    }
}
