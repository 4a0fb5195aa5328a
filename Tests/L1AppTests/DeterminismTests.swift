import Common
import Foundation
import L1App
import Testing

@Suite("Determinism: the same blocks give the same results and app hashes")
struct DeterminismTests {
    /// Random blocks of transfers among a few keys: mostly valid, some overdrafts (failed, fee paid), some
    /// inadmissible (wrong nonce, low fee, garbage), with misbehavior now and then.
    static func blocks(seed: UInt64, count: Int) -> [(txs: [[UInt8]], misbehavior: [Misbehavior])] {
        var random = SplitMix64(seed: seed)
        let keys = [Fixture.alice, Fixture.bob, Fixture.carol, Fixture.dave]
        var nonces = [UInt64](repeating: 0, count: keys.count)
        var blocks: [(txs: [[UInt8]], misbehavior: [Misbehavior])] = []
        for height in 1...count {
            var txs: [[UInt8]] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let sender = Int.random(in: 0..<3, using: &random)
                let recipient = keys[Int.random(in: 0..<keys.count, using: &random)]
                let amount = Amount(UInt128(UInt64.random(in: 1...400_000, using: &random)))
                switch UInt64.random(in: 0..<10, using: &random) {
                case 0:
                    txs.append(Fixture.send(keys[sender], to: recipient, amount: amount, nonce: nonces[sender] + 1))
                case 1:
                    txs.append(random.bytes(Int.random(in: 0..<200, using: &random)))
                case 2:
                    txs.append(Fixture.send(keys[sender], to: recipient, amount: amount, nonce: nonces[sender], fee: 1))
                default:
                    txs.append(Fixture.send(keys[sender], to: recipient, amount: amount, nonce: nonces[sender]))
                    nonces[sender] += 1
                }
            }
            var misbehavior: [Misbehavior] = []
            if UInt64.random(in: 0..<4, using: &random) == 0 {
                misbehavior.append(
                    Misbehavior(
                        kind: .duplicateVote, validator: Fixture.validator, power: 10, height: UInt64(height),
                        time: Fixture.genesisTime, totalVotingPower: 10))
            }
            blocks.append((txs, misbehavior))
        }
        return blocks
    }

    @Test("two fresh applications, one in memory and one on disk, agree at every height", arguments: [1, 2])
    func twoApplications(seed: UInt64) throws {
        let (directory, path) = try Fixture.temporaryDatabasePath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try Fixture.app()
        let second = try L1Application(path: path)
        _ = try second.initChain(Fixture.initChainRequest())
        #expect(try first.appHash == (try second.appHash))
        var codes: Set<ResultCode> = []
        var hashes: Set<Hash> = []
        for (txs, misbehavior) in Self.blocks(seed: seed, count: 25) {
            let a = try first.block(txs, misbehavior: misbehavior)
            let b = try second.block(txs, misbehavior: misbehavior)
            #expect(a == b)
            codes.formUnion(a.txResults.map(\.code))
            hashes.insert(a.appHash)
        }
        // The blocks exercised success, message failure and rejection, and the state moved.
        #expect(codes.isSuperset(of: [.ok, .insufficientFunds, .badNonce, .feeTooLow, .badEncoding]))
        #expect(hashes.count > 10)
        // Conservation: fees and transfers only move tokens.
        let addresses =
            [Fixture.alice, Fixture.bob, Fixture.carol, Fixture.dave].map(\.publicKey.address) + [Bank.feeCollector]
        var total = Amount.zero
        for address in addresses { total = try #require(total.adding(first.account(address).balance)) }
        #expect(total == 3_000_000)
    }
}
