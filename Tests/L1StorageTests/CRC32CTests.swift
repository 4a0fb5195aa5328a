import Testing

@testable import L1Storage

@Suite("CRC-32C")
struct CRC32CTests {
    @Test("the check value of \"123456789\" is 0xE3069283")
    func checkValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test("published iSCSI vectors (RFC 3720 B.4): 32 zero bytes, 32 0xFF bytes, 0...31 ascending")
    func rfc3720Vectors() {
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
    }

    @Test("the empty input checks to 0, and feeding in pieces equals feeding at once")
    func incremental() {
        #expect(CRC32C.checksum([UInt8]()) == 0)
        let bytes = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var crc = CRC32C()
        crc.update(bytes[0..<1])
        crc.update(bytes[1])
        crc.update(bytes[2..<150])
        crc.update(bytes[150...])
        #expect(crc.value == CRC32C.checksum(bytes))
    }
}
