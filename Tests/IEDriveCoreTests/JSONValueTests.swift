import IEDriveCore
import Testing

@Suite struct JSONValueTests {
    @Test func keepsKeyOrderAndWritesNull() {
        let value = JSONValue.object([("b", .int(1)), ("a", .null), ("c", .array([.bool(true), .string(nil)]))])
        #expect(value.serialized() == #"{"b":1,"a":null,"c":[true,null]}"#)
    }

    @Test func escapesStrings() {
        let text = JSONValue.string("quote \" backslash \\ newline \n tab \t bell \u{7} Übergrößé — 日本")
        #expect(text.serialized() == #""quote \" backslash \\ newline \n tab \t bell \u0007 Übergrößé — 日本""#)
    }

    @Test func prettyPrints() {
        let value = JSONValue.object([("list", .array([.uint(1)])), ("empty", .array([])), ("obj", .object([]))])
        #expect(value.serialized(pretty: true) == "{\n  \"list\": [\n    1\n  ],\n  \"empty\": [],\n  \"obj\": {}\n}")
    }

    @Test func probeJSONHasEveryDocumentedKey() {
        let report = ProbeReport(path: "/x", source: .imageFile, size: 512, sectorSize: 512)
        let verdict = DriveVerdict.evaluate(report, allowUnencrypted: false)
        guard case .object(let members) = report.json(verdict: verdict) else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.0) == ["schemaVersion", "path", "source", "size", "sectorSize", "partitionTable",
                                     "partitionTableUUID", "partitionTableDamage", "partitions", "volumes",
                                     "device", "verdict"])
    }
}

@Suite struct ByteCountFormatTests {
    static let cases: [(UInt64, String)] = [
        (0, "0 B"), (512, "512 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"),
        (64 << 20, "64.0 MiB"), (1 << 40, "1.0 TiB"), (3 * (1 << 30) / 2, "1.5 GiB"),
    ]

    @Test(arguments: cases)
    func formats(bytes: UInt64, text: String) {
        #expect(ByteCountFormat.binary(bytes) == text)
    }
}
