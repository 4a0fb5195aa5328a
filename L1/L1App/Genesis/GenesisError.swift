import Common

/// Why a genesis cannot start a chain.
public enum GenesisError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The app state is not valid JSON of an ``AppGenesis``; the text says where and why.
    case invalidJSON(String)
    /// The chain id is empty, longer than 50 bytes, or has characters other than `A-Z a-z 0-9 . _ -`.
    case invalidChainID(String)
    /// The initial height leaves no room for a chain (it must be below 2^63 - 1).
    case invalidInitialHeight(UInt64)
    /// The denomination is not 3 to 64 of `a-z0-9` starting with a letter.
    case invalidDenom(String)
    /// An address is listed twice among the genesis accounts.
    case duplicateAccount(Address)
    /// A genesis account has a zero balance (leave it out instead).
    case zeroBalance(Address)
    /// The genesis balances add up to more than 2^128 - 1.
    case supplyOverflow

    /// A sentence saying what is wrong with the genesis and how to fix it.
    public var description: String {
        switch self {
        case .invalidJSON(let reason):
            "app state is not a valid genesis: \(reason)"
        case .invalidChainID(let chainID):
            "chain id \"\(chainID)\" must be 1 to 50 characters of A-Z, a-z, 0-9, '.', '_' or '-'"
        case .invalidInitialHeight(let height):
            "initial height \(height) is too large: it must be below 2^63 - 1"
        case .invalidDenom(let denom):
            "denom \"\(denom)\" must be 3 to 64 characters of a-z and 0-9, starting with a letter"
        case .duplicateAccount(let address):
            "genesis account \(address) is listed more than once"
        case .zeroBalance(let address):
            "genesis account \(address) has a zero balance: give it a balance or leave it out"
        case .supplyOverflow:
            "genesis balances add up to more than 2^128 - 1"
        }
    }
}
