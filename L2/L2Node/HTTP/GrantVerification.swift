import Common
import L2Runtime

/// Why an access grant's answer does not verify.
public enum GrantVerificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A field of the answer does not decode (hex, a key, a signature, the proof or the grant).
    case malformed(String)
    /// The answer is attested by another key than the sequencer's.
    case wrongSequencer(String)
    /// The signature is not the sequencer's over (block, time, hash, root) on the chain.
    case badAttestation
    /// The attested state is older than the verifier allows: the grant may have ended since.
    case stale(currentAsOfMillis: UInt64, ageMillis: UInt64, maxAgeMillis: UInt64)
    /// The proof does not lead from the key and value to the attested root.
    case badProof(String)
    /// The proven key or grant is not the one asked about.
    case wrongKey
    /// The answer says there is no grant; checking that needs the engine's id (the key's first part).
    case absenceNeedsEngine

    public var description: String {
        switch self {
        case .malformed(let field): "the answer's \(field) does not decode"
        case .wrongSequencer(let key): "the answer is attested by \(key), not by the sequencer"
        case .badAttestation: "the block attestation is not the sequencer's signature on this chain"
        case .stale(let time, let age, let allowed):
            "the attested state (current as of \(time) ms) is \(age) ms old, more than the \(allowed) ms allowed: "
                + "the grant may have ended since; ask for the latest block"
        case .badProof(let reason): "the proof does not lead to the attested state root: \(reason)"
        case .wrongKey: "the proven key is not the grant of this engine on this resource for this execution"
        case .absenceNeedsEngine: "no grant: give the engine's id to check that absence"
        }
    }
}

extension API.GrantBody {
    /// What a verified answer establishes: at the attested block, `grant` is the access grant on `resource`
    /// for `execution` (`nil`: there is none).
    public struct Verified: Hashable, Sendable {
        /// The attested block.
        public var attestation: BlockAttestation
        /// The grant, or `nil` when the proof shows its key absent.
        public var grant: AccessGrant?
        /// Whether a vault may release: there is a grant and, at the verifier's time, it has not expired.
        public var active: Bool
    }

    /// Checks the answer the way a Secret Vault does, trusting only `sequencer`'s key and `chainID`: the block
    /// attestation, then that the attested state is current as of at most `maxAgeMillis` before `nowMillis` (the
    /// verifier's clock; ``BlockAttestation/currentAsOfMillis``), then the proof of the grant's key and value under the attested root, then that the key is the one of
    /// `engine`'s grant on `resource` for `execution` (for a present grant the engine is read from the proven value;
    /// an absent one needs `engine`). The server that answered is not trusted at all.
    ///
    /// The age bound is what keeps an old answer from releasing data: a grant proven at a block a minute ago may
    /// have ended since, and the proof of that block still verifies. A vault picks the bound it accepts (a few
    /// seconds is many blocks) and asks for the latest block.
    public func verified(
        sequencer: AccountPublicKey, chainID: String, execution: Hash, resource: Hash, engine: Hash? = nil,
        nowMillis: UInt64, maxAgeMillis: UInt64
    ) throws(GrantVerificationError) -> Verified {
        guard let (statement, signature, signer) = at.attestation else { throw .malformed("at") }
        guard signer == sequencer else { throw .wrongSequencer(at.sequencer) }
        guard statement.verify(signature, sequencer: sequencer, chainID: chainID) else { throw .badAttestation }
        let asOf = statement.currentAsOfMillis
        let age = nowMillis > asOf ? nowMillis - asOf : 0
        guard age <= maxAgeMillis else {
            throw .stale(currentAsOfMillis: asOf, ageMillis: age, maxAgeMillis: maxAgeMillis)
        }
        guard let path = Hash(hex: key) else { throw .malformed("key") }
        guard let proofBytes = Hex.decode(proof), let stateProof = try? StateProof(canonicalBytes: proofBytes) else {
            throw .malformed("proof")
        }
        var bytes: [UInt8]?
        if let value {
            guard let decoded = Hex.decode(value) else { throw .malformed("value") }
            bytes = decoded
        }
        do {
            try stateProof.verify(path: path, value: bytes, root: statement.stateRoot)
        } catch {
            throw .badProof("\(error)")
        }
        var grant: AccessGrant?
        if let bytes {
            guard let decoded = try? AccessGrant(canonicalBytes: bytes) else { throw .malformed("value") }
            guard decoded.execution == execution, decoded.resource == resource,
                engine.map({ $0 == decoded.engine }) ?? true
            else { throw .wrongKey }
            grant = decoded
        }
        guard let owner = grant?.engine ?? engine else { throw .absenceNeedsEngine }
        guard StateKeys.accessGrant(engine: owner, resource: resource, execution: execution).path == path else {
            throw .wrongKey
        }
        let active = grant.map { nowMillis < $0.expiresAtMillis } ?? false
        return Verified(attestation: statement, grant: grant, active: active)
    }
}
