import ArgumentParser
import Common

/// A `--fee` option: a decimal number of base units, or `auto` for the fee the command picks from the rollup's
/// parameters. A fee is the most a transaction pays: the sender is charged the minimum fee and the rules fuel
/// it used (docs/l2-transactions.md 2).
enum FeeArgument {
    case auto
    case amount(Amount)

    /// The help text of a `--fee` option whose `auto` is `meaning`.
    static func help(auto meaning: String) -> ArgumentHelp {
        ArgumentHelp("The most the transaction may pay, in base units, or auto: \(meaning).")
    }

    /// Parses `text`, the value of `option`.
    init(_ text: String, option: String = "--fee") throws {
        if text == "auto" {
            self = .auto
        } else if let amount = Amount(decimal: text) {
            self = .amount(amount)
        } else {
            throw ValidationError("\(option) \"\(text)\" must be auto or a decimal number of base units")
        }
    }

    /// The fee: the amount given, or `automatic` for `auto`.
    func resolve(auto automatic: Amount) -> Amount {
        switch self {
        case .auto: automatic
        case .amount(let amount): amount
        }
    }
}
