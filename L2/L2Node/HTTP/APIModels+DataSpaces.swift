import Common
import L2Runtime

extension API {
    /// Where a committed-state answer was read: the sealed block whose state root it is checked against, with
    /// the sequencer's signature over that block's number, time, hash and state root and the time it was the latest (``BlockAttestation``), so a
    /// client that trusts the sequencer's key need not trust the server that answered.
    public struct SealedAt: Codable, Hashable, Sendable {
        /// The block number.
        public var block: UInt64
        /// The block's time, in ms since the Unix epoch.
        public var blockTimeMillis: UInt64
        /// The block hash.
        public var blockHash: String
        /// The block's state root.
        public var stateRoot: String
        /// When the block was the sequencer's latest committed one (ms, its clock), on a read of the latest block.
        public var latestAtMillis: UInt64?
        /// The sequencer's x-only public key, hex.
        public var sequencer: String
        /// The sequencer's BIP-340 signature over the ``BlockAttestation`` of the block, hex.
        public var signature: String

        enum CodingKeys: String, CodingKey {
            case block, sequencer, signature
            case blockHash = "block_hash"
            case stateRoot = "state_root"
            case blockTimeMillis = "block_time_ms"
            case latestAtMillis = "latest_at_ms"
        }

        /// The block of `statement`, attested by `sequencer` with `signature`.
        public init(_ statement: BlockAttestation, signature: SchnorrSignature, sequencer: AccountPublicKey) {
            block = statement.number
            blockTimeMillis = statement.timestampMillis
            blockHash = statement.blockHash.description
            stateRoot = statement.stateRoot.description
            latestAtMillis = statement.latestAtMillis
            self.sequencer = Hex.encode(sequencer.bytes)
            self.signature = Hex.encode(signature.bytes)
        }

        /// The attested statement and its signature, if the fields decode (the signature is not checked).
        public var attestation: (statement: BlockAttestation, signature: SchnorrSignature, sequencer: AccountPublicKey)?
        {
            guard let blockHash = Hash(hex: blockHash), let stateRoot = Hash(hex: stateRoot),
                let signature = try? SchnorrSignature(hex: signature), let key = try? AccountPublicKey(hex: sequencer)
            else { return nil }
            let statement = BlockAttestation(
                number: block, timestampMillis: blockTimeMillis, blockHash: blockHash, stateRoot: stateRoot,
                latestAtMillis: latestAtMillis)
            return (statement, signature, key)
        }
    }

    /// `GET /v1/zones/{id}`.
    public struct ZoneBody: Codable, Hashable, Sendable {
        /// The zone id.
        public var id: String
        /// The founder's address.
        public var founder: String
        /// The rules program's id.
        public var rules: String
        /// `public` or `private`.
        public var visibility: String
        /// The tax on payments, in basis points.
        public var taxBasisPoints: UInt16
        /// The least payment an execution order may carry.
        public var minimumPayment: Amount
        /// The fee to join.
        public var joinFee: Amount
        /// How many times the rules were revised.
        public var revision: UInt64
        /// The zone's pool (taxes and join fees).
        public var pool: Amount
        /// Where it was read.
        public var at: SealedAt

        enum CodingKeys: String, CodingKey {
            case id, founder, rules, visibility, revision, pool, at
            case taxBasisPoints = "tax_basis_points"
            case minimumPayment = "minimum_payment"
            case joinFee = "join_fee"
        }

        /// The JSON of `zone`.
        public init(_ zone: Zone, pool: Amount, at: SealedAt) {
            id = zone.id.description
            founder = zone.founder.description
            rules = zone.rules.description
            visibility = zone.visibility == .public ? "public" : "private"
            taxBasisPoints = zone.pricing.taxBasisPoints
            minimumPayment = zone.pricing.minimumPayment
            joinFee = zone.pricing.joinFee
            revision = zone.revision
            self.pool = pool
            self.at = at
        }
    }

    /// `GET /v1/resources/{id}`.
    public struct ResourceBody: Codable, Hashable, Sendable {
        /// The resource id.
        public var id: String
        /// The controller's address.
        public var controller: String
        /// `dataset`, `service`, `algorithm`, `infrastructure`, `identity` or `workflowEngine`.
        public var kind: String
        /// The endpoint URI.
        public var endpoint: String
        /// The metadata's hash.
        public var metadataHash: String
        /// The consent program's id.
        public var consent: String
        /// The price per execution.
        public var price: Amount
        /// Whether the controller withdrew it.
        public var dereferenced: Bool
        /// Where it was read.
        public var at: SealedAt

