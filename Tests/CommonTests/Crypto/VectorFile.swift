import Foundation
import Testing

@testable import Common

/// Reads the test-vector files copied into the test bundle (Tests/CommonTests/Vectors).
enum VectorFile {
    /// The text of `name` in the Vectors folder.
    static func text(_ name: String) throws -> String {
        let folder = try #require(Bundle.module.url(forResource: "Vectors", withExtension: nil))
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    /// The rows of a comma-separated file, header dropped. Fields never contain commas in our files except the
    /// last (a free-text comment), so a row is split into at most `columns` fields.
    static func csvRows(_ name: String, columns: Int) throws -> [[String]] {
        let lines = try text(name).split(separator: "\n", omittingEmptySubsequences: true).dropFirst()
        return lines.map { line in
            var fields = line.split(separator: ",", maxSplits: columns - 1, omittingEmptySubsequences: false)
                .map(String.init)
            while fields.count < columns { fields.append("") }
            return fields
        }
    }
}

/// Hex to bytes, failing the test on bad hex.
func hexBytes(_ hex: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
    try #require(Hex.decode(hex), "bad hex in test data: \(hex)", sourceLocation: sourceLocation)
}
