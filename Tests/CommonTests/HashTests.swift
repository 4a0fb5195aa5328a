import Testing

@testable import Common

@Test("BLAKE2b-256 of the empty string matches the reference value")
func blake2bEmpty() {
    #expect(Hash.blake2b([UInt8]()).description == "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")
}
