import Common
import L1App
import L1Consensus

// The same things as consensus and the application type them: consensus times are unsigned nanoseconds, the
// application's signed; consensus powers are Int64, the application's UInt64.

extension L1App.Timestamp {
    /// The application's form of a consensus time.
    init(consensus time: L1Consensus.Timestamp) throws(ApplicationExecutorError) {
        guard let nanoseconds = Int64(exactly: time.nanoseconds) else {
            throw .timeOutOfRange(nanoseconds: time.nanoseconds)
        }
        self.init(nanosecondsSinceEpoch: nanoseconds)
    }
}

extension L1Consensus.ValidatorUpdate {
    /// The consensus form of an application's validator update.
    init(application update: L1App.ValidatorUpdate) throws(ApplicationExecutorError) {
        guard let power = Int64(exactly: update.power), power <= ValidatorSet.maxTotalVotingPower else {
            throw .invalidValidatorUpdate(
                "power \(update.power) of \(update.publicKey) is above the maximum \(ValidatorSet.maxTotalVotingPower)")
        }
        self.init(publicKey: update.publicKey, power: power)
    }
}

extension L1App.ValidatorUpdate {
    /// The application's form of a validator (its key and power).
    init(consensus validator: Validator) {
        self.init(publicKey: validator.publicKey, power: UInt64(validator.votingPower))
    }
}
