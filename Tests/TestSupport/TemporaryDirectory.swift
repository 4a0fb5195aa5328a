import Foundation

/// A fresh directory path under the system's temporary directory, removed with everything in it when this
/// object goes away. The directory itself is not created: the code under test creates what it needs.
public final class TemporaryDirectory {
    /// The directory's URL.
    public let url: URL

    /// A path named `prefix-<UUID>`.
    public init(prefix: String = "strata") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
