/// CRC-32C (Castagnoli): the checksum that guards each sequencer-log record (the same code as L1Storage's, which
/// L2Node must not link).
///
/// Reflected polynomial `0x82F63B78`, initial value and final XOR `0xFFFFFFFF` (as iSCSI, ext4 and LevelDB use
/// it), computed a byte at a time from a 256-entry table. The check value of `"123456789"` is `0xE3069283`.
struct CRC32C: Sendable {
    /// The running register, before the final XOR.
    private var register: UInt32 = 0xFFFF_FFFF

    /// The reflected Castagnoli polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Starts a checksum of nothing yet.
    init() {}

    /// The checksum of everything fed so far.
    var value: UInt32 { register ^ 0xFFFF_FFFF }

    /// Feeds `bytes` into the checksum.
    mutating func update(_ bytes: some Sequence<UInt8>) {
        var crc = register
        let table = Self.table
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        register = crc
    }

    /// Feeds one byte into the checksum.
    mutating func update(_ byte: UInt8) {
        register = Self.table[Int((register ^ UInt32(byte)) & 0xFF)] ^ (register >> 8)
    }

    /// The CRC-32C of `bytes`.
    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    /// `table[b]` is the register after shifting byte `b` through eight rounds of the polynomial.
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 {
            crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1
        }
        return crc
    }
}
