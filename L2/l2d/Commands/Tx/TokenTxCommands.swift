import ArgumentParser
import Common
import L2Runtime

/// The recipient and the amount of `transfer` and `withdraw`.
struct RecipientAmountArguments: ParsableArguments {
    @Argument(help: "The recipient's strata1... address (for withdraw, the L1 account to pay).") var to: String
    @Argument(help: "The amount, in base units.") var amount: String

    /// The parsed address and amount.
    func parse() throws -> (Address, Amount) {
        (try TxArgument.address(to, "<to>"), try TxArgument.amount(amount, "<amount>"))
    }
}

extension TxCommand {
    /// `l2d tx transfer <from> <to> <amount>`.
    struct Transfer: TransactionCommand {
        static let configuration = CommandConfiguration(abstract: "Move tokens to an address.")
        @OptionGroup var tx: TxOptions
        @OptionGroup var value: RecipientAmountArguments

        func payload() throws -> TxPayload {
            let (recipient, amount) = try value.parse()
            return TxPayload(.transfer, TransferPayload(recipient: recipient, amount: amount))
        }
    }

    /// `l2d tx withdraw <from> <to> <amount>`.
    struct Withdraw: TransactionCommand {
        static let configuration = CommandConfiguration(
            abstract: "Burn tokens on L2 and record a withdrawal for the bridge to pay <to> on L1.")
        @OptionGroup var tx: TxOptions
        @OptionGroup var value: RecipientAmountArguments

        func payload() throws -> TxPayload {
            let (recipient, amount) = try value.parse()
            return TxPayload(.withdraw, WithdrawPayload(recipient: recipient, amount: amount))
        }
    }
}
