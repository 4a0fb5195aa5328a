import Common

extension Runtime {
    /// ``TransactionKind/issueCredential``: anchors a credential issued by the sender, offered to the subject. It
    /// counts in the subject's rules requests only once the subject accepts it (``acceptCredential``), so a
    /// stranger cannot fill the subject's list.
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
        try state.store(credential, StateKeys.credential(credential.id))
        state.emit(.credentialIssued(credential: credential.id, issuer: call.sender, subject: payload.subject))
    }

    /// ``TransactionKind/revokeCredential``: the issuer revokes a credential, for good.
    func revokeCredential(
        _ payload: CredentialPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        var credential = try loadCredential(payload.credential, state: &state)
        guard credential.issuer == call.sender else { throw .failed(.notIssuer) }
        guard !credential.revoked else { throw .failed(.credentialRevoked) }
        credential.revoked = true
        try state.store(credential, StateKeys.credential(credential.id))
        let heldKey = StateKeys.heldCredentials(credential.subject)
        if var held = try state.load(HeldCredentials.self, heldKey), held.ids.contains(credential.id) {
            held.ids.removeAll { $0 == credential.id }
            try state.store(held, heldKey)
        }
        state.emit(.credentialRevoked(credential: credential.id))
    }

    /// ``TransactionKind/acceptCredential``: the subject adds a credential issued to it, not revoked and not
    /// expired, to what it holds (dropping its revoked and expired credentials first if the list is full).
    func acceptCredential(
        _ payload: CredentialPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        let credential = try loadCredential(payload.credential, state: &state)
        guard credential.subject == call.sender else { throw .failed(.notSubject) }
        guard !credential.revoked else { throw .failed(.credentialRevoked) }
        guard credential.validUntilMillis > call.now else { throw .failed(.credentialExpired) }
        let heldKey = StateKeys.heldCredentials(call.sender)
        var held = try state.load(HeldCredentials.self, heldKey) ?? HeldCredentials(ids: [])
        guard !held.ids.contains(credential.id) else { throw .failed(.alreadyHeld) }
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
        state.emit(.credentialAccepted(credential: credential.id, subject: call.sender))
    }

    /// ``TransactionKind/dismissCredential``: the subject removes a credential from what it holds. The
    /// credential's record stays (it is the issuer's), and the subject may accept it again.
    func dismissCredential(
        _ payload: CredentialPayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        let credential = try loadCredential(payload.credential, state: &state)
        guard credential.subject == call.sender else { throw .failed(.notSubject) }
        let heldKey = StateKeys.heldCredentials(call.sender)
        guard var held = try state.load(HeldCredentials.self, heldKey), held.ids.contains(credential.id) else {
            throw .failed(.notHeld)
        }
        held.ids.removeAll { $0 == credential.id }
        try state.store(held, heldKey)
        state.emit(.credentialDismissed(credential: credential.id, subject: call.sender))
    }

    /// The credential `id`, or fails with ``FailureReason/unknownCredential``.
    private func loadCredential(_ id: Hash, state: inout StagedState) throws(BodyError) -> Credential {
        guard let credential = try state.load(Credential.self, StateKeys.credential(id)) else {
            throw .failed(.unknownCredential)
        }
        return credential
    }
}
