import Common
import L1App
import Testing

@Suite("query: accounts and params, with proofs against the app hash")
struct QueryTests {
    @Test("an account's value and proof verify against the block's app hash with Common alone")
    func accountProof() throws {
        let app = try Fixture.app()
        let block = try app.block([Fixture.send(Fixture.alice, to: Fixture.bob, amount: 10, nonce: 0)])
        let address = Fixture.bob.publicKey.address
        let response = try app.query(QueryRequest(path: "/account/\(address)", prove: true))
        #expect(response.code == .ok)
        #expect(response.height == 1)
        let key = StateKey(namespace: "bank/account", key: address.bytes)
        #expect(response.key == key.path.bytes)
        let value = try #require(response.value)
        #expect(try Account(canonicalBytes: value) == Account(balance: 1_000_010, nonce: 0))
        let proof = try #require(response.proof)
        try proof.verify(path: key.path, value: value, root: block.appHash)
        // The proof travels in its canonical encoding.
        try StateProof(canonicalBytes: proof.canonicalBytes).verify(path: key.path, value: value, root: block.appHash)
        // It does not prove another balance.
        #expect(throws: StateError.self) {
            try proof.verify(path: key.path, value: Account(balance: 1, nonce: 0).canonicalBytes, root: block.appHash)
        }
    }

    @Test("an absent account has no value and an exclusion proof")
    func absentAccount() throws {
        let app = try Fixture.app()
        let block = try app.block([])
        let address = Fixture.dave.publicKey.address
        let response = try app.query(QueryRequest(path: "/account/\(address)", prove: true))
        #expect(response.code == .ok)
        #expect(response.value == nil)
        let proof = try #require(response.proof)
        try proof.verify(path: Account.stateKey(address).path, value: nil, root: block.appHash)
        #expect(try proof.verify(path: Account.stateKey(address).path, root: block.appHash) == nil)
    }

    @Test("an earlier height answers with that height's state and proves against that height's app hash")
    func history() throws {
        let app = try Fixture.app()
        let first = try app.block([Fixture.send(Fixture.alice, to: Fixture.bob, amount: 10, nonce: 0)])
        let second = try app.block([Fixture.send(Fixture.alice, to: Fixture.bob, amount: 10, nonce: 1)])
        #expect(first.appHash != second.appHash)
        let address = Fixture.bob.publicKey.address
        let old = try app.query(QueryRequest(path: "/account/\(address)", height: 1, prove: true))
        #expect(old.height == 1)
        let value = try #require(old.value)
        #expect(try Account(canonicalBytes: value).balance == 1_000_010)
        try #require(old.proof).verify(path: Account.stateKey(address).path, value: value, root: first.appHash)
        #expect(try app.account(Fixture.bob).balance == 1_000_020)
    }

    @Test("/params returns the bank parameters")
    func params() throws {
        let app = try Fixture.app()
        let response = try app.query(QueryRequest(path: "/params", prove: true))
        #expect(response.code == .ok)
        let value = try #require(response.value)
        #expect(try BankParams(canonicalBytes: value) == BankParams(denom: "ustrata", minFee: 250))
        try #require(response.proof).verify(path: BankParams.stateKey.path, value: value, root: try app.appHash)
    }

    @Test("unknown paths, malformed addresses and unavailable heights get clear errors")
    func errors() throws {
        let app = try Fixture.app()
        try app.block([])
        let unknown = try app.query(QueryRequest(path: "/balances"))
        #expect(unknown.code == .unknownQueryPath)
        #expect(unknown.log == "unknown query path \"/balances\"; known paths: /account/<bech32 address>, /params")
        for path in ["", "/", "account/x", "/account", "/params/x", "/account/a/b"] {
            #expect(try app.query(QueryRequest(path: path)).code == .unknownQueryPath, "\(path)")
        }
        let badAddress = try app.query(QueryRequest(path: "/account/cosmos1abc"))
        #expect(badAddress.code == .invalidQuery)
        #expect(badAddress.log.hasPrefix("invalid address \"cosmos1abc\": "))
        let future = try app.query(QueryRequest(path: "/params", height: 9))
        #expect(future.code == .heightUnavailable)
        #expect(future.log == "height 9 is not available: the state is kept from height 0 to 1")
        #expect(future.value == nil && future.proof == nil)
    }

    @Test("pruned heights are unavailable; kept ones still prove")
    func pruning() throws {
        let app = try L1Application(tree: StateTree.inMemory(), options: L1Application.Options(keepRecentHeights: 2))
        _ = try app.initChain(Fixture.initChainRequest())
        for _ in 0..<4 { try app.block([]) }
        #expect(try app.query(QueryRequest(path: "/params", height: 2)).code == .heightUnavailable)
        let kept = try app.query(QueryRequest(path: "/params", height: 3, prove: true))
        #expect(kept.code == .ok)
    }

    @Test("a query before genesis reports that there is no state")
    func beforeGenesis() throws {
        let app = try L1Application(tree: StateTree.inMemory())
        let response = try app.query(QueryRequest(path: "/params"))
        #expect(response.code == .heightUnavailable)
        #expect(response.log == "no state yet: the chain has no genesis")
    }
}
