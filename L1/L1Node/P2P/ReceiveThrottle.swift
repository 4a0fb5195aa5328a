import NIOCore

/// Holds back socket reads while the peer's ``TokenBucket`` is in debt: the first handler of a peer's pipeline.
///
/// Every inbound byte takes a token. When a read leaves the bucket in debt, the next `read` (which NIO issues
/// after each read completes) is delayed until the debt is repaid; meanwhile the kernel's receive buffer fills and
/// TCP makes the sender wait.
final class ReceiveThrottle: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var bucket: TokenBucket
    private var delayedRead: Scheduled<Void>?

    /// A throttle enforcing `limit`.
    init(limit: RateLimit) {
        bucket = TokenBucket(
            bytesPerSecond: limit.bytesPerSecond, burst: limit.burst, now: NIODeadline.now().uptimeNanoseconds)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data).readableBytes
        bucket.consume(bytes, now: NIODeadline.now().uptimeNanoseconds)
        context.fireChannelRead(data)
    }

    func read(context: ChannelHandlerContext) {
        guard delayedRead == nil else { return }
        let wait = bucket.waitBeforeNextRead(now: NIODeadline.now().uptimeNanoseconds)
        guard wait > 0 else {
            context.read()
            return
        }
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        delayedRead = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(wait))) {
            let (handler, context) = loopBound.value
            handler.delayedRead = nil
            handler.read(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        delayedRead?.cancel()
        delayedRead = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        delayedRead?.cancel()
        delayedRead = nil
        context.fireChannelInactive()
    }
}
