import Common

extension Runtime {
    /// The resource `id`, or fails with ``FailureReason/unknownResource``.
    func loadResource(_ id: Hash, state: inout StagedState) throws(BodyError) -> Resource {
        guard let resource = try state.load(Resource.self, StateKeys.resource(id)) else {
            throw .failed(.unknownResource)
        }
        return resource
    }

    /// The resource `id` if the sender controls it; fails with ``FailureReason/unknownResource`` or
    /// ``FailureReason/notController``.
    func loadControlledResource(
        _ id: Hash, call: Call, state: inout StagedState
    ) throws(BodyError) -> Resource {
        let resource = try loadResource(id, state: &state)
        guard resource.controller == call.sender else { throw .failed(.notController) }
        return resource
    }

    /// ``TransactionKind/registerResource``: records a resource controlled by the sender.
    func registerResource(
        _ payload: RegisterResourcePayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        guard !payload.endpoint.isEmpty else { throw .failed(.invalidParameter) }
        try requireProgram(payload.consent, state: &state)
        let resource = Resource(
            id: call.newID(RecordID.resource), controller: call.sender, kind: payload.kind, endpoint: payload.endpoint,
            metadataHash: payload.metadataHash, consent: payload.consent, price: payload.price, dereferenced: false)
        try state.store(resource, StateKeys.resource(resource.id))
        state.emit(.resourceRegistered(resource: resource.id, controller: call.sender, kind: payload.kind))
    }

    /// ``TransactionKind/updateResource``: the controller replaces the endpoint, metadata, consent and price of a
    /// resource it has not dereferenced.
    func updateResource(
        _ payload: UpdateResourcePayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        var resource = try loadControlledResource(payload.resource, call: call, state: &state)
        guard !resource.dereferenced else { throw .failed(.resourceDereferenced) }
        guard !payload.endpoint.isEmpty else { throw .failed(.invalidParameter) }
        try requireProgram(payload.consent, state: &state)
        resource.endpoint = payload.endpoint
        resource.metadataHash = payload.metadataHash
        resource.consent = payload.consent
        resource.price = payload.price
        try state.store(resource, StateKeys.resource(resource.id))
        state.emit(.resourceUpdated(resource: resource.id))
    }

    /// ``TransactionKind/dereferenceResource``: always allowed to the controller; no new execution may use the
    /// resource afterwards (grants already issued run to their order's end).
    func dereferenceResource(
        _ payload: DereferenceResourcePayload, call: Call, state: inout StagedState
    ) throws(BodyError) {
        var resource = try loadControlledResource(payload.resource, call: call, state: &state)
        guard !resource.dereferenced else { return }
        resource.dereferenced = true
        try state.store(resource, StateKeys.resource(resource.id))
        state.emit(.resourceDereferenced(resource: resource.id))
    }
}
