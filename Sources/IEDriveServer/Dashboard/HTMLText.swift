import Foundation
import IEDriveAPI

/// Text made safe for HTML: every `&`, `<`, `>`, `"` and `'` escaped, so job names, drive ids
/// and failure reasons can go into element content and quoted attribute values alike.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// One path segment, percent-encoded (then HTML-escaped where it goes into an attribute).
    static func pathSegment(_ text: String) -> String { URLPathSegment.encoded(text) }

    static func percent(_ value: Int?) -> String { value.map { "\($0)%" } ?? "—" }
}
