/// A shortcut for the common blob-list entry — a lower-case container and a printable-ASCII
/// name — checked in one pass over its bytes, so that a list of millions of entries does not
/// spend most of its time building strings for the full rules.
///
/// It only ever says "certainly valid": `true` means the full rules (`BlobListEntries.path` and
/// `.prefix`, i.e. `ContainerName`, `BlobName` and `BlobPathPrefix` in IEDriveCore) accept the
/// text, which `BlobListQuickCheckTests` checks against them on generated names. Anything else —
/// non-ASCII, `$root` partial prefixes, anything the rules might refuse — answers `false` and
/// goes the full way, which decides and words the error. The rules themselves stay in one place.
enum BlobListQuickCheck {
    /// A `BlobPath` text (one leading `/` allowed): container, `/`, blob name.
    static func isPlainValidPath(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = text.first == slash ? 1 : 0
        guard let separator = firstSlash(text, from: start) else { return false }
        guard let inRoot = containerKind(text, start..<separator) else { return false }
        let name = (separator + 1)..<text.count
        guard !name.isEmpty, let last = text.last, last != dot, last != slash, last != backslash else { return false }
        return isPlainName(text, name, inRoot: inRoot)
    }

    /// A `BlobPathPrefix` text: `/`, a container or the start of one, optionally `/` and the
    /// start of a blob name.
    static func isPlainValidPrefix(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.first == slash else { return false }
        guard let separator = firstSlash(text, from: 1) else {
            // The start of a container: its characters, at most 63 (`$root`'s starts go the full way).
            guard text.count - 1 <= 63 else { return false }
            for index in 1..<text.count where !isContainerByte(text[index]) { return false }
            return true
        }
        guard let inRoot = containerKind(text, 1..<separator) else { return false }
        let name = (separator + 1)..<text.count
        return name.isEmpty || isPlainName(text, name, inRoot: inRoot)
    }

    private static let slash: UInt8 = 0x2F, dot: UInt8 = 0x2E, backslash: UInt8 = 0x5C, hyphen: UInt8 = 0x2D

    private static func firstSlash(_ text: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        XMLByteScan.first(slash, in: text, from: from, end: text.count)
    }

    /// `false` for a legal container name, `true` for `$root`, nil otherwise (or when unsure).
    private static func containerKind(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool? {
        if range.count == 5, text[range].elementsEqual("$root".utf8) { return true }
        guard (3...63).contains(range.count), text[range.lowerBound] != hyphen, text[range.upperBound - 1] != hyphen else {
            return nil
        }
        var previous: UInt8 = 0
        for index in range {
            let byte = text[index]
            guard isContainerByte(byte), !(byte == hyphen && previous == hyphen) else { return nil }
            previous = byte
        }
        return false
    }

    /// Lower-case ASCII letter, digit or hyphen.
    private static func isContainerByte(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == hyphen
    }

    /// A name (or the start of one) of printable ASCII (0x20–0x7E: one UTF-16 unit each, none
    /// forbidden), at most 1,024 characters and 254 segments, no `.` or `..` segment (the last
    /// one included), and no `/` in the root container.
    private static func isPlainName(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, inRoot: Bool) -> Bool {
        guard range.count <= 1_024 else { return false }
        var segments = 1
        var segmentLength = 0
        var segmentDots = 0
        var index = range.lowerBound
        while index < range.upperBound {
            // Eight bytes at a time while they are printable ASCII (not DEL) with no '/' or '.':
            // they only lengthen the segment.
            if index + 8 <= range.upperBound, XMLByteScan.isPlainASCII(text, at: index),
               XMLByteScan.hasNone(of: slash, dot, 0x7F, in: text, at: index) {
                segmentLength += 8
                index += 8
                continue
            }
            let byte = text[index]
            index += 1
            guard byte >= 0x20, byte < 0x7F else { return false }
            if byte == slash {
                if inRoot || (segmentLength > 0 && segmentLength == segmentDots && segmentLength <= 2) { return false }
                segments += 1
                segmentLength = 0
                segmentDots = 0
                continue
            }
            segmentLength += 1
            if byte == dot { segmentDots += 1 }
        }
        if segmentLength > 0, segmentLength == segmentDots, segmentLength <= 2 { return false }
        return segments <= 254
    }
}
