import Common
import L1App
import Testing

@Suite("Genesis: JSON, validation, initial height")
struct GenesisTests {
    static let json = """
        {
          "bank": {
            "params": { "denom": "ustrata", "min_fee": "250" },
            "accounts": [
              { "address": "strata18g3l94ylx2ykxuw2n37vazhpwk5csrfm2yflrk", "balance": "1000000000" }
            ]
          }
        }
        """

    @Test("the documented JSON decodes, validates and round-trips")
    func json() throws {
        let genesis = try AppGenesis(json: Array(Self.json.utf8))
        try genesis.validate()
        #expect(genesis.bank.params == BankParams(denom: "ustrata", minFee: 250))
        #expect(genesis.bank.accounts.map(\.address.description) == ["strata18g3l94ylx2ykxuw2n37vazhpwk5csrfm2yflrk"])
        #expect(genesis.bank.accounts.map(\.balance) == [1_000_000_000])
        #expect(try AppGenesis(json: genesis.json()) == genesis)
    }

    @Test("malformed JSON says where it is wrong")
    func malformed() {
        let badAddress = Self.json.replacingOccurrences(of: "strata18g3l", with: "strata18g3m")
        #expect {
            try AppGenesis(json: Array(badAddress.utf8))
        } throws: { error in
            guard case .invalidJSON(let reason) = error as? GenesisError else { return false }
            return reason.hasPrefix("bank.accounts[0].address: ") && reason.contains("checksum")
        }
        let numberBalance = Self.json.replacingOccurrences(of: "\"1000000000\"", with: "1000000000")
        #expect(throws: GenesisError.self) { try AppGenesis(json: Array(numberBalance.utf8)) }
        #expect {
            try AppGenesis(json: Array("{}".utf8))
        } throws: { error in
            error as? GenesisError == .invalidJSON("bank: missing")
        }
    }

    @Test("duplicate accounts, zero balances, an overflowing supply and a bad denom are rejected")
    func validation() {
        let alice = Fixture.alice.publicKey.address
        let bob = Fixture.bob.publicKey.address
        func genesis(_ accounts: [(Address, Amount)], denom: String = "ustrata") -> AppGenesis {
            AppGenesis(
                bank: BankGenesis(
                    params: BankParams(denom: denom, minFee: 1),
                    accounts: accounts.map { GenesisAccount(address: $0.0, balance: $0.1) }))
        }
        #expect(throws: GenesisError.duplicateAccount(alice)) {
            try genesis([(alice, 1), (bob, 1), (alice, 2)]).validate()
        }
        #expect(throws: GenesisError.zeroBalance(bob)) { try genesis([(alice, 1), (bob, 0)]).validate() }
        #expect(throws: GenesisError.supplyOverflow) { try genesis([(alice, .max), (bob, 1)]).validate() }
        #expect(throws: Never.self) { try genesis([(alice, Amount(UInt128.max - 1)), (bob, 1)]).validate() }
        for denom in ["", "us", "Ustrata", "1strata", "u-strata", String(repeating: "u", count: 65)] {
            #expect(throws: GenesisError.invalidDenom(denom)) { try genesis([], denom: denom).validate() }
        }
        #expect(throws: Never.self) { try genesis([]).validate() }
    }

    @Test("initChain rejects an invalid genesis and a bad chain id")
    func initChainValidates() throws {
        let app = try L1Application(tree: StateTree.inMemory())
        var request = try Fixture.initChainRequest()
        request.appState = Array("not json".utf8)
        #expect {
            try app.initChain(request)
        } throws: { error in
            guard case .invalidGenesis(.invalidJSON) = error as? ApplicationError else { return false }
            return true
        }
        for chainID in ["", "has space", String(repeating: "c", count: 51), "é-1"] {
            var request = try Fixture.initChainRequest()
            request.chainID = chainID
            #expect(throws: ApplicationError.invalidGenesis(.invalidChainID(chainID))) { try app.initChain(request) }
        }
        var duplicate = Fixture.genesis
        duplicate.bank.accounts.append(duplicate.bank.accounts[0])
        #expect(throws: ApplicationError.invalidGenesis(.duplicateAccount(Fixture.alice.publicKey.address))) {
            try app.initChain(Fixture.initChainRequest(duplicate))
        }
        #expect(try app.info().lastBlockHeight == 0)
        // Nothing was written: a valid genesis still goes in.
        #expect(try app.initChain(Fixture.initChainRequest()).validators.count == 1)
    }

    @Test("genesis accounts are funded with nonce 0; the response echoes the validators")
    func funded() throws {
        let app = try L1Application(tree: StateTree.inMemory())
        let response = try app.initChain(Fixture.initChainRequest())
        #expect(response.validators == [ValidatorUpdate(publicKey: Fixture.validator, power: 10)])
        #expect(response.appHash == (try app.info().lastBlockAppHash))
        #expect(try app.account(Fixture.alice) == Account(balance: Fixture.startingBalance, nonce: 0))
        #expect(try app.account(Bank.feeCollector) == .empty)
    }

    @Test("with an initial height of 100 the first block is 100 and info reports 0 until then")
    func initialHeight() throws {
        let app = try L1Application(tree: StateTree.inMemory())
        let genesisHash = try app.initChain(Fixture.initChainRequest(initialHeight: 100)).appHash
        #expect(try app.info() == InfoResponse(lastBlockHeight: 0, lastBlockAppHash: genesisHash, appVersion: 1))
        #expect(throws: ApplicationError.unexpectedHeight(expected: 100, got: 1)) {
            try app.finalizeBlock(FinalizeBlockRequest(height: 1, time: .epoch, txs: [], proposer: Fixture.validator))
        }
        _ = try app.finalizeBlock(FinalizeBlockRequest(height: 100, time: .epoch, txs: [], proposer: Fixture.validator))
        _ = try app.commit()
        #expect(try app.info().lastBlockHeight == 100)
    }

    @Test("the genesis app hash does not depend on the order of the accounts")
    func orderIndependent() throws {
        var reversed = Fixture.genesis
        reversed.bank.accounts.reverse()
        #expect(try Fixture.app(reversed).appHash == (try Fixture.app().appHash))
    }
}
