import Common
import Foundation
import Testing

@testable import L2Runtime

@Suite("Genesis")
struct GenesisTests {
    static let json = """
        {"accounts": [
          {"address": "strata18g3l94ylx2ykxuw2n37vazhpwk5csrfm2yflrk",
           "publicKey": "84bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0", "balance": "1000"},
          {"address": "\(TestChain.bob.address)", "balance": "340282366920938463463374607431768211455"}
        ],
        "programs": ["permit(join).\\n"]}
        """

    @Test("genesis JSON gives accounts their indexes in order and stores its programs; the root is reproducible")
    func fromJSON() throws {
        let genesis = try JSONDecoder().decode(RuntimeGenesis.self, from: Data(Self.json.utf8))
        let runtime = Runtime(config: RuntimeConfig(chainID: "g"))
        var first = StateOverlay(tree: try StateTree.inMemory())
        var second = StateOverlay(tree: try StateTree.inMemory())
        let root = try runtime.initialize(genesis: genesis, state: &first)
        #expect(try runtime.initialize(genesis: genesis, state: &second) == root)
        var reader = StateReader(first)
        let owner = try Address("strata18g3l94ylx2ykxuw2n37vazhpwk5csrfm2yflrk")
        #expect(try reader.account(owner)?.index == AccountIndex(0))
        #expect(try reader.account(owner)?.publicKey != nil)
        #expect(try reader.account(index: AccountIndex(1))?.account.balance == .max)
        #expect(try reader.account(index: AccountIndex(1))?.account.publicKey == nil)
        #expect(try reader.program(Hash.blake2b(Array("permit(join).\n".utf8))) != nil)
        let reordered = RuntimeGenesis(accounts: genesis.accounts.reversed(), programs: genesis.programs)
        var third = StateOverlay(tree: try StateTree.inMemory())
        #expect(try runtime.initialize(genesis: reordered, state: &third) != root)
        let noPrograms = try JSONDecoder().decode(
            RuntimeGenesis.self, from: Data(#"{"accounts": []}"#.utf8))
        #expect(noPrograms.programs.isEmpty)
    }

    @Test("genesis commits the rollup's parameters: they read back from the state, and other ones give another root")
    func parametersCommitted() throws {
        let genesis = RuntimeGenesis(accounts: [.init(key: TestChain.alice.publicKey, balance: 1_000)])
        let config = RuntimeConfig(chainID: "g", minimumFee: 10, feePerThousandFuel: 2)
        var state = StateOverlay(tree: try StateTree.inMemory())
        let root = try Runtime(config: config).initialize(genesis: genesis, state: &state)
        #expect(try RuntimeConfig.committed(in: &state) == config)
        #expect(try RuntimeConfig(canonicalBytes: config.canonicalBytes) == config)
        for other in [
            RuntimeConfig(chainID: "h", minimumFee: 10, feePerThousandFuel: 2),
            RuntimeConfig(chainID: "g", minimumFee: 11, feePerThousandFuel: 2),
            RuntimeConfig(chainID: "g", minimumFee: 10, feePerThousandFuel: 3),
            RuntimeConfig(chainID: "g", minimumFee: 10, feePerThousandFuel: 2, feeRecipient: TestChain.bob.address),
        ] {
            var otherState = StateOverlay(tree: try StateTree.inMemory())
            #expect(try Runtime(config: other).initialize(genesis: genesis, state: &otherState) != root)
        }
        // A fee recipient is 20 bytes after the rest; without one the record is what it was before recipients.
        let paid = RuntimeConfig(
            chainID: "g", minimumFee: 10, feePerThousandFuel: 2, feeRecipient: TestChain.bob.address)
        #expect(paid.canonicalBytes == config.canonicalBytes + TestChain.bob.address.bytes)
        #expect(try RuntimeConfig(canonicalBytes: paid.canonicalBytes) == paid)
        #expect(throws: CodecError.self) { try RuntimeConfig(canonicalBytes: config.canonicalBytes + [1, 2, 3]) }
        var bare = StateOverlay(tree: try StateTree.inMemory())
        #expect(try RuntimeConfig.committed(in: &bare) == nil)
        try bare.set(StateKeys.runtimeConfig, [0x01])
        #expect(throws: StateError.self) { try RuntimeConfig.committed(in: &bare) }
    }

    @Test(
        "an invalid genesis is refused with the entry named",
        arguments: [
            RuntimeGenesis(accounts: [.init(address: "strata1xyz", balance: 1)]),
            RuntimeGenesis(accounts: [
                .init(
                    address: TestChain.bob.address.description, publicKey: TestChain.alice.publicKey.description,
                    balance: 1)
            ]),
            RuntimeGenesis(accounts: [
                .init(key: TestChain.bob.publicKey, balance: 1), .init(key: TestChain.bob.publicKey, balance: 2),
            ]),
            RuntimeGenesis(accounts: [], programs: ["permit("]),
        ])
    func invalid(genesis: RuntimeGenesis) throws {
        var state = StateOverlay(tree: try StateTree.inMemory())
        #expect(throws: StateError.self) {
            try Runtime(config: RuntimeConfig(chainID: "g")).initialize(genesis: genesis, state: &state)
        }
    }
}
