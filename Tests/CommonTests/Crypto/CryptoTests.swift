import Testing

/// The parent suite of every Crypto test, so `swift test --filter Crypto` selects them all.
@Suite("Crypto")
enum CryptoTests {}
