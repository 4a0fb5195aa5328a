import Foundation

/// One measured figure, with the conditions it was measured under and the target it is held to.
struct BenchResult: Encodable {
    /// Stable identifier, e.g. `crypto.schnorr_verify`.
    var name: String
    /// The figure.
    var value: Double
    /// Its unit, e.g. `ops/s`, `ms`, `MB/s`, `ratio`.
    var unit: String
    /// How it was measured: input sizes, cores, level, build mode.
    var conditions: [String: String] = [:]
    /// The target from the issue, if any, e.g. `>= 24000`.
    var target: String? = nil
    /// Whether `value` meets `target` (absent when there is no target).
    var meetsTarget: Bool? = nil
}

/// Runs `body` repeatedly for at least `seconds` and returns operations per second.
func measureRate(seconds: Double = 1.0, batch: Int, _ body: () -> Void) -> Double {
    var operations = 0
    let start = DispatchTime.now().uptimeNanoseconds
    var elapsed: UInt64 = 0
    repeat {
        body()
        operations += batch
        elapsed = DispatchTime.now().uptimeNanoseconds - start
    } while Double(elapsed) < seconds * 1e9
    return Double(operations) / (Double(elapsed) / 1e9)
}

/// Wall-clock milliseconds taken by `body`.
func measureMilliseconds<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}
