import Common
import Foundation
import L2Node
import L2Runtime
import Testing

@Suite("Rollup genesis: the runtime's parameters from genesis.json")
struct RollupGenesisTests {
    static func decode(_ json: String) throws -> RollupGenesis {
        try JSONDecoder().decode(RollupGenesis.self, from: Data(json.utf8))
    }

    @Test("the fuel price is read when given and is 0 when left out; it round-trips")
    func fuelPrice() throws {
        let without = try Self.decode(
            #"{"chain_id": "c", "minimum_fee": "3", "genesis_time_ms": 1, "accounts": []}"#)
        #expect(without.runtimeConfig == RuntimeConfig(chainID: "c", minimumFee: 3, feePerThousandFuel: 0))
        let with = try Self.decode(
            #"{"chain_id": "c", "minimum_fee": "3", "fee_per_thousand_fuel": "250", "genesis_time_ms": 1, "accounts": []}"#
        )
        #expect(with.runtimeConfig == RuntimeConfig(chainID: "c", minimumFee: 3, feePerThousandFuel: 250))
        #expect(try Self.decode(String(decoding: JSONEncoder().encode(with), as: UTF8.self)) == with)
        #expect(throws: (any Error).self) {
            try Self.decode(
                #"{"chain_id": "c", "minimum_fee": "3", "fee_per_thousand_fuel": "-1", "genesis_time_ms": 1, "accounts": []}"#
            )
        }
    }

    @Test("fee_recipient is read when given, absent when left out, refused when not an address; it round-trips")
    func feeRecipient() throws {
        let address = AccountPrivateKey().publicKey.address
        let with = try Self.decode(
            #"{"chain_id": "c", "minimum_fee": "3", "genesis_time_ms": 1, "accounts": [], "fee_recipient": ""#
                + address.description + #""}"#)
        #expect(with.runtimeConfig.feeRecipient == address)
        let encoded = String(decoding: try JSONEncoder().encode(with), as: UTF8.self)
        #expect(try Self.decode(encoded) == with)
        let without = try Self.decode(#"{"chain_id": "c", "minimum_fee": "3", "genesis_time_ms": 1, "accounts": []}"#)
        #expect(without.runtimeConfig.feeRecipient == nil)
        #expect(!String(decoding: try JSONEncoder().encode(without), as: UTF8.self).contains("fee_recipient"))
        #expect(throws: (any Error).self) {
            try Self.decode(
                #"{"chain_id": "c", "minimum_fee": "3", "genesis_time_ms": 1, "accounts": [], "fee_recipient": "strata1x"}"#
            )
        }
    }
}
