/// What a file name on the drive may not be. Drives are prepared on Windows (drive-preparation.md),
/// so names follow the Win32 rules on NTFS:
///
/// * none of `< > : " / \ | ? *` and no control character U+0000–U+001F;
/// * not a reserved device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`,
///   with or without an extension, any case): Windows cannot open such a file;
/// * not ending in a space or a dot: Win32 strips them, so the name would refer to another file;
/// * at most 255 UTF-16 code units per component (NTFS).
public enum NTFSName {
    public static let maxComponentLength = 255
    /// The longest path NTFS accepts through the `\\?\` form, in UTF-16 code units.
    public static let maxPathLength = 32_767

    public enum Problem: Sendable, Hashable {
        case forbiddenCharacter(UInt32)
        case reservedName
        case trailingDotOrSpace
        case tooLong(Int)
    }

    /// Why `component` cannot be a file or directory name, or nil.
    public static func problem(_ component: String) -> Problem? {
        if let scalar = component.unicodeScalars.first(where: isForbidden) {
            return .forbiddenCharacter(scalar.value)
        }
        if let last = component.unicodeScalars.last, last == " " || last == "." { return .trailingDotOrSpace }
        let length = component.utf16.count
        if length > maxComponentLength { return .tooLong(length) }
        if isReserved(component) { return .reservedName }
        return nil
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || "<>:\"/\\|?*".unicodeScalars.contains(scalar)
    }

    private static let reserved: Set<String> = {
        var names: Set<String> = ["CON", "PRN", "AUX", "NUL"]
        for digit in 1...9 {
            names.insert("COM\(digit)")
            names.insert("LPT\(digit)")
        }
        return names
    }()

    private static func isReserved(_ component: String) -> Bool {
        let base = component.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard base.utf8.count <= 4 else { return false }
        return reserved.contains(String(base).uppercased())
    }
}
