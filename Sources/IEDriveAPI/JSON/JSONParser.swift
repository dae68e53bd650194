/// A strict RFC 8259 parser for request bodies and API answers: no comments, no trailing
/// commas, no duplicate member names, strings must be valid UTF-8. Recursion is bounded by
/// `JSONLimits.maximumDepth`, so a hostile body fails with a message, not a stack overflow.
/// Errors give line and column, never the text found.
public enum JSONParser {
    /// The document in `bytes`, or why it is not one.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONDecodingError) -> JSONInput {
        guard bytes.count <= limits.maximumBytes else {
            throw JSONDecodingError(.tooLarge, path: "",
                                    "The document has \(bytes.count) bytes; at most \(limits.maximumBytes) are accepted.")
        }
        var scanner = JSONScanner(bytes: bytes, maximumDepth: limits.maximumDepth)
        return try scanner.document()
    }

    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONDecodingError) -> JSONInput {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// The cursor over the bytes; one value per call, depth counted on the way down.
struct JSONScanner {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        // A UTF-8 byte order mark is tolerated (some editors write one).
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    mutating func document() throws(JSONDecodingError) -> JSONInput {
        skipWhitespace()
        guard index < bytes.count else { throw failure("The document is empty") }
        let value = try value(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw failure("Unexpected text after the end of the document") }
        return value
    }

    private mutating func value(depth: Int) throws(JSONDecodingError) -> JSONInput {
        guard index < bytes.count else { throw failure("The document ends where a value was expected") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("Expected a value")
        }
    }

    private mutating func object(depth: Int) throws(JSONDecodingError) -> JSONInput {
        try checkDepth(depth)
        index += 1
        var members: [(key: String, value: JSONInput)] = []
        var names: Set<String> = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("Expected a member name in double quotes")
            }
            let nameStart = index
            let name = try string()
            guard names.insert(name).inserted else {
                index = nameStart
                throw failure("The member name '\(name)' appears twice in one object")
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw failure("Expected ':' after a member name") }
            skipWhitespace()
            members.append((key: name, value: try value(depth: depth)))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "}")) { return .object(members) }
            throw failure("Expected ',' or '}' in an object")
        }
    }

    private mutating func array(depth: Int) throws(JSONDecodingError) -> JSONInput {
        try checkDepth(depth)
        index += 1
        var items: [JSONInput] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(items) }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth))
            skipWhitespace()
            if consume(UInt8(ascii: ",")) { continue }
            if consume(UInt8(ascii: "]")) { return .array(items) }
            throw failure("Expected ',' or ']' in an array")
        }
    }

    private func checkDepth(_ depth: Int) throws(JSONDecodingError) {
        guard depth <= maximumDepth else {
            throw JSONDecodingError(.tooDeep, path: "",
                                    "The document nests arrays and objects more than \(maximumDepth) levels deep (\(position)).")
        }
    }

    private mutating func string() throws(JSONDecodingError) -> String {
        let start = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var runStart = index
        while true {
            guard index < bytes.count else {
                index = start
                throw failure("A string is not closed")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try appendRun(runStart..<index, to: &scalars)
                index += 1
                return String(scalars)
            }
            if byte < 0x20 { throw failure("A control character must be escaped inside a string") }
            if byte == UInt8(ascii: "\\") {
                try appendRun(runStart..<index, to: &scalars)
                scalars.append(try escape())
                runStart = index
                continue
            }
            index += 1
        }
    }

    private func appendRun(_ range: Range<Int>, to scalars: inout String.UnicodeScalarView) throws(JSONDecodingError) {
        guard !range.isEmpty else { return }
        guard let text = String(validating: bytes[range], as: UTF8.self) else {
            throw failure("A string is not valid UTF-8")
        }
        scalars.append(contentsOf: text.unicodeScalars)
    }

    /// After a backslash: one escape, `\uD83D\uDE00` surrogate pairs joined.
    private mutating func escape() throws(JSONDecodingError) -> Unicode.Scalar {
        index += 1
        guard index < bytes.count else { throw failure("A string ends inside an escape") }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try hexQuad()
            if (0xD800...0xDBFF).contains(first) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw failure("A high surrogate escape is not followed by a low one")
                }
                index += 2
                let second = try hexQuad()
                guard (0xDC00...0xDFFF).contains(second) else { throw failure("Expected a low surrogate escape") }
                let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else { throw failure("Invalid surrogate pair") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw failure("A lone low surrogate escape") }
            return scalar
        default:
            index -= 1
            throw failure("Unknown escape sequence")
        }
    }

    private mutating func hexQuad() throws(JSONDecodingError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = Self.hexValue(bytes[index]) else {
                throw failure("Expected four hexadecimal digits after \\u")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func number() throws(JSONDecodingError) -> JSONInput {
        let start = index
        var integral = true
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            if index < bytes.count, Self.isDigit(bytes[index]) { throw failure("A number has a leading zero") }
        } else {
            guard try digits() > 0 else { throw failure("Expected a digit") }
        }
        if consume(UInt8(ascii: ".")) {
            integral = false
            guard try digits() > 0 else { throw failure("Expected a digit after the decimal point") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard try digits() > 0 else { throw failure("Expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let value = Int64(text) { return .integer(value) }
        guard let value = Double(text), value.isFinite else {
            index = start
            throw failure("A number is out of range")
        }
        return .number(value)
    }

    private mutating func digits() throws(JSONDecodingError) -> Int {
        let start = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        return index - start
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func literal(_ word: String) throws(JSONDecodingError) {
        let expected = Array(word.utf8)
        guard bytes.count - index >= expected.count, bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw failure("Expected a value")
        }
        index += expected.count
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// `line 3, column 17` (1-based; columns count bytes).
    private var position: String {
        var line = 1
        var lineStart = 0
        for offset in 0..<min(index, bytes.count) where bytes[offset] == 0x0A {
            line += 1
            lineStart = offset + 1
        }
        return "line \(line), column \(index - lineStart + 1)"
    }

    private func failure(_ message: String) -> JSONDecodingError {
        JSONDecodingError(.syntax, path: "", "\(message) at \(position).")
    }
}
