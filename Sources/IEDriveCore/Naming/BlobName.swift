/// Azure blob naming ("Naming and Referencing Containers, Blobs, and Metadata"), as the specs
/// apply it (drive-manifest.md §2, blob-list.md §5 items 5–8):
///
/// * 1–1,024 characters. Azure counts characters the way .NET does, in UTF-16 code units;
///   so do we.
/// * At most 254 path segments (the text between `/` delimiters).
/// * Not allowed: control characters U+0000–U+001F and U+007F–U+009F (the naming page names
///   0x00–0x1F and \u0081), Unicode noncharacters, and private-use code points such as
///   \uE000, which the naming page calls "not valid Unicode characters".
/// * Not ending in `.`, `/` or `\` or a run of them: the naming page says to avoid it, and
///   such a name cannot be exported to NTFS (blob-list.md §4, `FileNameTrailsWithSlash`).
/// * No `.` or `..` segment (ours): URL clients collapse them (RFC 3986 §5.2.4), so such a
///   blob cannot be addressed reliably.
/// * In the root container a blob name cannot contain `/` (the naming page).
public enum BlobName {
    public static let maxLength = 1_024
    public static let maxSegments = 254

    /// Why `name` cannot be a blob name (in the root container when `inRoot`), or nil. One pass
    /// over the UTF-8 bytes; code points are decoded only when a non-ASCII byte appears.
    public static func problem(_ name: String, inRoot: Bool) -> BlobPathError? {
        let utf8 = name.utf8
        guard !utf8.isEmpty else { return .emptyName }
        var asciiOnly = true
        var forbiddenASCII: UInt8?
        var segments = 1
        var dotSegment = false
        var segmentLength = 0
        var segmentDots = 0
        for byte in utf8 {
            if byte == 0x2F {
                if segmentLength > 0, segmentLength == segmentDots, segmentLength <= 2 { dotSegment = true }
                segments += 1
                segmentLength = 0
                segmentDots = 0
                continue
            }
            segmentLength += 1
            if byte == 0x2E { segmentDots += 1 }
            if byte >= 0x80 {
                asciiOnly = false
            } else if (byte < 0x20 || byte == 0x7F), forbiddenASCII == nil {
                forbiddenASCII = byte
            }
        }
        if segmentLength > 0, segmentLength == segmentDots, segmentLength <= 2 { dotSegment = true }
        let length = asciiOnly ? utf8.count : name.utf16.count
        guard length <= maxLength else { return .nameTooLong(length) }
        if asciiOnly {
            if let forbiddenASCII { return .forbiddenCharacter(UInt32(forbiddenASCII)) }
        } else if let scalar = name.unicodeScalars.first(where: isForbidden) {
            return .forbiddenCharacter(scalar.value)
        }
        if inRoot, segments > 1 { return .slashInRootBlobName }
        if let last = utf8.last, last == 0x2E || last == 0x2F || last == 0x5C { return .trailingDotOrSlash }
        guard segments <= maxSegments else { return .tooManySegments(segments) }
        if dotSegment { return .dotSegment }
        return nil
    }

    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0xE000...0xF8FF, 0xF0000...0xFFFFD, 0x100000...0x10FFFD: return true
        case 0xFDD0...0xFDEF: return true
        default: return value & 0xFFFE == 0xFFFE
        }
    }
}
