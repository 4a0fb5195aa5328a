#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// JSON-RPC 2.0 framing: reading a request object and writing `{"jsonrpc":"2.0","id":…,"result":…}` or
/// `{"jsonrpc":"2.0","id":…,"error":{…}}` around a result that is already encoded.
enum JSONRPCEnvelope {
    /// One request read from a JSON object.
    struct Request: Sendable {
        /// The request id (number, string or null), echoed in the response.
        var id: JSONValue
        /// The method name.
        var method: String
        /// The params, if any.
        var params: JSONValue?
    }

    /// The id URI (GET) requests are answered with, as CometBFT does.
    static let uriRequestID = JSONValue.integer(-1)

    /// Reads a request from a JSON value; a value that is not a request gives `-32600` with the id it had.
    static func request(from value: JSONValue) -> Result<Request, RequestError> {
        guard case .object(let object) = value else {
            return .failure(
                RequestError(id: .null, error: RPCError(.invalidRequest, "a request must be a JSON object")))
        }
        let id = object["id"] ?? .null
        switch id {
        case .null, .integer, .number, .string: break
        default:
            return .failure(
                RequestError(id: .null, error: RPCError(.invalidRequest, "id must be a number, a string or null")))
        }
        guard object["jsonrpc"] == .string("2.0") else {
            return .failure(RequestError(id: id, error: RPCError(.invalidRequest, "jsonrpc must be \"2.0\"")))
        }
        guard case .string(let method)? = object["method"] else {
            return .failure(RequestError(id: id, error: RPCError(.invalidRequest, "method must be a string")))
        }
        return .success(Request(id: id, method: method, params: object["params"]))
    }

    /// A request that could not be read, with the id to answer it under.
    struct RequestError: Error, Sendable {
        var id: JSONValue
        var error: RPCError
    }

    /// Parses a body as JSON; `-32700` if it is not JSON.
    static func parse(_ body: [UInt8]) -> Result<JSONValue, RPCError> {
        do {
            return .success(try JSONDecoder().decode(JSONValue.self, from: Data(body)))
        } catch {
            return .failure(RPCError(.parseError, "the body is not valid JSON"))
        }
    }

    /// `{"jsonrpc":"2.0","id":<id>,"result":<result>}` with `result` already encoded.
    static func success(id: JSONValue, result: [UInt8]) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":"#.utf8) + encode(id) + Array(#","result":"#.utf8) + result + [UInt8(ascii: "}")]
    }

    /// `{"jsonrpc":"2.0","id":<id>,"error":{"code":…,"message":…,"data":…}}`.
    static func failure(id: JSONValue, error: RPCError) -> [UInt8] {
        let object = ErrorObject(code: error.code.rawValue, message: error.message, data: error.data)
        return Array(#"{"jsonrpc":"2.0","id":"#.utf8) + encode(id) + Array(#","error":"#.utf8) + encode(object)
            + [UInt8(ascii: "}")]
    }

    /// `[r1,r2,…]` from encoded responses.
    static func batch(_ responses: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, response) in responses.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += response
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    private struct ErrorObject: Encodable {
        var code: Int
        var message: String
        var data: String
    }

    /// Encodes a value that cannot fail to encode (ids, error objects); `null` if it somehow does.
    private static func encode(_ value: some Encodable) -> [UInt8] {
        (try? JSONEncoder.rpc.encode(value)).map { Array($0) } ?? Array("null".utf8)
    }
}

extension JSONEncoder {
    /// The encoder for RPC responses: slashes unescaped (paths read as written).
    static var rpc: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }
}
