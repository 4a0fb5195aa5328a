import Common
import Synchronization

/// A bounded memo of parsed rules programs, keyed by program hash, shared by every copy of a ``Runtime``.
///
/// Parsing is deterministic and a program's hash fixes its source, so the memo never changes a result: it
/// only saves re-parsing a program each time it is evaluated. The runtime still reads the program from state
/// on every evaluation (so a witness holds it), and parses on a miss. When full the memo is emptied.
final class ProgramCache: Sendable {
    /// The most programs kept.
    static let capacity = 512

    private let programs = Mutex<[Hash: RuleProgram]>([:])

    init() {}

    /// The parsed program with id `id` whose source is `source`, parsing it on a miss.
    func program(_ id: Hash, source: [UInt8]) throws(RuleError) -> RuleProgram {
        if let cached = programs.withLock({ $0[id] }) { return cached }
        let parsed = try RuleProgram.decode(source)
        programs.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[id] = parsed
        }
        return parsed
    }

    /// Remembers a program just parsed.
    func remember(_ program: RuleProgram) {
        programs.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[program.id] = program
        }
    }
}