        enum CodingKeys: String, CodingKey {
            case id, controller, kind, endpoint, consent, price, dereferenced, at
            case metadataHash = "metadata_hash"
        }

        /// The JSON of `resource`.
        public init(_ resource: Resource, at: SealedAt) {
            id = resource.id.description
            controller = resource.controller.description
            kind = "\(resource.kind)"
            endpoint = resource.endpoint
            metadataHash = resource.metadataHash.description
            consent = resource.consent.description
            price = resource.price
            dereferenced = resource.dereferenced
            self.at = at
        }
    }

    /// One engine report in `GET /v1/executions/{id}`.
    public struct ReportBody: Codable, Hashable, Sendable {
        /// `started`, `delivered` or `failed`.
        public var status: String
        /// The resources the engine used.
        public var consumed: [String]
        /// The resources it produced.
        public var produced: [String]
        /// The hash of the engine's evidence.
        public var evidenceHash: String
        /// The block time of the report, in milliseconds.
        public var reportedAtMs: UInt64

        enum CodingKeys: String, CodingKey {
            case status, consumed, produced
            case evidenceHash = "evidence_hash"
            case reportedAtMs = "reported_at_ms"
        }

        /// The JSON of `report`.
        public init(_ report: ExecutionReport) {
            status = "\(report.status)"
            consumed = report.consumed.map(\.description)
            produced = report.produced.map(\.description)
            evidenceHash = report.evidenceHash.description
            reportedAtMs = report.reportedAtMillis
        }
    }

    /// `GET /v1/programs/{id}`.
    public struct ProgramBody: Codable, Hashable, Sendable {
        /// The program id: the BLAKE2b-256 of its source.
        public var id: String
        /// The rules source, as stored (it parsed when stored, so it is UTF-8).
        public var source: String
        /// Where it was read.
        public var at: SealedAt

        /// The JSON of the program `id` with `source`.
        public init(id: Hash, source: [UInt8], at: SealedAt) {
            self.id = id.description
            self.source = String(decoding: source, as: UTF8.self)
            self.at = at
        }
    }

    /// `GET /v1/credentials/{id}`.
    public struct CredentialBody: Codable, Hashable, Sendable {
        /// The credential id.
        public var id: String
        /// The issuer's address.
        public var issuer: String
        /// The subject's address.
        public var subject: String
        /// The credential type.
        public var type: String
        /// The hash of the claim document.
        public var claimHash: String
        /// Valid from this block time (inclusive), in milliseconds.
        public var validFromMs: UInt64
        /// Valid until this block time (exclusive), in milliseconds.
        public var validUntilMs: UInt64
        /// Whether the issuer revoked it.
        public var revoked: Bool
        /// Whether the subject accepted it and holds it now (only then do rules see it, while it is valid).
        public var held: Bool
        /// Where it was read.
        public var at: SealedAt

        enum CodingKeys: String, CodingKey {
            case id, issuer, subject, type, revoked, held, at
            case claimHash = "claim_hash"
            case validFromMs = "valid_from_ms"
            case validUntilMs = "valid_until_ms"
        }

        /// The JSON of `credential`, held or not by its subject.
        public init(_ credential: Credential, held: Bool, at: SealedAt) {
            id = credential.id.description
            issuer = credential.issuer.description
            subject = credential.subject.description
            type = credential.type
            claimHash = credential.claimHash.description
            validFromMs = credential.validFromMillis
            validUntilMs = credential.validUntilMillis
            revoked = credential.revoked
            self.held = held
            self.at = at
        }
    }

    /// `GET /v1/executions/{id}`: the order and its reports, in order.
    public struct ExecutionBody: Codable, Hashable, Sendable {
        /// The execution id.
        public var id: String
        /// Who asked and pays.
        public var consumer: String
        /// The zone.
        public var zone: String
        /// The workflow engine (a resource id).
        public var engine: String
        /// The resources the engine may use.
        public var resources: [String]
        /// Their prices when ordered.
        public var prices: [Amount]
        /// The hash of the parameters.
        public var paramsHash: String
        /// The escrowed payment.
        public var payment: Amount
        /// The deadline (block time, ms).
        public var deadlineMs: UInt64
        /// The block time of the request (ms).
        public var requestedAtMs: UInt64
        /// `requested`, `started`, `delivered`, `failed` or `cancelled`.
        public var status: String
        /// The engine's reports, in order.
        public var reports: [ReportBody]
        /// Where it was read.
        public var at: SealedAt

