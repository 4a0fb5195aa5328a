import Common
import L1App
import Testing

@Suite("Random input: checkTx and finalizeBlock never crash and never accept garbage")
struct RandomInputTests {
    @Test("random bytes and mutated transactions are rejected without crashing", arguments: [11, 12, 13])
    func randomBytes(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let app = try Fixture.app()
        let valid = Fixture.tx(
            Fixture.alice, nonce: 0,
            messages: [
                .send(to: Fixture.bob.publicKey.address, amount: 5),
                .send(to: Fixture.carol.publicKey.address, amount: 6),
            ])
        var inputs: [[UInt8]] = []
        for _ in 0..<300 {
            switch random.next() % 4 {
            case 0:
                inputs.append(random.bytes(Int(random.next() % 300)))
            case 1:
                // A valid prefix and random tail.
                let cut = Int(random.next() % UInt64(valid.count))
                inputs.append(Array(valid.prefix(cut)) + random.bytes(Int(random.next() % 40)))
            case 2:
                // One byte changed.
                var mutated = valid
                let index = Int(random.next() % UInt64(valid.count))
                mutated[index] ^= UInt8(truncatingIfNeeded: random.next() | 1)
                inputs.append(mutated)
            default:
                // Plausible varints and tags.
                inputs.append([UInt8(Fixture.chainID.utf8.count)] + Array(Fixture.chainID.utf8) + random.bytes(120))
            }
        }
        let before = try app.appHash
        for input in inputs {
            let response = try app.checkTx(input, kind: .new)
            #expect(response.code != .ok, "accepted \(Hex.encode(input))")
            #expect(!response.log.isEmpty)
        }
        // In a block they all fail admission: the state is the genesis state still.
        let block = try app.block(inputs)
        #expect(block.txResults.allSatisfy { !$0.isOK })
        #expect(block.appHash == before)
    }
}
