import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a service endpoint is not called, or its call failed.
public struct ServiceCallError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// What a workflow engine will call: the endpoints are registered on chain by anyone, so the engine's operator
/// decides which it reaches.
///
/// By default only http(s) endpoints whose host resolves to public addresses: not loopback, private (RFC 1918,
/// fc00::/7), link-local (169.254/16, where cloud metadata services answer, fe80::/10), carrier-grade NAT,
/// multicast or unspecified.
///
/// A name that resolves to a public address at the check and to a private one a moment later (DNS rebinding)
/// does not reach the private one: an http endpoint is called at the address the check accepted, with the name
/// in its `Host` header, so nothing resolves the name again; an https endpoint is resolved again by the call, but
/// its TLS handshake must then prove the name, which a service at the rebound address cannot.
public struct EndpointPolicy: Hashable, Sendable {
    /// Whether private, loopback and link-local addresses may be called (a test network, a trusted cluster).
    public var allowsPrivateAddresses: Bool

    /// A policy.
    public init(allowsPrivateAddresses: Bool = false) {
        self.allowsPrivateAddresses = allowsPrivateAddresses
    }

    /// Where the endpoint is called if it may be: for an http endpoint named by a host name, at the first
    /// address the check accepted.
    public func check(_ endpoint: String) throws(ServiceCallError) -> ServiceTarget {
        guard let url = URL(string: endpoint), let scheme = url.scheme?.lowercased(),
            ["http", "https"].contains(scheme)
        else { throw ServiceCallError("\"\(endpoint)\" is not an http(s) URL") }
        guard let host = url.host, !host.isEmpty else { throw ServiceCallError("\"\(endpoint)\" names no host") }
        guard !allowsPrivateAddresses else { return ServiceTarget(url: url) }
        let addresses = Self.resolve(host)
        guard let first = addresses.first else { throw ServiceCallError("\(host) does not resolve") }
        if let inner = addresses.first(where: Self.isNonPublic) {
            throw ServiceCallError("\(host) resolves to \(inner), not a public address (see --allow-private-endpoints)")
        }
        guard scheme == "http" else { return ServiceTarget(url: url) }
        return try ServiceTarget.pinned(url, to: first)
    }

    /// `host` without brackets if it is an IPv4 or IPv6 address literal.
    static func numericHost(_ host: String) -> String? {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var v4 = in_addr()
        var v6 = in6_addr()
        let bare = name.split(separator: "%").first.map(String.init) ?? name
        return inet_pton(AF_INET, bare, &v4) == 1 || inet_pton(AF_INET6, bare, &v6) == 1 ? name : nil
    }

    /// The numeric addresses `host` resolves to (an address literal resolves to itself).
    static func resolve(_ host: String) -> [String] {
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(name, nil, &hints, &list) == 0, let first = list else { return [] }
        defer { freeaddrinfo(first) }
        var found: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var text = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(
                entry.pointee.ai_addr, entry.pointee.ai_addrlen, &text, socklen_t(text.count), nil, 0, NI_NUMERICHOST)
                == 0
            {
                found.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
            cursor = entry.pointee.ai_next
        }
        return found
    }

    /// Whether a numeric address is one a public service does not have.
    static func isNonPublic(_ address: String) -> Bool {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            let bytes = withUnsafeBytes(of: v4.s_addr) { Array($0) }
            let (a, b) = (bytes[0], bytes[1])
            return a == 0 || a == 10 || a == 127 || (a == 169 && b == 254) || (a == 172 && (16...31).contains(b))
                || (a == 192 && b == 168) || (a == 100 && (64...127).contains(b)) || a >= 224
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, address.split(separator: "%").first.map(String.init) ?? address, &v6) == 1 else {
            return true
        }
        let bytes = withUnsafeBytes(of: v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return isNonPublic(bytes[12...].map(String.init).joined(separator: "."))  // IPv4-mapped
        }
        let unspecifiedOrLoopback = bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] <= 1
        return unspecifiedOrLoopback || bytes[0] & 0xfe == 0xfc || (bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80)
            || bytes[0] == 0xff
    }
}

/// Where a service call goes: its URL and, when the URL names an address instead of the endpoint's host, the
/// `Host` header that carries the host.
public struct ServiceTarget: Hashable, Sendable {
    /// The URL called.
    public var url: URL
    /// The `Host` header sent, or `nil` for the URL's own.
    public var hostHeader: String?

    /// A target called at its own URL.
    public init(url: URL) {
        self.url = url
        self.hostHeader = nil
    }

