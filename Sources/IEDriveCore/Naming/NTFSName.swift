/// What a file name on the drive may not be. Drives are prepared on Windows (drive-preparation.md),
/// so names follow the Win32 rules on NTFS:
///
/// * none of `< > : " / \ | ? *` and no control character U+0000–U+001F;
/// * not a reserved device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`,
///   with or without an extension, any case): Windows cannot open such a file;
/// * not ending in a space or a dot: Win32 strips them, so the name would refer to another file;
/// * at most 255 UTF-16 code units per component (NTFS);
/// * at the volume root, not one of NTFS's own metadata files (`$MFT`, `$LogFile`, `$Extend`, …):
///   a manifest naming them would copy file-system internals, and Windows tools never do
///   (`isSystemFile`, applied by `DriveRelativePath` to the first component).
public enum NTFSName {
    public static let maxComponentLength = 255
    /// The longest path NTFS accepts through the `\\?\` form, in UTF-16 code units.
    public static let maxPathLength = 32_767

    public enum Problem: Sendable, Hashable {
        case forbiddenCharacter(UInt32)
        case reservedName
        case trailingDotOrSpace
        case tooLong(Int)
        case systemFile
    }

    /// The metadata files NTFS keeps at the root of every volume.
    private static let systemFiles: Set<String> = ["$MFT", "$MFTMIRR", "$LOGFILE", "$VOLUME", "$ATTRDEF", "$BITMAP",
                                                    "$BOOT", "$BADCLUS", "$SECURE", "$UPCASE", "$EXTEND", "$QUOTA",
                                                    "$OBJID", "$REPARSE"]

    /// Whether a root-level name is one of NTFS's metadata files (any case).
    public static func isSystemFile(_ component: String) -> Bool {
        component.utf8.first == 0x24 && systemFiles.contains(component.uppercased())
    }

    /// Why `component` cannot be a file or directory name, or nil. (Byte-level: every blob of a
    /// manifest passes through here.)
    public static func problem(_ component: String) -> Problem? {
        var asciiOnly = true
        for byte in component.utf8 {
            if byte >= 0x80 {
                asciiOnly = false
            } else if byte < 0x20 || forbiddenASCII.contains(byte) {
                return .forbiddenCharacter(UInt32(byte))
            }
        }
        if let last = component.utf8.last, last == 0x20 || last == 0x2E { return .trailingDotOrSpace }
        let length = asciiOnly ? component.utf8.count : component.utf16.count
        if length > maxComponentLength { return .tooLong(length) }
        if isReserved(component) { return .reservedName }
        return nil
    }

    /// Length in UTF-16 code units, the unit of Windows path limits.
    public static func utf16Length(_ text: String) -> Int {
        text.utf8.allSatisfy { $0 < 0x80 } ? text.utf8.count : text.utf16.count
    }

    /// `< > : " / \ | ? *` as bytes.
    private static let forbiddenASCII: [UInt8] = [0x3C, 0x3E, 0x3A, 0x22, 0x2F, 0x5C, 0x7C, 0x3F, 0x2A]

    /// `CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, any case, before the first dot.
    private static func isReserved(_ component: String) -> Bool {
        var base: [UInt8] = []
        for byte in component.utf8 {
            if byte == 0x2E { break }
            guard base.count < 4 else { return false }
            base.append(byte >= 97 && byte <= 122 ? byte - 32 : byte)
        }
        switch base.count {
        case 3:
            return base == Array("CON".utf8) || base == Array("PRN".utf8) || base == Array("AUX".utf8) || base == Array("NUL".utf8)
        case 4:
            let stem = Array(base.prefix(3))
            return (stem == Array("COM".utf8) || stem == Array("LPT".utf8)) && (49...57).contains(base[3])
        default:
            return false
        }
    }
}