        enum CodingKeys: String, CodingKey {
            case id, consumer, zone, engine, resources, prices, payment, status, reports, at
            case paramsHash = "params_hash"
            case deadlineMs = "deadline_ms"
            case requestedAtMs = "requested_at_ms"
        }

        /// The JSON of `order` and its `reports`.
        public init(_ order: ExecutionOrder, reports: [ExecutionReport], at: SealedAt) {
            id = order.id.description
            consumer = order.consumer.description
            zone = order.zone.description
            engine = order.engine.description
            resources = order.resources.map(\.description)
            prices = order.prices
            paramsHash = order.paramsHash.description
            payment = order.payment
            deadlineMs = order.deadlineMillis
            requestedAtMs = order.requestedAtMillis
            status = "\(order.status)"
            self.reports = reports.map(ReportBody.init)
            self.at = at
        }
    }

    /// One step of `GET /v1/resources/{id}/provenance`: `resource` was produced by `execution`.
    public struct ProvenanceStepBody: Codable, Hashable, Sendable {
        /// The produced resource.
        public var resource: String
        /// The execution that produced it.
        public var execution: String
        /// The engine that ran it.
        public var engine: String
        /// The zone it ran in.
        public var zone: String
        /// What it consumed (each may have its own steps further on).
        public var consumed: [String]
        /// The hash of the engine's evidence.
        public var evidenceHash: String
        /// The block time of delivery (ms).
        public var deliveredAtMs: UInt64

        enum CodingKeys: String, CodingKey {
            case resource, execution, engine, zone, consumed
            case evidenceHash = "evidence_hash"
            case deliveredAtMs = "delivered_at_ms"
        }

        /// The JSON of `step`.
        public init(_ step: ProvenanceStep) {
            resource = step.resource.description
            execution = step.link.execution.description
            engine = step.link.engine.description
            zone = step.link.zone.description
            consumed = step.link.consumed.map(\.description)
            evidenceHash = step.link.evidenceHash.description
            deliveredAtMs = step.link.deliveredAtMillis
        }
    }

    /// `GET /v1/resources/{id}/provenance`: the chain of custody, breadth first from the resource.
    public struct ProvenanceBody: Codable, Hashable, Sendable {
        /// The resource asked about.
        public var resource: String
        /// The steps, breadth first, each resource visited once.
        public var steps: [ProvenanceStepBody]
        /// Whether the step bound cut the walk short.
        public var truncated: Bool
        /// Where it was read.
        public var at: SealedAt
    }

    /// An access grant's fields.
    public struct GrantFields: Codable, Hashable, Sendable {
        /// The engine (a resource id).
        public var engine: String
        /// The resource it may use.
        public var resource: String
        /// For this execution.
        public var execution: String
        /// In this zone.
        public var zone: String
        /// Until this block time (ms).
        public var expiresAtMs: UInt64

        enum CodingKeys: String, CodingKey {
            case engine, resource, execution, zone
            case expiresAtMs = "expires_at_ms"
        }

        /// The JSON of `grant`.
        public init(_ grant: AccessGrant) {
            engine = grant.engine.description
            resource = grant.resource.description
            execution = grant.execution.description
            zone = grant.zone.description
            expiresAtMs = grant.expiresAtMillis
        }
    }

    /// `GET /v1/grants/{execution}/{resource}`: the grant (or its absence) with a state proof against the
    /// sealed block's state root.
    ///
    /// A client checks it with `Common` alone:
    /// `try StateProof(canonicalBytes: proof).verify(path: Hash(hex: key), value: value, root: Hash(hex: state_root))`.
    public struct GrantBody: Codable, Hashable, Sendable {
        /// The grant, or `nil` when there is none (ended, or never issued): the proof then shows the key absent.
        public var grant: GrantFields?
        /// The state key's path (the tree position), hex.
        public var key: String
        /// The value at the key (the grant's canonical encoding), hex, or `nil`.
        public var value: String?
        /// The ``Common/StateProof``'s canonical encoding, hex.
        public var proof: String
        /// The sealed block whose state root the proof leads to.
        public var at: SealedAt
    }

