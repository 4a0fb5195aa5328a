import Common

extension ValidatorSet {
    /// This set with the application's `updates` applied (CometBFT `UpdateWithChangeSet`): power 0 removes a
    /// member, a known key gets its new power and keeps its priority, a new key joins with priority
    /// -1.125 x the total power after the updates but before the removals (CometBFT's
    /// `tvpAfterUpdatesBeforeRemovals`), so that it does not propose at once and cannot reset a low priority by
    /// leaving and rejoining. The whole change is refused if any part of it is invalid; the set is never left
    /// half-updated.
    public func applying(_ updates: [ValidatorUpdate]) throws(ValidatorSetError) -> ValidatorSet {
        guard !updates.isEmpty else { return self }
        var byAddress = [Address: ValidatorUpdate]()
        for update in updates {
            let address = Validator.address(of: update.publicKey)
            guard update.power >= 0, update.power <= Self.maxTotalVotingPower else {
                throw .invalidPower(address: address.hex, power: update.power)
            }
            guard byAddress.updateValue(update, forKey: address) == nil else {
                throw .duplicateValidator(address: address.hex)
            }
        }
        // Sorted walk: the outcome never depends on dictionary order.
        var members = validators
        var additions = [Validator]()
        var removedPower: Int64 = 0
        for address in byAddress.keys.sorted() {
            guard let update = byAddress[address] else { continue }
            if let index = members.firstIndex(where: { $0.address == address }) {
                if update.power == 0 {
                    removedPower += members[index].votingPower
                    members.remove(at: index)
                } else {
                    members[index] = Validator(
                        publicKey: update.publicKey, votingPower: update.power,
                        proposerPriority: members[index].proposerPriority)
                }
            } else if update.power == 0 {
                throw .removingUnknown(address: address.hex)
            } else {
                additions.append(Validator(publicKey: update.publicKey, votingPower: update.power))
            }
        }
        var total: Int64 = 0
        for member in members + additions {
            let (sum, overflow) = total.addingReportingOverflow(member.votingPower)
            guard !overflow, sum <= Self.maxTotalVotingPower else { throw .totalPowerTooLarge(total: sum) }
            total = sum
        }
        // Both totals are at most maxTotalVotingPower = Int64.max / 8, so this cannot overflow.
        let beforeRemovals = total + removedPower
        let newcomerPriority = -(beforeRemovals + (beforeRemovals >> 3))
        for index in additions.indices { additions[index].proposerPriority = newcomerPriority }
        var updated = try ValidatorSet(validators: members + additions)
        updated.rescalePriorities(diffMax: Self.priorityWindowSizeFactor * updated.totalVotingPower)
        updated.shiftByAveragePriority()
        return updated
    }
}
