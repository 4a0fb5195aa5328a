import NIOCore
import NIOHTTP1
import NIOPosix

/// A small HTTP/1.1 keep-alive client on SwiftNIO for the pipeline benchmark: one connection, one request at a
/// time. (Foundation's URLSession costs more CPU per request than the server it measures.)
final class BenchHTTPClient: Sendable {
    /// A response's status code and body.
    typealias Response = (status: UInt, body: [UInt8])

    private let channel: any Channel
    private let collector: NIOLoopBound<ResponseCollector>
    private let host: String

    /// Connects to `host:port`.
    init(host: String, port: Int) async throws {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.socket(SocketOptionLevel(IPPROTO_TCP), TCP_NODELAY), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector())
                }
            }
        channel = try await bootstrap.connect(host: host, port: port).get()
        collector = try await channel.eventLoop.submit { [channel] in
            NIOLoopBound(
                try channel.pipeline.syncOperations.handler(type: ResponseCollector.self), eventLoop: channel.eventLoop)
        }.get()
        self.host = host
    }

    /// POSTs `body` (binary) to `path` and waits for the whole response.
    func post(_ path: String, body: [UInt8]) async throws -> Response {
        let promise = channel.eventLoop.makePromise(of: Response.self)
        let (channel, collector, host) = (self.channel, self.collector, self.host)
        channel.eventLoop.execute {
            collector.value.pending.append(promise)
            var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
            head.headers.add(name: "Host", value: host)
            head.headers.add(name: "Content-Type", value: "application/octet-stream")
            head.headers.add(name: "Accept", value: "application/octet-stream")
            head.headers.add(name: "Content-Length", value: String(body.count))
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        return try await promise.futureResult.get()
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }
}

/// Collects response parts into whole responses, in request order (on the channel's event loop only).
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    var pending = CircularBuffer<EventLoopPromise<BenchHTTPClient.Response>>()
    private var status: UInt = 0
    private var body: [UInt8] = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status.code
            body.removeAll(keepingCapacity: true)
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            if !pending.isEmpty { pending.removeFirst().succeed((status, body)) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        while !pending.isEmpty { pending.removeFirst().fail(error) }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        while !pending.isEmpty { pending.removeFirst().fail(ChannelError.ioOnClosedChannel) }
    }
}
