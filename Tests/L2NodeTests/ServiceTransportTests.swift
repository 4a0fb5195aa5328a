import Foundation
import Hummingbird
import HummingbirdTesting
import L2Node
import NIOCore
import Testing

@Suite("The reference engine's service calls: public endpoints only, no redirects, a capped answer, one deadline")
struct ServiceTransportTests {
    @Test(
        "loopback, private, link-local and non-http endpoints are refused by default; public literals pass",
        arguments: [
            ("http://127.0.0.1:8080/run", false), ("http://localhost/run", false), ("http://10.1.2.3/", false),
            ("http://172.20.0.1/", false), ("http://192.168.1.9/", false), ("http://169.254.169.254/latest", false),
            ("http://100.64.0.1/", false), ("http://0.0.0.0/", false), ("http://[::1]/", false),
            ("http://[fd00::1]/", false), ("http://[fe80::1]/", false), ("http://[::ffff:127.0.0.1]/", false),
            ("ftp://93.184.216.34/", false), ("http:///nohost", false), ("http://93.184.216.34/run", true),
            ("https://[2606:2800:220:1::]/run", true),
        ])
    func policy(endpoint: String, allowed: Bool) {
        let policy = EndpointPolicy()
        #expect(((try? policy.check(endpoint)) != nil) == allowed, "\(endpoint)")
        if !endpoint.hasPrefix("ftp"), !endpoint.contains("///") {
            #expect(throws: Never.self) { try EndpointPolicy(allowsPrivateAddresses: true).check(endpoint) }
        }
    }

    @Test("an http endpoint named by a host is called at the address the check accepted, the host in Host")
    func pinned() throws {
        let target = try ServiceTarget.pinned(
            #require(URL(string: "http://svc.example:8080/run?x=1")), to: "93.184.216.34")
        #expect(
            target.url.absoluteString == "http://93.184.216.34:8080/run?x=1" && target.hostHeader == "svc.example:8080")
        let six = try ServiceTarget.pinned(#require(URL(string: "http://svc.example/run")), to: "2606:2800:220:1::")
        #expect(six.url.absoluteString == "http://[2606:2800:220:1::]/run" && six.hostHeader == "svc.example")
        // An address literal is called as it is; so are https endpoints (their handshake proves the name) and every
        // endpoint when private addresses are allowed.
        let literal = try ServiceTarget.pinned(#require(URL(string: "http://93.184.216.34/run")), to: "1.1.1.1")
        #expect(literal.url.absoluteString == "http://93.184.216.34/run" && literal.hostHeader == nil)
        #expect(try EndpointPolicy().check("https://93.184.216.34/run").hostHeader == nil)
        #expect(try EndpointPolicy(allowsPrivateAddresses: true).check("http://localhost:1/").hostHeader == nil)
    }

    @Test("a 2xx answer is returned; a redirect, a non-2xx status, an answer over the cap and a slow service fail")
    func calls() async throws {
        let router = Router()
        router.post("/ok") { _, _ in "done" }
        router.post("/host") { request, _ in request.head.authority ?? "none" }
        router.post("/redirect") { _, _ in Response(status: .found, headers: [.location: "/ok"]) }
        router.post("/fail") { _, _ in Response(status: .internalServerError) }
        router.post("/big") { _, _ in String(repeating: "x", count: 70_000) }
        router.post("/slow") { _, _ in
            try await Task.sleep(for: .seconds(2))
            return "late"
        }
        try await Application(router: router).test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let transport = ServiceTransport(
                policy: EndpointPolicy(allowsPrivateAddresses: true), maxAnswerBytes: 65_536, timeout: .seconds(20))
            #expect(try await transport.post(base + "/ok", Array("{}".utf8)) == Array("done".utf8))
            // Pinned to the address, a name that does not resolve is still reached, and the service sees the name.
            let port = try #require(client.port)
            let target = try ServiceTarget.pinned(
                #require(URL(string: "http://service.invalid:\(port)/host")), to: "127.0.0.1")
            #expect(try await transport.post(to: target, []) == Array("service.invalid:\(port)".utf8))
            for (path, message) in [
                ("/redirect", "a redirect, which is not followed"), ("/fail", "the service answered 500"),
                ("/big", "over the cap of 65536"), ("/slow", "the call failed"),
            ] {
                var caller = transport
                if path == "/slow" { caller.timeout = .milliseconds(500) }
                do {
                    _ = try await caller.post(base + path, [])
                    Issue.record("\(path) succeeded")
                } catch {
                    #expect("\(error)".contains(message), "\(path): \(error)")
                }
            }
            // The default policy refuses the same loopback service before calling it.
            await #expect(throws: ServiceCallError.self) { try await ServiceTransport().post(base + "/ok", []) }
        }
    }
}
