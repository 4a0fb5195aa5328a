import Common

/// Who may see and use a zone: anyone, or its members only.
public enum ZoneVisibility: UInt8, CaseIterable, Hashable, Sendable {
    /// Anyone may request executions in the zone.
    case `public` = 0
    /// Only accounts that joined the zone may request executions in it.
    case `private` = 1
}

/// A zone's prices: the tax it takes on every delivered execution, the smallest payment an execution may
/// offer, and the fee to join.
public struct ZonePricing: Hashable, Sendable {
    /// The largest tax, 100% in basis points.
    public static let maxTaxBasisPoints: UInt16 = 10_000

    /// What the zone's pool takes of every payout, in basis points (1/100 of a percent), at most 10,000.
    public var taxBasisPoints: UInt16
    /// The smallest payment a ``TransactionKind/requestExecution`` in the zone may escrow.
    public var minimumPayment: Amount
    /// What joining the zone costs (paid to the zone's pool).
    public var joinFee: Amount

    /// Creates pricing parameters.
    public init(taxBasisPoints: UInt16, minimumPayment: Amount, joinFee: Amount) {
        self.taxBasisPoints = taxBasisPoints
        self.minimumPayment = minimumPayment
        self.joinFee = joinFee
    }
}

/// A zone (a Data Space): its founder, its rules program, its visibility and its prices.
public struct Zone: Hashable, Sendable {
    /// The zone's id (``RecordID/zone``).
    public var id: Hash
    /// Who founded it.
    public var founder: Address
    /// The hash of its rules program (a stored program).
    public var rules: Hash
    /// Who may use it.
    public var visibility: ZoneVisibility
    /// Its prices.
    public var pricing: ZonePricing
    /// How many times its rules were revised.
    public var revision: UInt64

    /// Creates a zone record.
    public init(
        id: Hash, founder: Address, rules: Hash, visibility: ZoneVisibility, pricing: ZonePricing, revision: UInt64
    ) {
        self.id = id
        self.founder = founder
        self.rules = rules
        self.visibility = visibility
        self.pricing = pricing
        self.revision = revision
    }
}

extension ZoneVisibility: CanonicalCodable {
    /// One byte: 0 public, 1 private.
    public func encode(to writer: inout ByteWriter) { writer.write(rawValue) }

    /// Reads the byte; any other value is an error.
    public init(from reader: inout ByteReader) throws(CodecError) {
        let offset = reader.offset
        let raw = try reader.readUInt8("zone visibility")
        guard let visibility = ZoneVisibility(rawValue: raw) else {
            throw .unknownTag(what: "zone visibility", offset: offset, tag: UInt64(raw))
        }
        self = visibility
    }
}

extension ZonePricing: CanonicalCodable {
    /// `varint(taxBasisPoints) || varint(minimumPayment) || varint(joinFee)`.
    public func encode(to writer: inout ByteWriter) {
        writer.writeVarint(taxBasisPoints)
        writer.write(minimumPayment)
        writer.write(joinFee)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        taxBasisPoints = try reader.readVarint(UInt16.self, "tax basis points")
        minimumPayment = try reader.read(Amount.self)
        joinFee = try reader.read(Amount.self)
    }
}

extension Zone: CanonicalCodable {
    /// `id || founder (20) || rules || visibility (1) || pricing || varint(revision)`.
    public func encode(to writer: inout ByteWriter) {
        writer.write(id)
        writer.write(founder)
        writer.write(rules)
        writer.write(visibility)
        writer.write(pricing)
        writer.writeVarint(revision)
    }

    /// Reads the fields in order.
    public init(from reader: inout ByteReader) throws(CodecError) {
        id = try reader.readHash("zone id")
        founder = try reader.read(Address.self)
        rules = try reader.readHash("zone rules")
        visibility = try reader.read(ZoneVisibility.self)
        pricing = try reader.read(ZonePricing.self)
        revision = try reader.readVarint(UInt64.self, "revision")
    }
}