    /// `url` called at `address`, a numeric address, with the URL's host and port in the `Host` header.
    public static func pinned(_ url: URL, to address: String) throws(ServiceCallError) -> ServiceTarget {
        guard let host = url.host, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            throw ServiceCallError("\(url) names no host")
        }
        guard EndpointPolicy.numericHost(host) == nil else { return ServiceTarget(url: url) }
        components.host = address.contains(":") ? "[\(address)]" : address
        guard let pinned = components.url else { throw ServiceCallError("\(url) cannot be called at \(address)") }
        var target = ServiceTarget(url: pinned)
        target.hostHeader = url.port.map { "\(host):\($0)" } ?? host
        return target
    }
}

/// POSTs a job to a service the way the reference engine does: the endpoint checked by an ``EndpointPolicy``,
/// no redirect followed (a redirect could lead past the policy), an answer of at most ``maxAnswerBytes`` (the
/// transfer is cut once it is over), and one deadline for the whole call.
public struct ServiceTransport: Sendable {
    /// Which endpoints may be called.
    public var policy: EndpointPolicy
    /// The largest answer body read.
    public var maxAnswerBytes: Int
    /// The longest a call may take, connection to last byte.
    public var timeout: Duration

    /// A transport.
    public init(
        policy: EndpointPolicy = EndpointPolicy(), maxAnswerBytes: Int = 1 << 20, timeout: Duration = .seconds(30)
    ) {
        self.policy = policy
        self.maxAnswerBytes = maxAnswerBytes
        self.timeout = timeout
    }

    /// POSTs `body` as JSON to `endpoint` and returns the answer's body, or throws ``ServiceCallError`` for an
    /// endpoint the policy refuses, a redirect, a non-2xx status, an answer over the cap, or the deadline.
    public func post(_ endpoint: String, _ body: [UInt8]) async throws -> [UInt8] {
        try await post(to: policy.check(endpoint), body)
    }

    /// POSTs `body` as JSON to a target the policy has checked.
    public func post(to target: ServiceTarget, _ body: [UInt8]) async throws -> [UInt8] {
        var request = URLRequest(url: target.url)
        if let host = target.hostHeader { request.setValue(host, forHTTPHeaderField: "Host") }
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        request.timeoutInterval = seconds
        let call = ServiceCall(maxBytes: maxAnswerBytes)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForResource = seconds
        let session = URLSession(configuration: configuration, delegate: call, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                call.start(session.dataTask(with: request), continuation: continuation)
            }
        } onCancel: {
            call.cancel()
        }
    }
}

/// One call's delegate: collects the answer up to a cap, refuses redirects, resumes its continuation once.
private final class ServiceCall: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private let maxBytes: Int
    private var data = Data()
    private var status = 0
    private var failure: ServiceCallError?
    private var task: URLSessionDataTask?
    private var continuation: CheckedContinuation<[UInt8], any Error>?

    init(maxBytes: Int) { self.maxBytes = maxBytes }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<[UInt8], any Error>) {
        lock.withLock {
            self.task = task
            self.continuation = continuation
        }
        task.resume()
    }

    func cancel() {
        lock.withLock { failure = failure ?? ServiceCallError("cancelled") }
        lock.withLock { task }?.cancel()
    }

    /// Records why the call fails (the first reason wins), leaving the task to the caller.
    private func record(_ error: ServiceCallError) {
        lock.withLock { failure = failure ?? error }
    }

    /// Records why the call fails and cancels its transfer.
    private func fail(_ error: ServiceCallError) {
        record(error)
        lock.withLock { task }?.cancel()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
    ) {
        // Declining (nil) ends the task with the redirect as its answer; cancelling here instead would break
        // FoundationNetworking's state machine, which waits for this handler.
        record(ServiceCallError("the service answered \(response.statusCode), a redirect, which is not followed"))
        completionHandler(nil)
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        let http = response as? HTTPURLResponse
        lock.withLock { status = http?.statusCode ?? 0 }
        if response.expectedContentLength > Int64(maxBytes) {
            record(
                ServiceCallError("the answer is \(response.expectedContentLength) bytes, over the cap of \(maxBytes)"))
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive chunk: Data) {
        let over = lock.withLock { () -> Bool in
            data.append(chunk)
            return data.count > maxBytes
        }
        if over { fail(ServiceCallError("the answer is over the cap of \(maxBytes) bytes")) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, result) = lock.withLock {
            () -> (CheckedContinuation<[UInt8], any Error>?, Result<[UInt8], any Error>) in
            let waiting = self.continuation
            self.continuation = nil
            if let failure { return (waiting, .failure(failure)) }
            if let error {
                return (waiting, .failure(ServiceCallError("the call failed: \(error.localizedDescription)")))
            }
            guard (200..<300).contains(status) else {
                return (waiting, .failure(ServiceCallError("the service answered \(status)")))
            }
            return (waiting, .success([UInt8](data)))
        }
        continuation?.resume(with: result)
    }
}
