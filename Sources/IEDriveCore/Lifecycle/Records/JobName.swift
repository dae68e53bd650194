/// Job names (rest-api.md §3.1 rule 10, suggested): 3–64 characters of ASCII letters, digits,
/// `-` and `_`, starting with a letter or digit; compared case-insensitively (ARM rule).
public enum JobName {
    /// Why `name` is not a valid job name, nil if it is.
    public static func problem(_ name: String) -> String? {
        let count = name.unicodeScalars.count
        guard (3...64).contains(count) else {
            return "A job name has 3 to 64 characters; '\(name)' has \(count)."
        }
        guard let first = name.unicodeScalars.first, first.isASCIIAlphanumeric else {
            return "A job name starts with a letter or a digit."
        }
        guard name.unicodeScalars.allSatisfy({ $0.isASCIIAlphanumeric || $0 == "-" || $0 == "_" }) else {
            return "A job name has only letters, digits, '-' and '_'."
        }
        return nil
    }

    /// Whether two names denote the same job.
    public static func same(_ a: String, _ b: String) -> Bool { a.lowercased() == b.lowercased() }
}

extension Unicode.Scalar {
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
