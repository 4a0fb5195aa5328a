import ArgumentParser
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A small client for the sequencer's HTTP API, as the CLI needs it.
struct HTTPClient {
    let endpoint: URL

    init(_ address: String) throws {
        guard let url = URL(string: address), url.scheme == "http" || url.scheme == "https" else {
            throw ValidationError("--node must be an http URL such as http://127.0.0.1:8645")
        }
        endpoint = url
    }

    /// Sends a request and returns the status and the body. `path` may carry a query (`/v1/zones/ab?block=3`).
    func send(_ method: String, _ path: String, json: Data? = nil) async throws -> (Int, Data) {
        try await send(method, path, body: json, headers: json == nil ? [:] : ["Content-Type": "application/json"])
    }

    /// Sends a request with `body` and `headers`; returns the status and the body.
    func send(_ method: String, _ path: String, body: Data?, headers: [String: String]) async throws -> (Int, Data) {
        var base = endpoint.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base + path) else { throw CLIError("\(path) does not make a URL") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.httpBody = body
        for (field, value) in headers { request.setValue(value, forHTTPHeaderField: field) }
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
        } catch {
            throw CLIError("cannot reach the sequencer at \(endpoint): \(error.localizedDescription)")
        }
    }
}

/// Prints a JSON body indented, keys sorted (or as text if it is not JSON).
func printJSON(_ data: Data) {
    if let object = try? JSONSerialization.jsonObject(with: data) {
        printJSON(object)
    } else {
        print(String(decoding: data, as: UTF8.self))
    }
}

/// Prints a JSON object (dictionaries, arrays, strings, numbers) indented, keys sorted.
func printJSON(_ object: Any) {
    if let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]),
        let text = String(data: pretty, encoding: .utf8)
    {
        print(text)
    } else {
        print(object)
    }
}
