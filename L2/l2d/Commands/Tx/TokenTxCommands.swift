import ArgumentParser
import L2Runtime

extension TxCommand {
    /// `l2d tx transfer <from> <to> <amount>`.
    struct Transfer: TransactionCommand {
        static let configuration = CommandConfiguration(abstract: "Move tokens to an address.")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The recipient's strata1... address.") var to: String
        @Argument(help: "The amount, in base units.") var amount: String

        func payload() throws -> TxPayload {
            TxPayload(
                .transfer,
                TransferPayload(
                    recipient: try TxArgument.address(to, "<to>"), amount: try TxArgument.amount(amount, "<amount>")))
        }
    }

    /// `l2d tx withdraw <from> <l1-recipient> <amount>`.
    struct Withdraw: TransactionCommand {
        static let configuration = CommandConfiguration(
            abstract: "Burn tokens on L2 and record a withdrawal for the bridge to pay on L1.")
        @OptionGroup var tx: TxOptions
        @Argument(help: "The L1 account to pay (strata1...).") var recipient: String
        @Argument(help: "The amount, in base units.") var amount: String

        func payload() throws -> TxPayload {
            TxPayload(
                .withdraw,
                WithdrawPayload(
                    recipient: try TxArgument.address(recipient, "<recipient>"),
                    amount: try TxArgument.amount(amount, "<amount>")))
        }
    }
}
