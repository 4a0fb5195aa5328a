import Common
import L2Runtime

/// Why an access grant's answer does not verify.
public enum GrantVerificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A field of the answer does not decode (hex, a key, a signature, the proof or the grant).
    case malformed(String)
    /// The answer is attested by another key than the sequencer's.
    case wrongSequencer(String)
    /// The signature is not the sequencer's over (block, hash, root) on the chain.
    case badAttestation
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
    }

    /// Checks the answer the way a Secret Vault does, trusting only `sequencer`'s key and `chainID`: the block
    /// attestation, then the proof of the grant's key and value under the attested root, then that the key is the
    /// one of `engine`'s grant on `resource` for `execution` (for a present grant the engine is read from the
    /// proven value; an absent one needs `engine`). The server that answered is not trusted at all.
    public func verified(
        sequencer: AccountPublicKey, chainID: String, execution: Hash, resource: Hash, engine: Hash? = nil
    ) throws(GrantVerificationError) -> Verified {
        guard let (statement, signature, signer) = at.attestation else { throw .malformed("at") }
        guard signer == sequencer else { throw .wrongSequencer(at.sequencer) }
        guard statement.verify(signature, sequencer: sequencer, chainID: chainID) else { throw .badAttestation }
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
        return Verified(attestation: statement, grant: grant)
    }
}
