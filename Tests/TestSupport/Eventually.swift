/// Polls `condition` until it holds, sleeping `interval` between polls, for at most `polls` polls; returns whether
/// it held.
///
/// For a test waiting on another task: a test that sleeps a fixed time and then assumes the other task has run
/// fails whenever the machine is busy (the suites run in parallel on two cores, and CPU-bound tests can keep the
/// cooperative pool from scheduling anything for seconds). Polls are counted rather than timed for the same reason:
/// a starved poller uses up no polls, so the bound only ends a wait that a real failure made endless.
public func eventually(
    polls: Int = 4_000, every interval: Duration = .milliseconds(5), _ condition: () async throws -> Bool
) async throws -> Bool {
    for _ in 0..<polls {
        if try await condition() { return true }
        try await Task.sleep(for: interval)
    }
    return try await condition()
}
