import IEDriveCore

/// How a blob name becomes directory entries under `<root>/<container>/`, and back.
///
/// A blob name is split at `/` into segments. Each segment becomes one or more directory
/// entries; the blob itself is a directory (holding `data` and `meta`) whose entry carries the
/// suffix `~blob`. Every other `/`-segment is a real directory, so virtual folders are real
/// folders and `ls` shows the names.
///
/// Rules, applied to the UTF-8 bytes of each segment:
///
/// 1. Escaping: `%` followed by two upper-case hexadecimal digits stands for one byte. These
///    bytes are always escaped: `%` (`%25`), `~` (`%7E`), control bytes 0x00–0x1F and 0x7F;
///    a `.` is escaped (`%2E`) when it is the first byte of an entry. Everything else, all
///    non-ASCII UTF-8 included, is written as it is.
/// 2. Kinds: a literal `~` appears only in these suffixes (escaped `~` is `%7E`):
///    * `NAME~blob`  — the blob itself, the last segment;
///    * `NAME`       — a virtual folder, a whole segment followed by `/`;
///    * `~empty`     — a virtual folder whose segment is empty (`a//b`, or a name starting `/`);
///    * `PART~more`  — a piece of a segment too long for one entry; the segment goes on in the
///                     directory below (the next piece, then the segment's own entry).
/// 3. Long segments: an entry holds at most 250 escaped bytes before its suffix (so at most 255,
///    NAME_MAX). A longer segment is cut greedily at Unicode scalar boundaries into pieces of at
///    most 250 escaped bytes; rule 1's leading-dot escape applies to each piece.
///
/// Why it is safe: no entry is empty, `.`, `..`, or starts with `.` (so `.iedrive` and hidden
/// names are never produced); no entry contains `/` or NUL or exceeds 255 bytes; a blob (`~blob`)
/// can never clash with a folder of the same segment (`a` and `a/b` coexist as `a~blob/` and
/// `a/b~blob/`); and decoding inverts encoding exactly, so every valid name round-trips and two
/// names never share entries. Containers are directories named as the container (`$root`
/// included); container names cannot start with `.`, so nothing reaches `<root>/.iedrive`.
///
/// Examples: `pictures/bob/desert.jpg` → `pictures/bob/desert.jpg~blob`;
/// `/.profile` → `~empty/%2Eprofile~blob`; `100%~done` → `100%25%7Edone~blob`;
/// a 600-byte segment → `P1~more/P2~more/P3~blob` (P1, P2 of 250 bytes).
public enum BlobNameEscaping {
    /// Escaped bytes an entry may hold before its suffix.
    public static let maxPieceBytes = 250
    public static let blobSuffix = "~blob"
    public static let continuationSuffix = "~more"
    public static let emptySegment = "~empty"

    /// A decoded directory entry.
    public enum Entry: Sendable, Hashable {
        /// The blob's own directory: the last piece of the last segment.
        case blob([UInt8])
        /// A folder: the last piece of a segment followed by `/` (empty for `~empty`).
        case folder([UInt8])
        /// A piece of a longer segment, continued below.
        case continuation([UInt8])
    }

    /// The entries from the container directory down to the blob's own directory (the last).
    public static func components(of name: String) -> [String] {
        let segments = name.slashSeparated()
        var out: [String] = []
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            if segment.isEmpty, !isLast {
                out.append(emptySegment)
                continue
            }
            let pieces = self.pieces(of: segment)
            for (pieceIndex, piece) in pieces.enumerated() {
                let suffix = pieceIndex < pieces.count - 1 ? continuationSuffix : (isLast ? blobSuffix : "")
                out.append(String(decoding: piece, as: UTF8.self) + suffix)
            }
        }
        return out
    }

    /// What a directory entry stands for, or nil when the entry is not one this scheme writes
    /// (foreign files, non-canonical escapes): such entries are ignored.
    public static func entry(_ raw: [UInt8]) -> Entry? {
        if raw == Array(emptySegment.utf8) { return .folder([]) }
        let kind: ([UInt8]) -> Entry
        var body = raw[...]
        if raw.count > 5, raw.suffix(5).elementsEqual(blobSuffix.utf8) {
            kind = Entry.blob
            body = raw.dropLast(5)
        } else if raw.count > 5, raw.suffix(5).elementsEqual(continuationSuffix.utf8) {
            kind = Entry.continuation
            body = raw.dropLast(5)
        } else {
            kind = Entry.folder
        }
        guard !body.isEmpty, let bytes = unescape(body), bytes.count <= 3 * maxPieceBytes,
              escape(bytes) == Array(body)
        else { return nil }
        return kind(bytes)
    }

    /// Cuts a segment into escaped pieces of at most `maxPieceBytes` bytes, at scalar boundaries.
    static func pieces(of segment: Substring) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var piece: [UInt8] = []
        for scalar in segment.unicodeScalars {
            var encoded = escape(scalar, atStart: piece.isEmpty)
            if piece.count + encoded.count > maxPieceBytes {
                pieces.append(piece)
                piece = []
                encoded = escape(scalar, atStart: true)
            }
            piece += encoded
        }
        pieces.append(piece)
        return pieces
    }

    /// Rule 1 for a whole piece of raw bytes.
    static func escape(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            if mustEscape(byte, atStart: index == 0) { out += percent(byte) } else { out.append(byte) }
        }
        return out
    }

    private static func escape(_ scalar: Unicode.Scalar, atStart: Bool) -> [UInt8] {
        if scalar.isASCII {
            let byte = UInt8(scalar.value)
            return mustEscape(byte, atStart: atStart) ? percent(byte) : [byte]
        }
        return Array(String(scalar).utf8)
    }

    private static func mustEscape(_ byte: UInt8, atStart: Bool) -> Bool {
        byte < 0x20 || byte == 0x7F || byte == 0x25 || byte == 0x7E || byte == 0x2F || (atStart && byte == 0x2E)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func percent(_ byte: UInt8) -> [UInt8] {
        [0x25, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
    }

    private static func unescape(_ body: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == 0x7E { return nil }
            guard byte == 0x25 else {
                out.append(byte)
                index += 1
                continue
            }
            guard index + 2 < body.endIndex,
                  let high = hexDigits.firstIndex(of: body[index + 1]), let low = hexDigits.firstIndex(of: body[index + 2])
            else { return nil }
            out.append(UInt8(high << 4 | low))
            index += 3
        }
        return out
    }
}
