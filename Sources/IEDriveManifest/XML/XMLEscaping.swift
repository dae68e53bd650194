/// Escaping for the XML we write, so that what the reader gets back is exactly what was
/// written: `&`, `<`, `>` always; `"` in attributes; tab, CR and LF in attributes and CR in
/// text as character references, because a reader normalises the literal forms away
/// (XML 1.0 §2.11, §3.3.3).
enum XMLEscaping {
    static func text(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x0D }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func attribute(_ value: String) -> String {
        let special: Set<UInt8> = [0x26, 0x3C, 0x3E, 0x22, 0x09, 0x0A, 0x0D]
        guard value.utf8.contains(where: special.contains) else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
