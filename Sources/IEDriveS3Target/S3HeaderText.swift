import Foundation

/// Header values S3 can carry whatever their text: printable ASCII as it is, anything else
/// (non-ASCII, control characters, leading or trailing blanks) as an RFC 2047 encoded word
/// `=?UTF-8?B?…?=`, the form Amazon's SDKs and rclone read back.
enum S3HeaderText {
    static func encode(_ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            && value.first != " " && value.last != " " && !value.hasPrefix("=?")
        return plain ? value : "=?UTF-8?B?" + Data(value.utf8).base64EncodedString() + "?="
    }

    static func decode(_ value: String) -> String {
        guard value.hasPrefix("=?"), value.hasSuffix("?="), value.count >= 10 else { return value }
        let inner = value.dropFirst(2).dropLast(2)
        let parts = inner.split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].uppercased() == "UTF-8" else { return value }
        switch parts[1].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: String(parts[2])), let text = String(data: data, encoding: .utf8) else { return value }
            return text
        case "Q":
            var bytes: [UInt8] = []
            var iterator = Array(parts[2].utf8).makeIterator()
            while let byte = iterator.next() {
                if byte == UInt8(ascii: "_") { bytes.append(0x20); continue }
                guard byte == UInt8(ascii: "="), let high = iterator.next(), let low = iterator.next(),
                      let decoded = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else {
                    bytes.append(byte)
                    continue
                }
                bytes.append(decoded)
            }
            return String(decoding: bytes, as: UTF8.self)
        default:
            return value
        }
    }
}
