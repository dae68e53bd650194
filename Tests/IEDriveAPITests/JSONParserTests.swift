import IEDriveAPI
import Testing

@Suite struct JSONParserTests {
    @Test func readsEveryKindOfValueInOrder() throws {
        let value = try JSONParser.parse(#" {"b": [1, -2.5, 3e2, true, false, null], "a": "x\"\\\/\n\u00e9\ud83d\ude00", "c": {}} "#)
        #expect(value == .object([
            (key: "b", value: .array([.integer(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null])),
            (key: "a", value: .string("x\"\\/\né😀")),
            (key: "c", value: .object([])),
        ]))
    }

    @Test func keepsRawUTF8AndHugeIntegers() throws {
        #expect(try JSONParser.parse("\"Zürich\"") == .string("Zürich"))
        #expect(try JSONParser.parse("9223372036854775807") == .integer(.max))
        #expect(try JSONParser.parse("9223372036854775808") == .number(9_223_372_036_854_775_808))
    }

    @Test(arguments: [
        ("", "The document is empty at line 1, column 1."),
        ("{\"a\": 1,}", "Expected a member name in double quotes at line 1, column 9."),
        ("[1 2]", "Expected ',' or ']' in an array at line 1, column 4."),
        ("{\"a\" 1}", "Expected ':' after a member name at line 1, column 6."),
        ("{\n  \"a\": tru\n}", "Expected a value at line 2, column 8."),
        ("01", "A number has a leading zero at line 1, column 2."),
        ("\"abc", "A string is not closed at line 1, column 1."),
        ("\"a\tb\"", "A control character must be escaped inside a string at line 1, column 3."),
        ("\"\\x\"", "Unknown escape sequence at line 1, column 3."),
        ("\"\\ud83d\"", "A high surrogate escape is not followed by a low one at line 1, column 8."),
        ("{\"a\":1,\"a\":2}", "The member name 'a' appears twice in one object at line 1, column 8."),
        ("{} x", "Unexpected text after the end of the document at line 1, column 4."),
        ("1.", "Expected a digit after the decimal point at line 1, column 3."),
        ("1e999", "A number is out of range at line 1, column 1."),
    ])
    func syntaxErrorsSayWhere(input: String, message: String) {
        #expect(throws: JSONDecodingError(.syntax, path: "", message)) { try JSONParser.parse(input) }
    }

    @Test func invalidUTF8IsRefused() {
        #expect(throws: JSONDecodingError(.syntax, path: "", "A string is not valid UTF-8 at line 1, column 5.")) {
            try JSONParser.parse([0x22, 0x61, 0xC3, 0x28, 0x22])
        }
    }

    /// A hostile body nested a million levels fails with a message, not a stack overflow.
    @Test func absurdNestingIsRefusedGracefully() {
        let deep = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        #expect(throws: JSONDecodingError.self) { try JSONParser.parse(deep) }
        do {
            _ = try JSONParser.parse(deep)
        } catch {
            #expect(error.kind == .tooDeep)
            #expect(error.message.hasPrefix("The document nests arrays and objects more than 32 levels deep"))
        }
        let ok = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let tooDeep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(throws: JSONDecodingError.self) { try JSONParser.parse(tooDeep) }
    }

    @Test func oversizedDocumentIsRefusedBeforeParsing() {
        let limits = JSONLimits(maximumBytes: 10)
        #expect(throws: JSONDecodingError(.tooLarge, path: "", "The document has 11 bytes; at most 10 are accepted.")) {
            try JSONParser.parse("[1,2,3,4,5]", limits: limits)
        }
        #expect(throws: Never.self) { try JSONParser.parse("[1,2,3,45]", limits: limits) }
    }

    @Test func byteOrderMarkIsTolerated() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + bytes("{}")) == .object([]))
    }

    @Test func readerMatchesNamesCaseInsensitivelyAndTreatsNullAsAbsent() throws {
        let reader = try JSONObjectReader(try JSONParser.parse(#"{"blobListblobPath": "x", "n": null, "i": 2.0}"#), path: "export")
        #expect(try reader.string("blobListBlobPath") == "x")
        #expect(try reader.string("n") == nil)
        #expect(try reader.int64("i") == 2)
        #expect(throws: JSONDecodingError(.missing, path: "export.n", "'export.n' is required.")) {
            try reader.requiredString("n")
        }
        #expect(throws: JSONDecodingError(.wrongType, path: "export.i", "Expected a string, found a number.")) {
            try reader.string("i")
        }
    }
}
