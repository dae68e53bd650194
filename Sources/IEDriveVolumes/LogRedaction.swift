/// Masks anything in a log line that looks like a BitLocker recovery password (eight groups
/// of six digits, however separated) before the line goes anywhere. The reader never prints
/// a key; this is the second lock on that door.
public enum LogRedaction {
    public static func redact(_ line: String) -> String {
        var output = ""
        var digits = ""
        var pending = ""   // digits and separators since the last non-key character
        var groups = 0
        func flush(isKey: Bool) {
            output += isKey ? "[redacted recovery password]" : pending
            pending = ""
            digits = ""
            groups = 0
        }
        for character in line {
            if character.isASCII, character.isNumber {
                pending.append(character)
                digits.append(character)
                if digits.count == 6 {
                    groups += 1
                    digits = ""
                    if groups == 8 { flush(isKey: true) }
                }
            } else if (character == "-" || character == " ") && !pending.isEmpty && digits.isEmpty {
                pending.append(character)
            } else {
                flush(isKey: false)
                output.append(character)
            }
        }
        flush(isKey: false)
        return output
    }
}
