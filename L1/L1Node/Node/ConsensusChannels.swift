import Common
import L1Consensus

/// Which P2P channel carries which consensus message, and decoding what arrives on them.
enum ConsensusChannels {
    /// The channels consensus messages arrive on.
    static let all: Set<ChannelID> = [.consensusData, .consensusVote, .evidence, .blockSync]

    /// The channel for `message`: proposals with blocks on data, votes on the vote channel, evidence on its
    /// own, catch-up requests and decided blocks on block sync.
    static func channel(for message: ConsensusMessage) -> ChannelID {
        switch message {
        case .proposal: .consensusData
        case .vote: .consensusVote
        case .evidence: .evidence
        case .commitRequest, .decidedBlock: .blockSync
        }
    }

    /// Decodes a message, or nil for bytes that are not a canonical consensus message (the peer is not
    /// trusted; malformed input is dropped, never fatal).
    static func decode(_ payload: [UInt8], on channel: ChannelID) -> ConsensusMessage? {
        guard payload.count <= ConsensusMessage.maxBytes,
            let message = try? ConsensusMessage(canonicalBytes: payload), Self.channel(for: message) == channel
        else { return nil }
        return message
    }
}
