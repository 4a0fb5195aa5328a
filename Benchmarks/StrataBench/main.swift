import Foundation

// strata-bench: runs every benchmark in this build (use `make bench`, a release build) and prints one
// JSON document on stdout. Progress goes to stderr. Pass area names (`crypto state pipeline`) to run
// only some of them.

let areas: [(String, () async throws -> [BenchResult])] = [
    ("hash", hashBenchmarks),
    ("crypto", cryptoBenchmarks),
    ("state", stateBenchmarks),
    ("compression", compressionBenchmarks),
    ("batch", batchBenchmarks),
    ("rules", rulesBenchmarks),
    ("l2runtime", l2RuntimeBenchmarks),
    ("pipeline", pipelineBenchmarks),
]

let selected = Set(CommandLine.arguments.dropFirst())
var results: [BenchResult] = []
for (area, run) in areas where selected.isEmpty || selected.contains(area) {
    FileHandle.standardError.write(Data("strata-bench: \(area)...\n".utf8))
    results += try await run()
}

struct Report: Encodable {
    var machine: [String: String]
    var results: [BenchResult]
}
#if DEBUG
    let buildMode = "debug (figures are not meaningful: use make bench)"
#else
    let buildMode = "release"
#endif
let report = Report(
    machine: [
        "cores": String(ProcessInfo.processInfo.activeProcessorCount),
        "memory_gib": String(ProcessInfo.processInfo.physicalMemory >> 30),
        "build": buildMode,
    ],
    results: results)
let encoder = JSONEncoder()
encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
print(String(decoding: try encoder.encode(report), as: UTF8.self))
