/// `logLevel` (rest-api.md §2.2): `Error` (default) writes the error log only, `Verbose` the
/// verbose log too. Changeable until `Packaging` (states.md §12).
public enum LogLevel: String, Sendable, Hashable, CaseIterable, Codable {
    case error = "Error"
    case verbose = "Verbose"

    /// The level whose API spelling is `text`, case-insensitively.
    public init?(apiValue text: String) {
        let folded = text.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
        self = match
    }
}
