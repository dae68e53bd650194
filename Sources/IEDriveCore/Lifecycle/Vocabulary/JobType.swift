/// Import or export (`properties.jobType`, rest-api.md §2.2). The API field is a plain string;
/// any case is accepted on input and the canonical spelling is stored and emitted.
public enum JobType: String, Sendable, Hashable, CaseIterable, Codable {
    case `import` = "Import"
    case export = "Export"

    /// The job type whose API spelling is `text`, case-insensitively (rest-api.md §3.1 rule 3).
    public init?(apiValue text: String) {
        let folded = text.lowercased()
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
        self = match
    }
}
