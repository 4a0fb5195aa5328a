import Common
import Testing

@testable import L2Runtime

@Suite("Transfers and withdrawals")
struct FundsTests {
    typealias Keys = TestChain

    @Test("a transfer moves the amount and creates a new recipient with the next index")
    func transfer() throws {
        var chain = try TestChain()
        let stranger = AccountPrivateKey.init()
        let payload = TransferPayload(recipient: stranger.address, amount: 300)
        #expect(try chain.send(Keys.alice, .transfer, payload).status == .success)
        var reader = chain.reader
        #expect(try reader.account(stranger.address)?.balance == 300)
        #expect(try reader.account(stranger.address)?.index == AccountIndex(5))
        #expect(try chain.balance(Keys.alice.address) == Amount(TestChain.initialBalance.value - 310))
        let zero = TransferPayload(recipient: stranger.address, amount: 0)
        #expect(try chain.send(Keys.alice, .transfer, zero).status == failed(.zeroAmount))
    }

    @Test("a withdrawal burns the amount and records a numbered entry for the bridge")
    func withdraw() throws {
        var chain = try TestChain()
        let l1 = Keys.dave.address
        #expect(try chain.send(Keys.alice, .withdraw, WithdrawPayload(recipient: l1, amount: 1000)).status == .success)
        #expect(
            chain.lastEvents == [
                .withdrawalRecorded(sequence: 0, owner: Keys.alice.address, recipient: l1, amount: 1000)
            ])
        #expect(try chain.send(Keys.bob, .withdraw, WithdrawPayload(recipient: l1, amount: 5)).status == .success)
        #expect(try chain.balance(Keys.alice.address) == Amount(TestChain.initialBalance.value - 1010))
        var reader = chain.reader
        let entries = try reader.withdrawals()
        #expect(entries.map(\.sequence) == [0, 1])
        #expect(entries.map(\.amount) == [1000, 5])
        #expect(entries[0].owner == Keys.alice.address && entries[0].recipient == l1 && entries[0].blockNumber == 1)
        #expect(try reader.withdrawals(from: 1).map(\.owner) == [Keys.bob.address])
        let provable = try reader.withdrawal(1)
        try chain.tree.proof(for: provable.key.path).verify(
            path: provable.key.path, value: provable.value?.canonicalBytes, root: chain.tree.rootHash())
        let tooMuch = WithdrawPayload(recipient: l1, amount: TestChain.initialBalance)
        #expect(try chain.send(Keys.carol, .withdraw, tooMuch).status == failed(.insufficientFunds))
        #expect(
            try chain.send(Keys.carol, .withdraw, WithdrawPayload(recipient: l1, amount: 0)).status
                == failed(.zeroAmount))
        reader = chain.reader
        #expect(try reader.withdrawalCount() == 2)
    }
}
