import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore

/// One `GET /v1/events` websocket: the feed's events that pass the client's ``EventFilter``, one JSON text
/// message each (``API/EventBody``), in block and transaction order, from the moment of connection on, or
/// with `from_block` from that block: first the sealed blocks' events replayed (``EventReplay``), then the
/// live ones, with no block twice and none missed (the live subscription is taken before the last stored block
/// is read, and a block is stored before its events are published).
///
/// The client only listens; what it sends is ignored. If it falls behind by the feed's buffer, or the
/// sequencer stops, it gets a last error message and the connection closes: it should reconnect with
/// `from_block` to catch up from the blocks it missed.
struct EventStream: Sendable {
    let filter: EventFilter
    let events: AsyncStream<[FeedEvent]>
    /// The sealed blocks to replay first, if the client asked for a past block.
    var replay: EventReplay? = nil
    /// Called once the replay is over (it releases the feed's catch-up place).
    var replayed: @Sendable () -> Void = {}
    let logger: Logger

    /// Serves the connection until the client closes it or the stream ends.
    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        let (stream, filter, replay, replayed) = (events, filter, replay, replayed)
        let cutOff: Bool = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                if let replay {
                    defer { replayed() }
                    var lookups = FeedEvent.Lookups()
                    for number in replay.blocks {
                        let events: [FeedEvent]
                        do throws(IngestError) { events = try replay.events(of: number, lookups: &lookups) } catch {
                            if let text = Self.json(API.ErrorBody(error)) { try? await outbound.writeTextMessage(text) }
                            return false
                        }
                        for event in events where filter.matches(event) {
                            guard let text = Self.json(API.EventBody(event)) else { continue }
                            do { try await outbound.writeTextMessage(text) } catch {
                                return false
                            }
                        }
                        // A block is read (or re-executed) in one go; between blocks, ingest gets the thread.
                        await Task.yield()
                    }
                }
                let replayedThrough = replay?.blocks.upperBound ?? 0
                for await block in stream {
                    for event in block where event.blockNumber > replayedThrough && filter.matches(event) {
                        guard let text = Self.json(API.EventBody(event)) else { continue }
                        do { try await outbound.writeTextMessage(text) } catch {
                            return false
                        }
                    }
                }
                return !Task.isCancelled
            }
            group.addTask {
                // Reading keeps control frames (ping, close) flowing; the messages themselves are ignored.
                do {
                    for try await _ in inbound.messages(maxSize: 1 << 16) {}
                } catch {}
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if cutOff {
            let error = API.ErrorBody(
                .streamEnded(
                    "the client fell behind or the sequencer stopped; reconnect with from_block = the next block you need"
                ))
            if let text = Self.json(error) { try? await outbound.writeTextMessage(text) }
            logger.debug("event stream cut off")
        }
        try? await outbound.close(.normalClosure, reason: nil)
    }

    /// `value` as JSON text, keys sorted.
    static func json(_ value: some Encodable) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The query parameters of a request path (`/v1/events?engine=...&kinds=a,b`).
    static func parameters(_ path: String) -> [(String, String)] {
        guard let items = URLComponents(string: path)?.queryItems else { return [] }
        return items.map { ($0.name, $0.value ?? "") }
    }

    /// Whether `path` (query string included) is the feed's route.
    static func isFeedPath(_ path: String) -> Bool {
        path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first == "/v1/events"
    }
}
