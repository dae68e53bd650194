import Foundation
import IEDriveTestSupport
import Testing

/// `iedrive validate-bloblist FILE [--json]`: 0 valid; 6 invalid ("Export blob list format
/// invalid", the rule, the offending entry and its line); 1 the file cannot be read ("Blob
/// access forbidden" in the JSON); 2 usage. With `--json` one object on stdout in every case.
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

    /// Every key of the `--json` object, in order.
    static let jsonKeys = ["schemaVersion", "file", "valid", "exitStatus", "state", "token", "status", "code", "rule", "limit",
                           "message", "entry", "line", "column", "elementPath", "blobPaths", "prefixes", "duplicates", "bytes"]

    func validate(_ bytes: [UInt8], _ extra: [String] = []) throws -> CommandResult {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bloblist")
        defer { scratch.cleanup() }
        let path = scratch.file("list.xml")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        return try CLI.iedrive(["validate-bloblist", path] + extra)
    }

    /// The `--json` object with every documented key, in order, and its exit status matching.
    func expectObject(_ result: CommandResult, status: Int32,
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(result.status == status, "\(result)", sourceLocation: sourceLocation)
        let object = try jsonObject(result.stdout, sourceLocation: sourceLocation)
        let keys = result.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }
            .map { String($0.dropFirst(3).prefix { $0 != "\"" }) }
        #expect(keys == Self.jsonKeys, sourceLocation: sourceLocation)
        #expect(object["schemaVersion"] as? Int == 1, sourceLocation: sourceLocation)
        #expect(object["exitStatus"] as? Int == Int(status), sourceLocation: sourceLocation)
        return object
    }

    /// Exit 6, the state label and `detail` on stderr; the same in the JSON object.
    @discardableResult
    func expectInvalid(_ bytes: [UInt8], rule: String, detail: String, entry: String?, line: Int?, limit: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        let text = try validate(bytes)
        #expect(text.status == 6, "\(text)", sourceLocation: sourceLocation)
        #expect(text.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(text.stderr.hasPrefix("iedrive validate-bloblist: Export blob list format invalid: "), "\(text)",
                sourceLocation: sourceLocation)
        #expect(text.stderr.contains(detail), "\(text)", sourceLocation: sourceLocation)
        if let line { #expect(text.stderr.contains("line \(line),"), "\(text)", sourceLocation: sourceLocation) }
        if let entry { #expect(text.stderr.contains("(entry '\(entry)')"), "\(text)", sourceLocation: sourceLocation) }

        let json = try validate(bytes, ["--json"])
        let object = try expectObject(json, status: 6, sourceLocation: sourceLocation)
        #expect(object["valid"] as? Bool == false, sourceLocation: sourceLocation)
        #expect(object["state"] as? String == "Export blob list format invalid", sourceLocation: sourceLocation)
        #expect(object["token"] as? String == "ExportBlobListFormatInvalid", sourceLocation: sourceLocation)
        #expect(object["status"] as? String == "BlobListFormatInvalid", sourceLocation: sourceLocation)
        #expect(object["code"] as? String == rule, "\(object)", sourceLocation: sourceLocation)
        #expect(object["rule"] as? String == rule, "\(object)", sourceLocation: sourceLocation)
        #expect(object["limit"] as? String == limit, "\(object)", sourceLocation: sourceLocation)
        #expect((object["message"] as? String).map { detail.contains($0) || $0.contains(detail) } == true, "\(object)",
                sourceLocation: sourceLocation)
        #expect(object["line"] as? Int == line, sourceLocation: sourceLocation)
        if let entry { #expect(object["entry"] as? String == entry, sourceLocation: sourceLocation) }
        #expect(object["blobPaths"] is NSNull, sourceLocation: sourceLocation)
        return object
    }

    /// Exit 1 with `message` on stderr; with --json the object naming "Blob access forbidden".
    func expectUnreadable(_ path: String, code: String, message: String,
                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try CLI.iedrive(["validate-bloblist", path])
        #expect(text.status == 1, "\(text)", sourceLocation: sourceLocation)
        #expect(text.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(text.stderr.hasPrefix("iedrive validate-bloblist: " + message), "\(text)", sourceLocation: sourceLocation)

        let json = try CLI.iedrive(["validate-bloblist", "--json", path])
        let object = try expectObject(json, status: 1, sourceLocation: sourceLocation)
        #expect(object["valid"] is NSNull, sourceLocation: sourceLocation)
        #expect(object["state"] as? String == "Blob access forbidden", sourceLocation: sourceLocation)
        #expect(object["token"] as? String == "BlobAccessForbidden", sourceLocation: sourceLocation)
        #expect(object["status"] as? String == "BlobRequestForbidden", sourceLocation: sourceLocation)
        #expect(object["code"] as? String == code, "\(object)", sourceLocation: sourceLocation)
        #expect((object["message"] as? String)?.hasPrefix(message) == true, "\(object)", sourceLocation: sourceLocation)
        #expect(object["file"] as? String == path, sourceLocation: sourceLocation)
    }

    /// Exit 2 with `problem` and the usage on stderr; with --json the object with code "usage".
    func expectUsage(_ arguments: [String], problem: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let text = try CLI.iedrive(["validate-bloblist"] + arguments)
        #expect(text.status == 2, "\(text)", sourceLocation: sourceLocation)
        #expect(text.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(text.stderr.contains(problem), "\(text)", sourceLocation: sourceLocation)
        #expect(text.stderr.contains("Usage: iedrive validate-bloblist <file>"), "\(text)", sourceLocation: sourceLocation)

        let json = try CLI.iedrive(["validate-bloblist"] + arguments + ["--json"])
        let object = try expectObject(json, status: 2, sourceLocation: sourceLocation)
        #expect(object["code"] as? String == "usage", sourceLocation: sourceLocation)
        #expect(object["valid"] is NSNull && object["state"] is NSNull, sourceLocation: sourceLocation)
        #expect((object["message"] as? String)?.contains(problem) == true, "\(object)", sourceLocation: sourceLocation)
    }

    @Test("a valid list: exit 0 with its counts, as text, JSON and from stdin")
    func validList() throws {
        let text = try validate(Array(Self.valid.utf8))
        #expect(text.status == 0, "\(text)")
        #expect(text.stdout == "valid: 3 blob paths, 2 prefixes\n")
        #expect(text.stderr.isEmpty)

        let json = try validate(Array(Self.valid.utf8), ["--json"])
        let object = try expectObject(json, status: 0)
        #expect(json.stderr.isEmpty)
        #expect(object["valid"] as? Bool == true)
        #expect(object["state"] is NSNull && object["code"] is NSNull && object["line"] is NSNull)
        #expect(object["blobPaths"] as? Int == 3)
        #expect(object["prefixes"] as? Int == 2)
        #expect(object["duplicates"] as? Int == 0)
        #expect(object["bytes"] as? Int == Self.valid.utf8.count)

        let stdin = try CLI.iedrive(["validate-bloblist", "-"], stdin: Self.valid)
        #expect(stdin.status == 0, "\(stdin)")
        #expect(stdin.stdout == text.stdout)

        let repeated = Self.valid.replacing("</BlobList>", with: "<BlobPath>/videos/story.mp4</BlobPath></BlobList>")
        #expect(try validate(Array(repeated.utf8)).stdout == "valid: 4 blob paths, 2 prefixes, 1 duplicates\n")
    }

    @Test("an invalid container name: exit 6, the entry and its line")
    func badContainer() throws {
        let list = "<BlobList>\n  <BlobPath>videos/a.mp4</BlobPath>\n  <BlobPath>Bad_Container/story.mp4</BlobPath>\n</BlobList>\n"
        let object = try expectInvalid(Array(list.utf8), rule: "invalidContainer", detail: "container name 'Bad_Container'",
                                       entry: "Bad_Container/story.mp4", line: 3)
        #expect(object["column"] as? Int == 3)
        #expect(object["elementPath"] as? String == "/BlobList/BlobPath")
    }

    @Test("a prefix with a '..' segment: exit 6, refused like a blob path with one")
    func dotDotPrefix() throws {
        let list = "<BlobList>\n  <BlobPathPrefix>/logs/2024/../../secret/</BlobPathPrefix>\n</BlobList>\n"
        try expectInvalid(Array(list.utf8), rule: "invalidBlobName", detail: "blob path prefix: the blob name has a '.' or '..' segment",
                          entry: "/logs/2024/../../secret/", line: 2)
        let path = "<BlobList>\n  <BlobPath>logs/2024/../../secret/a</BlobPath>\n</BlobList>\n"
        try expectInvalid(Array(path.utf8), rule: "invalidBlobName", detail: "blob path: the blob name has a '.' or '..' segment",
                          entry: "logs/2024/../../secret/a", line: 2)
    }

    @Test("not a blob list: exit 6 for another root, an empty list, an empty or binary file")
    func notABlobList() throws {
        try expectInvalid(Array("<DriveManifest Version=\"2014-11-01\"/>".utf8), rule: "rootElement", detail: "not <BlobList>",
                          entry: nil, line: 1)
        try expectInvalid(Array("<BlobList>\n</BlobList>\n".utf8), rule: "empty", detail: "cannot be empty", entry: nil, line: 1)
        try expectInvalid([], rule: "xml", detail: "no root element", entry: nil, line: 1)
        try expectInvalid([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D], rule: "xml", detail: "invalid UTF-8",
                          entry: nil, line: 1)
    }

    @Test("a billion-laughs DTD: exit 6 at once, the DTD refused")
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

    @Test("invalid UTF-8 in an entry: exit 6, the line named")
    func invalidUTF8() throws {
        let bytes = Array("<BlobList>\n  <BlobPath>videos/a.mp4</BlobPath>\n  <BlobPath>videos/st".utf8) + [0xFF, 0xFE]
            + Array("ory.mp4</BlobPath>\n</BlobList>\n".utf8)
        try expectInvalid(bytes, rule: "xml", detail: "invalid UTF-8", entry: nil, line: 3)
    }

    @Test("an entry longer than any blob path: exit 6, limit textBytes")
    func longEntry() throws {
        let list = "<BlobList>\n<BlobPath>logs/" + String(repeating: "a", count: 20_000) + "</BlobPath></BlobList>"
        try expectInvalid(Array(list.utf8), rule: "limitExceeded", detail: "character data longer than 16384 bytes", entry: nil,
                          line: 2, limit: "textBytes")
    }

    @Test("a file over 256 MiB: exit 6 from its size, before reading it")
    func tooLarge() throws {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bloblist-large")
        defer { scratch.cleanup() }
        let path = scratch.file("huge.xml")
        #expect(FileManager.default.createFile(atPath: path, contents: Data("<BlobList>".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: (256 << 20) + 1)   // sparse: no disk, no time
        try handle.close()
        let start = ContinuousClock.now
        let text = try CLI.iedrive(["validate-bloblist", path])
        #expect(text.status == 6, "\(text)")
        #expect(text.stderr.contains("the blob list is 268435457 bytes; at most 268435456 bytes (256 MiB) are accepted"), "\(text)")
        #expect(text.stderr.contains("Split the selection over several export jobs"))
        let object = try expectObject(try CLI.iedrive(["validate-bloblist", path, "--json"]), status: 6)
        #expect(object["code"] as? String == "limitExceeded" && object["limit"] as? String == "documentBytes")
        #expect(object["bytes"] as? Int == 0, "refused before reading")
        #expect(object["line"] is NSNull)
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test("a file that cannot be read: exit 1 for a missing file, a directory, an I/O error; JSON names the state")
    func unreadable() throws {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bloblist-missing")
        defer { scratch.cleanup() }
        let absent = scratch.file("absent.xml")
        try expectUnreadable(absent, code: "notFound", message: "cannot open \(absent): No such file or directory. Check the path")
        try expectUnreadable(scratch.path, code: "isDirectory", message: "\(scratch.path) is a directory")
        // Reading /proc/self/mem at offset 0, an address never mapped, fails with EIO.
        try expectUnreadable("/proc/self/mem", code: "ioError", message: "cannot read /proc/self/mem: Input/output error.")
    }

    @Test("a file the user may not read: exit 1, permissionDenied", .enabled(if: !TestEnvironment.isRoot, "root reads any file"))
    func permissionDenied() throws {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bloblist-denied")
        defer { scratch.cleanup() }
        let path = scratch.file("secret.xml")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(Self.valid.utf8), attributes: [.posixPermissions: 0]))
        try expectUnreadable(path, code: "permissionDenied", message: "cannot open \(path): Permission denied.")
    }

    @Test("usage errors: exit 2 with the usage, and with --json an object")
    func usage() throws {
        try expectUsage([], problem: "missing FILE")
        try expectUsage(["a.xml", "b.xml"], problem: "unexpected argument 'b.xml'")
        try expectUsage(["a.xml", "--bogus"], problem: "unknown option '--bogus'")
    }

    /// The list is streamed: a list several times larger than the old parser could hold in
    /// 64 MiB validates in a child whose peak resident set stays under it.
    @Test("a large list validates in under 64 MiB of memory", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time"),
                                                                          "needs GNU time (/usr/bin/time)"))
    func boundedMemory() throws {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bloblist-rss")
        defer { scratch.cleanup() }
        let path = scratch.file("large.xml")
        let entries = 300_000
        var text = "<BlobList>\n"
        text.reserveCapacity(entries * 90)
        for index in 0..<entries {
            text += index % 10 == 0 ? "  <BlobPathPrefix>/logs-\(index % 700)/\(index)/part</BlobPathPrefix>\n"
                : "  <BlobPath>data-\(index % 5000)/y2024/m\(index % 12 + 1)/file-\(index)-abcdefghijklmnop.bin</BlobPath>\n"
        }
        text += "</BlobList>\n"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        let timing = scratch.file("time.txt")
        let result = try CommandRunner.run(["/usr/bin/time", "-f", "%M", "-o", timing, TestEnvironment.iedriveBinary,
                                            "validate-bloblist", path, "--json"])
        let object = try expectObject(result, status: 0)
        #expect(object["blobPaths"] as? Int == entries - entries / 10)
        #expect(object["prefixes"] as? Int == entries / 10)
        let peakKiB = try #require(Int(try String(contentsOfFile: timing, encoding: .utf8)
            .split(separator: "\n").last.map(String.init) ?? ""))
        #expect(peakKiB < 64 << 10, "peak RSS \(peakKiB) KiB for a \(text.utf8.count >> 20) MiB list")
    }
}
