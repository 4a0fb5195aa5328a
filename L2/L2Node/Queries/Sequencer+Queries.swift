import Common
import L2Runtime

extension Sequencer {
    /// The sequencer's signature over `statement`: what every read of committed state carries, so that its state
    /// root can be trusted on the sequencer's key alone.
    public nonisolated func attest(_ statement: BlockAttestation) -> SchnorrSignature {
        statement.sign(chainID: chainID, key: signingKey)
    }

    /// Reads the state committed by sealed block `number` (the latest sealed block when `nil`) and returns what
    /// `read` found with the statement about that block to attest: its header's fields and, when the block is the
    /// latest committed one, the sequencer's clock read just before the tip was (at which no later block had been
    /// committed, since the tip only moves forward). `read` runs on the caller's task, not on the sequencer: the state
    /// tree takes readers beside its writer, and committed versions do not change.
    ///
    /// - Throws: `notFound` for a block that is not sealed (or whose state was pruned), `unavailable` when the
    ///   store fails.
    public nonisolated func readCommitted<T: Sendable>(
        block number: UInt64? = nil, _ read: @Sendable (inout StateReader<CommittedState>) throws(StateError) -> T
    ) async throws(IngestError) -> (at: BlockAttestation, value: T) {
        let readAt = clock()
        let header: BlockHeader
        if let number {
            let stored: BlockHeader?
            do { stored = try blocks.header(number) } catch { throw .unavailable("the block store failed: \(error)") }
            guard let stored else { throw .notFound("block \(number) is not sealed") }
            // Stored a moment before its state is committed (the block writer does one, then the other).
            guard number <= committedTip.number else {
                throw .notFound("block \(number) is sealed but its state is not committed yet: retry shortly")
            }
            header = stored
        } else {
            header = committedTip
        }
        let latest = header.number == committedTip.number ? readAt : nil
        let result: Result<T, StateError> = readState(version: header.number, read)
        switch result {
        case .success(let value): return (BlockAttestation(header, latestAtMillis: latest), value)
        case .failure(.versionUnavailable(let version, let oldest, _)):
            throw .notFound(
                "the state of block \(version) is no longer kept (the oldest is \(oldest.map(String.init) ?? "none"))")
        case .failure(let error): throw .unavailable("the state store failed: \(error)")
        }
    }

    private nonisolated func readState<T: Sendable>(
        version: UInt64, _ read: @Sendable (inout StateReader<CommittedState>) throws(StateError) -> T
    ) -> Result<T, StateError> {
        do throws(StateError) {
            var reader = StateReader(CommittedState(tree: state, version: version))
            return .success(try read(&reader))
        } catch {
            return .failure(error)
        }
    }
}
