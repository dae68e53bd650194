/// libblkid's NAME=value results as raw bytes. Most values are NUL-terminated strings, but
/// `SBMAGIC`, `PTMAGIC`, `*_RAW` are binary: read them with `escaped(_:)`.
struct BlkidValues: Equatable {
    private(set) var raw: [String: [UInt8]] = [:]

    var isEmpty: Bool { raw.isEmpty }

    mutating func set(_ name: String, _ bytes: [UInt8]) { raw[name] = bytes }

    /// A text value, trailing NULs removed; invalid UTF-8 is replaced, never trusted.
    func string(_ name: String) -> String? {
        guard var bytes = raw[name] else { return nil }
        while bytes.last == 0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    func integer(_ name: String) -> UInt64? {
        string(name).flatMap { UInt64($0) }
    }

    /// A binary value, printable ASCII as is and every other byte as `\xNN` (blkid's style).
    func escaped(_ name: String) -> String? {
        guard let bytes = raw[name] else { return nil }
        // libblkid stores magics with their exact length (no terminating NUL).
        var text = ""
        for byte in bytes {
            if byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return text
    }
}
