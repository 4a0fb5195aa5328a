import Common
import L1App
import Testing

@Suite("Transaction encoding: canonical, capped, no trailing bytes")
struct TransactionCodecTests {
    static let body = Transaction(
        chainID: Fixture.chainID, signer: Fixture.alice.publicKey, nonce: 300, fee: 250,
        messages: [
            .send(to: Fixture.bob.publicKey.address, amount: 1_000_000),
            .send(to: Fixture.carol.publicKey.address, amount: Amount(UInt128.max)),
        ])

    static var signed: SignedTransaction { SignedTransaction(signing: body, with: Fixture.alice) }

    @Test("a signed transaction decodes to itself, re-encodes to the same bytes and verifies")
    func roundTrip() throws {
        let signed = Self.signed
        let decoded = try SignedTransaction(bytes: signed.bytes)
        #expect(decoded == signed)
        #expect(decoded.bytes == signed.bytes)
        #expect(decoded.hasValidSignature)
        #expect(decoded.hash == Hash.blake2b(signed.bytes))
        #expect(SignedTransaction.hash(of: signed.bytes) == decoded.hash)
        #expect(decoded.transaction.sender == Fixture.alice.publicKey.address)
    }

    @Test("a trailing byte is rejected")
    func trailingByte() {
        let bytes = Self.signed.bytes
        #expect(throws: CodecError.trailingBytes(offset: bytes.count, count: 1)) {
            try SignedTransaction(bytes: bytes + [0])
        }
    }

    @Test("every strict prefix of a transaction is rejected")
    func truncations() {
        let bytes = Self.signed.bytes
        for length in 0..<bytes.count {
            #expect(throws: CodecError.self) { try SignedTransaction(bytes: Array(bytes.prefix(length))) }
        }
    }

    @Test("more bytes than the maximum are rejected before decoding")
    func oversized() {
        let bytes = [UInt8](repeating: 0, count: TransactionLimits.maxBytes + 1)
        #expect(
            throws: CodecError.lengthOverCap(
                what: "transaction", offset: 0, length: UInt64(bytes.count), cap: TransactionLimits.maxBytes)
        ) {
            try SignedTransaction(bytes: bytes)
        }
    }

    @Test("more messages than the cap are rejected")
    func tooManyMessages() {
        var body = Self.body
        body.messages = Array(
            repeating: .send(to: Fixture.bob.publicKey.address, amount: 1), count: TransactionLimits.maxMessages + 1)
        let bytes = SignedTransaction(signing: body, with: Fixture.alice).bytes
        #expect {
            try SignedTransaction(bytes: bytes)
        } throws: { error in
            guard case .lengthOverCap(let what, _, let length, let cap) = error as? CodecError else { return false }
            return what == "messages" && length == UInt64(TransactionLimits.maxMessages + 1)
                && cap == TransactionLimits.maxMessages
        }
    }

    @Test("an unknown message tag is rejected")
    func unknownMessageTag() throws {
        var body = Self.body
        body.messages = [.send(to: Fixture.bob.publicKey.address, amount: 5)]
        var bytes = SignedTransaction(signing: body, with: Fixture.alice).bytes
        // The message list's count sits right after chain id, signer, nonce and fee; its tag follows.
        let tagOffset = 1 + Fixture.chainID.utf8.count + 32 + 2 + 2 + 1
        #expect(bytes[tagOffset] == 1)
        bytes[tagOffset] = 9
        #expect(throws: CodecError.unknownTag(what: "message", offset: tagOffset, tag: 9)) {
            try SignedTransaction(bytes: bytes)
        }
    }

    @Test("a non-minimal varint (the nonce written with a redundant byte) is rejected")
    func nonMinimalVarint() throws {
        var body = Self.body
        body.nonce = 1
        let bytes = SignedTransaction(signing: body, with: Fixture.alice).bytes
        let nonceOffset = 1 + Fixture.chainID.utf8.count + 32
        #expect(bytes[nonceOffset] == 1)
        var padded = bytes
        padded.replaceSubrange(nonceOffset..<nonceOffset + 1, with: [0x81, 0x00])
        #expect(throws: CodecError.nonMinimalVarint(offset: nonceOffset)) { try SignedTransaction(bytes: padded) }
    }

    @Test("a signer that is not an x coordinate on secp256k1 is rejected")
    func signerOffCurve() {
        var bytes = Self.signed.bytes
        let signerOffset = 1 + Fixture.chainID.utf8.count
        // p itself (above every valid x coordinate).
        let p = Hex.decode("fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f") ?? []
        bytes.replaceSubrange(signerOffset..<signerOffset + 32, with: p)
        #expect {
            try SignedTransaction(bytes: bytes)
        } throws: { error in
            guard case .invalidValue(let what, let offset, _) = error as? CodecError else { return false }
            return what == "account public key" && offset == signerOffset
        }
    }

    @Test("any change to the body or the signature breaks the signature")
    func tampering() throws {
        let signed = Self.signed
        var other = signed
        other.transaction.nonce += 1
        #expect(!other.hasValidSignature)
        other = signed
        other.transaction.chainID = "strata-other-1"
        #expect(!other.hasValidSignature)
        var signature = signed.signature.bytes
        signature[10] ^= 1
        other = SignedTransaction(transaction: signed.transaction, signature: try SchnorrSignature(bytes: signature))
        #expect(!other.hasValidSignature)
    }
}

@Suite("Amounts: checked arithmetic, decimal text, canonical varint")
struct AmountTests {
    @Test("adding past 2^128 - 1 and subtracting below zero give nil")
    func checkedArithmetic() {
        #expect(Amount.max.adding(1) == nil)
        #expect(Amount.max.adding(.zero) == .max)
        #expect(Amount(5).subtracting(6) == nil)
        #expect(Amount(5).subtracting(5) == .zero)
        #expect(Amount(2).adding(3) == 5)
    }

    @Test("decimal text: digits only, no sign or leading zero, at most 2^128 - 1")
    func decimal() {
        #expect(Amount(decimal: "0") == .zero)
        #expect(Amount(decimal: "250") == 250)
        #expect(Amount(decimal: "340282366920938463463374607431768211455") == .max)
        for bad in ["", "-1", "+1", "01", " 1", "1 ", "1.0", "1e3", "340282366920938463463374607431768211456", "x"] {
            #expect(Amount(decimal: bad) == nil, "\(bad)")
        }
    }

    @Test("canonical encoding is a varint of up to 128 bits")
    func canonical() throws {
        #expect(Amount(250).canonicalBytes == [0xFA, 0x01])
        #expect(try Amount(canonicalBytes: Amount.max.canonicalBytes) == .max)
        #expect(Amount.max.canonicalBytes.count == 19)
        #expect(throws: CodecError.self) { try Amount(canonicalBytes: [0x80, 0x00]) }
    }

    @Test("formatted with a denomination")
    func formatted() {
        #expect(Amount(10).formatted("ustrata") == "10ustrata")
    }
}
