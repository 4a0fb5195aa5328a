import Common

extension Runtime {
    /// ``TransactionKind/issueCredential``: anchors a credential issued by the sender and adds it to what the
    /// subject holds (dropping the subject's revoked and expired credentials if the list is full).
    func issueCredential(
        _ payload: IssueCredentialPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        guard !payload.type.isEmpty, payload.validFromMillis < payload.validUntilMillis else {
            throw .failed(.invalidParameter)
        }
        let credential = Credential(
            id: call.newID(RecordID.credential), issuer: call.sender, subject: payload.subject, type: payload.type,
            claimHash: payload.claimHash, validFromMillis: payload.validFromMillis,
            validUntilMillis: payload.validUntilMillis, revoked: false)
        let heldKey = StateKeys.heldCredentials(payload.subject)
        var held = try state.load(HeldCredentials.self, heldKey) ?? HeldCredentials(ids: [])
        if held.ids.count >= HeldCredentials.cap {
            var kept: [Hash] = []
            for id in held.ids {
                if let old = try state.load(Credential.self, StateKeys.credential(id)),
                    !old.revoked, old.validUntilMillis > call.now
                {
                    kept.append(id)
                }
            }
            held.ids = kept
        }
        guard held.ids.count < HeldCredentials.cap else { throw .failed(.tooManyCredentials) }
        held.ids.append(credential.id)
        try state.store(held, heldKey)
        try state.store(credential, StateKeys.credential(credential.id))
        state.emit(.credentialIssued(credential: credential.id, issuer: call.sender, subject: payload.subject))
    }

    /// ``TransactionKind/revokeCredential``: the issuer revokes a credential, for good.
    func revokeCredential(
        _ payload: RevokeCredentialPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        guard var credential = try state.load(Credential.self, StateKeys.credential(payload.credential)) else {
            throw .failed(.unknownCredential)
        }
        guard credential.issuer == call.sender else { throw .failed(.notIssuer) }
        guard !credential.revoked else { throw .failed(.credentialRevoked) }
        credential.revoked = true
        try state.store(credential, StateKeys.credential(credential.id))
        let heldKey = StateKeys.heldCredentials(credential.subject)
        if var held = try state.load(HeldCredentials.self, heldKey) {
            held.ids.removeAll { $0 == credential.id }
            try state.store(held, heldKey)
        }
        state.emit(.credentialRevoked(credential: credential.id))
    }
}
