import Testing

@testable import Common

extension CryptoTests {
    /// BLAKE2b-256 (BLAKE2b with a 32-byte output, no key) known answers.
    ///
    /// Sources: the empty string and "abc" are the BLAKE2b-256 values in Bouncy Castle's digest tests and in
    /// stellar-core's CryptoTests.cpp, which also gives the 56-byte "abcdbcdecdef..." value; the 1,000,000 x "a"
    /// value was computed with CPython's `hashlib.blake2b(digest_size=32)` (the BLAKE2 authors' reference code),
    /// which reproduces all the published values above.
    @Suite("BLAKE2b-256")
    struct Blake2bTests {
        static let knownAnswers: [(input: [UInt8], digest: String)] = [
            ([], "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"),
            (Array("abc".utf8), "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"),
            (
                Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
                "5f7a93da9c5621583f22e49e8e91a40cbba37536622235a380f434b9f68e49c4"
            ),
            (
                [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
                "0741850f36cba4259628355d1073e24ddb9ca0e1bfac36fd39ae5dc2101e23a4"
            ),
        ]

        @Test("one-shot hashing gives the published digests")
        func oneShot() {
            for (input, digest) in Self.knownAnswers {
                #expect(Hash.blake2b(input).description == digest, "input of \(input.count) bytes")
            }
        }

        @Test("streaming in uneven pieces gives the same digest as one-shot hashing")
        func streamingMatchesOneShot() {
            for (input, digest) in Self.knownAnswers {
                var hasher = Blake2b()
                var start = 0
                var piece = 1
                while start < input.count {
                    let end = min(input.count, start + piece)
                    hasher.update(input[start..<end])
                    start = end
                    piece = piece * 3 + 1
                }
                #expect(hasher.finalize().description == digest, "input of \(input.count) bytes")
            }
        }
    }
}
