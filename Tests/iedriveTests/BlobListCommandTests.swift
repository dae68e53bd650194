import Foundation
import IEDriveTestSupport
import Testing

/// `iedrive validate-bloblist FILE`: 0 valid, 3 invalid ("Export blob list format invalid",
/// the offending entry and line), 1 unreadable.
@Suite struct BlobListCommandTests {
    static let valid = """
        <?xml version="1.0" encoding="utf-8"?>
        <BlobList>
          <BlobPath>videos/story.mp4</BlobPath>
          <BlobPathPrefix>/logs/</BlobPathPrefix>
          <BlobPath IncludeSnapshots="false">$root/logo.bmp</BlobPath>
          <BlobPath>videos/Übergrößé — 日本.mp4</BlobPath>
          <BlobPathPrefix>/</BlobPathPrefix>
        </BlobList>

        """

    func validate(_ bytes: [UInt8], _ extra: [String] = []) throws -> CommandResult {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bloblist")
        defer { scratch.cleanup() }
        let path = scratch.file("list.xml")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return try CLI.iedrive(["validate-bloblist", path] + extra)
    }

    /// Exit 3, the state label and `detail` on stderr; the same in the JSON object.
    func expectInvalid(_ bytes: [UInt8], rule: String, detail: String, entry: String?, line: Int,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try validate(bytes)
        #expect(text.status == 6, "\(text)", sourceLocation: sourceLocation)
        #expect(text.stderr.hasPrefix("iedrive validate-bloblist: Export blob list format invalid: "), "\(text)",
                sourceLocation: sourceLocation)
        #expect(text.stderr.contains(detail), "\(text)", sourceLocation: sourceLocation)
        #expect(text.stderr.contains("line \(line),"), "\(text)", sourceLocation: sourceLocation)
        if let entry { #expect(text.stderr.contains("(entry '\(entry)')"), "\(text)", sourceLocation: sourceLocation) }

        let json = try validate(bytes, ["--json"])
        #expect(json.status == 6, sourceLocation: sourceLocation)
        let object = try jsonObject(json.stdout, sourceLocation: sourceLocation)
        #expect(object["valid"] as? Bool == false, sourceLocation: sourceLocation)
        #expect(object["state"] as? String == "Export blob list format invalid", sourceLocation: sourceLocation)
        #expect(object["status"] as? String == "BlobListFormatInvalid", sourceLocation: sourceLocation)
        #expect(object["rule"] as? String == rule, "\(object)", sourceLocation: sourceLocation)
        #expect(object["line"] as? Int == line, sourceLocation: sourceLocation)
        if let entry { #expect(object["entry"] as? String == entry, sourceLocation: sourceLocation) }
    }

    @Test("a valid list: exit 0 with its counts, as text, JSON and from stdin")
    func validList() throws {
        let text = try validate(Array(Self.valid.utf8))
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout == "valid: 3 blob paths, 2 prefixes\n")
        #expect(text.stderr.isEmpty)

        let json = try validate(Array(Self.valid.utf8), ["--json"])
        #expect(json.status == 0)
        let object = try jsonObject(json.stdout)
        #expect(object["valid"] as? Bool == true)
        #expect(object["blobPaths"] as? Int == 3)
        #expect(object["prefixes"] as? Int == 2)
        #expect(object["duplicates"] as? Int == 0)

        let stdin = try CLI.iedrive(["validate-bloblist", "-"], stdin: Self.valid)
        #expect(stdin.status == 0, "\(stdin)")
        #expect(stdin.stdout == text.stdout)
    }

    @Test("an invalid container name: exit 3, the entry and its line")
    func badContainer() throws {
        let list = "<BlobList>\n  <BlobPath>videos/a.mp4</BlobPath>\n  <BlobPath>Bad_Container/story.mp4</BlobPath>\n</BlobList>\n"
        try expectInvalid(Array(list.utf8), rule: "invalidContainer", detail: "container name 'Bad_Container'",
                          entry: "Bad_Container/story.mp4", line: 3)
    }

    @Test("a billion-laughs DTD: exit 3 at once, the DTD refused")
    func entityBomb() throws {
        var lines = ["<?xml version=\"1.0\"?>", "<!DOCTYPE BlobList [", "  <!ENTITY lol0 \"lol\">"]
        for level in 1...10 {
            lines.append("  <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">")
        }
        lines += ["]>", "<BlobList><BlobPath>videos/&lol10;</BlobPath></BlobList>", ""]
        let start = ContinuousClock.now
        try expectInvalid(Array(lines.joined(separator: "\n").utf8), rule: "xml", detail: "<!DOCTYPE is refused",
                          entry: nil, line: 2)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("invalid UTF-8 in an entry: exit 3, the line named")
    func invalidUTF8() throws {
        let bytes = Array("<BlobList>\n  <BlobPath>videos/a.mp4</BlobPath>\n  <BlobPath>videos/st".utf8) + [0xFF, 0xFE]
            + Array("ory.mp4</BlobPath>\n</BlobList>\n".utf8)
        try expectInvalid(bytes, rule: "xml", detail: "invalid UTF-8", entry: nil, line: 3)
    }

    @Test("a missing file: exit 1, cannot open")
    func missingFile() throws {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bloblist-missing")
        defer { scratch.cleanup() }
        let result = try CLI.iedrive(["validate-bloblist", scratch.file("absent.xml")])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("cannot open \(scratch.file("absent.xml")): No such file or directory"))
        #expect(result.stdout.isEmpty)
    }
}