    /// One event of the `GET /v1/events` websocket feed. Fields that do not apply to the kind are absent.
    public struct EventBody: Codable, Hashable, Sendable {
        /// The sealed block's number.
        public var block: UInt64
        /// The sealed block's hash.
        public var blockHash: String
        /// The block time (ms).
        public var blockTimeMs: UInt64
        /// The emitting transaction's position in the block.
        public var txIndex: UInt32
        /// The emitting transaction's hash.
        public var txHash: String
        /// The kind (``L2Runtime/RuntimeEvent/Kind/name``).
        public var kind: String
        /// The execution concerned.
        public var execution: String?
        /// The engine concerned (a resource id).
        public var engine: String?
        /// The address that controls the engine.
        public var engineController: String?
        /// The zone.
        public var zone: String?
        /// The resource.
        public var resource: String?
        /// A reported execution status.
        public var status: String?
        /// A deadline or grant expiry (block time, ms).
        public var deadlineMs: UInt64?
        /// An account (founder, controller, issuer, consumer, recipient, member, owner).
        public var account: String?
        /// A second account (a credential's subject, a withdrawal's L1 recipient).
        public var counterparty: String?
        /// An amount paid, refunded or withdrawn.
        public var amount: Amount?
        /// Any other id the kind names (a program, rules, a credential, a resource kind, a sequence number).
        public var detail: String?

        enum CodingKeys: String, CodingKey {
            case block, kind, execution, engine, zone, resource, status, account, counterparty, amount, detail
            case blockHash = "block_hash"
            case blockTimeMs = "block_time_ms"
            case txIndex = "tx_index"
            case txHash = "tx_hash"
            case engineController = "engine_controller"
            case deadlineMs = "deadline_ms"
        }

        /// The JSON of `event`.
        public init(_ event: FeedEvent) {
            block = event.blockNumber
            blockHash = event.blockHash.description
            blockTimeMs = event.blockTimeMillis
            txIndex = event.transactionIndex
            txHash = event.transactionHash.description
            kind = event.kind.name
            engine = event.engine?.description
            engineController = event.engineController?.description
            switch event.kind {
            case .programStored(let program): detail = program.description
            case .zoneFounded(let zone, let founder):
                self.zone = zone.description
                account = founder.description
            case .zoneRulesRevised(let zone, let rules):
                self.zone = zone.description
                detail = rules.description
            case .resourceRegistered(let resource, let controller, let kind):
                self.resource = resource.description
                account = controller.description
                detail = "\(kind)"
            case .resourceUpdated(let resource), .resourceDereferenced(let resource):
                self.resource = resource.description
            case .memberJoined(let zone, let member), .memberLeft(let zone, let member):
                self.zone = zone.description
                switch member {
                case .account(let address): account = address.description
                case .resource(let id): resource = id.description
                }
            case .credentialIssued(let credential, let issuer, let subject):
                detail = credential.description
                account = issuer.description
                counterparty = subject.description
            case .credentialRevoked(let credential): detail = credential.description
            case .credentialAccepted(let credential, let subject), .credentialDismissed(let credential, let subject):
                detail = credential.description
                account = subject.description
            case .executionRequested(let execution, let zone, _, let deadline):
                self.execution = execution.description
                self.zone = zone.description
                deadlineMs = deadline
            case .executionReported(let execution, let status):
                self.execution = execution.description
                self.status = "\(status)"
            case .executionCancelled(let execution): self.execution = execution.description
            case .accessGranted(_, let resource, let execution, let expires):
                self.resource = resource.description
                self.execution = execution.description
                deadlineMs = expires
            case .grantEnded(_, let resource, let execution):
                self.resource = resource.description
                self.execution = execution.description
            case .zonePoolClaimed(let zone, let founder, let amount):
                self.zone = zone.description
                account = founder.description
                self.amount = amount
            case .paid(let execution, let recipient, let amount):
                self.execution = execution.description
                account = recipient.description
                self.amount = amount
            case .refunded(let execution, let consumer, let amount):
                self.execution = execution.description
                account = consumer.description
                self.amount = amount
            case .withdrawalRecorded(let sequence, let owner, let recipient, let amount):
                detail = "\(sequence)"
                account = owner.description
                counterparty = recipient.description
                self.amount = amount
            }
        }
    }
}
