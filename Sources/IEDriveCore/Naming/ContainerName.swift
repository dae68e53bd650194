/// Azure container naming ("Naming and Referencing Containers, Blobs, and Metadata", cited by
/// blob-list.md §5 item 7 and drive-manifest.md §2 `BlobPath`):
///
/// * 3–63 characters;
/// * lower-case ASCII letters, digits and hyphens only;
/// * starts and ends with a letter or digit, and every hyphen sits between two letters or
///   digits (so no leading, trailing or doubled hyphen);
/// * or exactly `$root`, the root container. (`$logs` and `$web` exist in Azure but are not
///   import/export targets; the specs allow only `$root`.)
public enum ContainerName {
    public static let root = "$root"
    public static let lengthRange = 3...63

    /// Why `name` is not a legal container name, or nil when it is.
    public static func problem(_ name: some StringProtocol) -> String? {
        if name == root { return nil }
        let utf8 = name.utf8
        guard lengthRange.contains(utf8.count) else {
            return "container name '\(name)' has \(utf8.count) characters; 3 to 63 are allowed"
        }
        var previous: UInt8 = 0
        for byte in utf8 {
            guard isNameByte(byte) else {
                let what = (65...90).contains(byte) ? "upper-case letter" : "character"
                return "container name '\(name)' contains the \(what) '\(Unicode.Scalar(byte))' (lower-case letters, digits and hyphens only)"
            }
            if byte == 45, previous == 45 { return "container name '\(name)' contains two hyphens in a row" }
            previous = byte
        }
        if utf8.first == 45 || previous == 45 {
            return "container name '\(name)' starts or ends with a hyphen"
        }
        return nil
    }

    public static func isValid(_ name: some StringProtocol) -> Bool { problem(name) == nil }

    /// The start of a container name in a blob-path prefix (blob-list.md §5 item 7): only the
    /// character set is checked, or that it begins `$root`.
    public static func isValidPartial(_ part: some StringProtocol) -> Bool {
        if part.first == "$" { return root.hasPrefix(part) }
        return part.utf8.count <= lengthRange.upperBound && part.utf8.allSatisfy(isNameByte)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (97...122).contains(byte) || (48...57).contains(byte) || byte == 45
    }
}
