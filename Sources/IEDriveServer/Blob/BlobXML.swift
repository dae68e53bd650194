/// XML text for the Blob endpoint's answers (list containers, list blobs, block lists): text
/// escaping and the small documents, written by hand (the shapes are fixed and small).
enum BlobXML {
    static let declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"

    /// Character data and attribute values: `&`, `<`, `>`, `"`, `'` as entities; characters XML
    /// 1.0 cannot carry (controls other than tab, LF, CR) as `\uXXXX`-free replacement (U+FFFD).
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    static func element(_ name: String, _ value: String?) -> String {
        guard let value, !value.isEmpty else { return "<\(name) />" }
        return "<\(name)>\(escaped(value))</\(name)>"
    }
}
