import Common
import L1App
import Testing

@Suite("checkTx: the mempool's admission checks against the check state")
struct CheckTxTests {
    @Test("a valid transfer is accepted with the fee as priority, the sender and the nonce")
    func accepted() throws {
        let app = try Fixture.app()
        let response = try app.checkTx(
            Fixture.send(Fixture.alice, to: Fixture.bob, amount: 10, nonce: 0, fee: 300), kind: .new)
        #expect(response.code == .ok)
        #expect(response.log.isEmpty)
        #expect(response.priority == 300)
        #expect(response.sender == Fixture.alice.publicKey.address)
        #expect(response.nonce == 0)
    }

    @Test("consecutive nonces of one sender wait together; a repeat or a gap is a bad nonce")
    func consecutiveNonces() throws {
        let app = try Fixture.app()
        for nonce in UInt64(0)..<3 {
            #expect(
                try app.checkTx(Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: nonce), kind: .new).isOK)
        }
        let repeated = try app.checkTx(Fixture.send(Fixture.alice, to: Fixture.bob, amount: 2, nonce: 2), kind: .new)
        #expect(repeated.code == .badNonce)
        #expect(repeated.log == "nonce 2 does not match the account's next nonce 3")
        let gap = try app.checkTx(Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 5), kind: .new)
        #expect(gap.code == .badNonce)
    }

    @Test("rejected transactions change neither the committed state nor the check state")
    func rejectionsChangeNothing() throws {
        let app = try Fixture.app()
        let before = try app.appHash
        var wrongSigner = Transaction(
            chainID: Fixture.chainID, signer: Fixture.alice.publicKey, nonce: 0, fee: Fixture.minFee,
            messages: [.send(to: Fixture.bob.publicKey.address, amount: 1)])
        let signedByBob = SignedTransaction(signing: wrongSigner, with: Fixture.bob).bytes
        wrongSigner.fee = 10
        let lowFee = SignedTransaction(signing: wrongSigner, with: Fixture.alice).bytes
        var flipped = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0)
        flipped[flipped.count - 1] ^= 0x01

        let cases: [(String, [UInt8], ResultCode)] = [
            ("signed by another key", signedByBob, .badSignature),
            ("signature bit flipped", flipped, .badSignature),
            (
                "wrong chain", Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0, chainID: "other-1"),
                .wrongChain
            ),
            ("nonce ahead", Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 1), .badNonce),
            ("fee too low", lowFee, .feeTooLow),
            ("malformed", [1, 2, 3], .badEncoding),
            ("empty", [], .badEncoding),
            ("trailing byte", Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0) + [0], .badEncoding),
            ("too large", [UInt8](repeating: 0, count: TransactionLimits.maxBytes + 1), .transactionTooLarge),
            ("zero amount", Fixture.send(Fixture.alice, to: Fixture.bob, amount: 0, nonce: 0), .invalidMessage),
            ("no message", Fixture.tx(Fixture.alice, nonce: 0, messages: []), .invalidMessage),
            (
                "no funds for the fee", Fixture.send(Fixture.dave, to: Fixture.bob, amount: 1, nonce: 0),
                .insufficientFunds
            ),
        ]
        for (name, bytes, code) in cases {
            let response = try app.checkTx(bytes, kind: .new)
            #expect(response.code == code, "\(name): \(response.log)")
            #expect(!response.log.isEmpty, "\(name)")
        }
        #expect(try app.appHash == before)
        // Alice's nonce 0 is still the next one in the check state.
        #expect(try app.checkTx(Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0), kind: .new).isOK)
        #expect(try app.account(Fixture.alice) == Account(balance: Fixture.startingBalance, nonce: 0))
    }

    @Test("log messages say what was wrong")
    func logMessages() throws {
        let app = try Fixture.app()
        let lowFee = try app.checkTx(
            Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0, fee: 10), kind: .new)
        #expect(lowFee.log == "fee 10ustrata below minimum 250ustrata")
        let wrongChain = try app.checkTx(
            Fixture.tx(
                Fixture.alice, nonce: 0, messages: [.send(to: Fixture.bob.publicKey.address, amount: 1)], chainID: "x-1"
            ),
            kind: .new)
        #expect(wrongChain.log == "transaction is for chain \"x-1\", this is \"strata-test-1\"")
        let broke = try app.checkTx(Fixture.send(Fixture.dave, to: Fixture.bob, amount: 1, nonce: 0), kind: .new)
        #expect(broke.log == "balance 0ustrata cannot pay fee 250ustrata")
        #expect(broke.sender == Fixture.dave.publicKey.address)
    }

    @Test("the check state pays fees: a sender cannot queue more fees than its balance")
    func feesAccumulate() throws {
        var genesis = Fixture.genesis
        genesis.bank.accounts.append(GenesisAccount(address: Fixture.dave.publicKey.address, balance: 600))
        let app = try Fixture.app(genesis)
        #expect(try app.checkTx(Fixture.send(Fixture.dave, to: Fixture.bob, amount: 1, nonce: 0), kind: .new).isOK)
        #expect(try app.checkTx(Fixture.send(Fixture.dave, to: Fixture.bob, amount: 1, nonce: 1), kind: .new).isOK)
        let third = try app.checkTx(Fixture.send(Fixture.dave, to: Fixture.bob, amount: 1, nonce: 2), kind: .new)
        #expect(third.code == .insufficientFunds)
    }

    @Test("after a commit, recheck drops what the block included and keeps what is still valid")
    func recheck() throws {
        let app = try Fixture.app()
        let first = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0)
        let second = Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 1)
        #expect(try app.checkTx(first, kind: .new).isOK)
        #expect(try app.checkTx(second, kind: .new).isOK)
        try app.block([first])
        #expect(try app.checkTx(first, kind: .recheck).code == .badNonce)
        #expect(try app.checkTx(second, kind: .recheck).isOK)
        #expect(try app.checkTx(Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 2), kind: .new).isOK)
    }

    @Test("checkTx before genesis is a misuse")
    func beforeGenesis() throws {
        let app = try L1Application(tree: StateTree.inMemory())
        #expect(throws: ApplicationError.notInitialized) {
            try app.checkTx(Fixture.send(Fixture.alice, to: Fixture.bob, amount: 1, nonce: 0), kind: .new)
        }
    }
}
