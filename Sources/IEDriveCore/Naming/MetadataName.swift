/// Azure metadata names "must adhere to the naming rules for C# identifiers" and are
/// case-insensitive (metadata-properties.md §1). They travel as HTTP headers
/// (`x-ms-meta-<name>`), so in practice only the ASCII part of C# identifiers works: letters,
/// digits and `_`, not starting with a digit. Values travel as header values, so they may not
/// contain control characters other than tab.
public enum MetadataName {
    /// Names plus values of one blob, in bytes ("Set Blob Metadata": 8 KB).
    public static let maxTotalBytes = 8_192

    public static func isValid(_ name: some StringProtocol) -> Bool {
        guard let first = name.utf8.first, !(48...57).contains(first) else { return false }
        return name.utf8.allSatisfy { (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }

    public static func isValidValue(_ value: some StringProtocol) -> Bool {
        !value.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
    }
}
