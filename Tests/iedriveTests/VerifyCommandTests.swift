import Foundation
import IEDriveTestSupport
import Testing

/// `iedrive verify` on drives that check out: plain NTFS with every kind of file a tree holds,
/// and BitLocker with the recovery key from each of its sources. Real images, the real binary
/// and its reader process; every image hashes the same afterwards.
@Suite(.requiresRoot)
struct VerifyCommandTests {
    @Test("plain NTFS tree, --full --json: exit 0, every blob Completed, every block and page range hashed")
    func plainTreeFull() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-verify-full")
        defer { scratch.cleanup() }
        let logDir = scratch.file("logs")
        let result = try expectUnchanged([plain.path]) {
            try CLI.iedrive(["verify", plain.path, "--allow-unencrypted", "--full", "--json",
                             "--log-dir", logDir, "--verbose-log"])
        }
        #expect(result.status == 0, "\(result)")
        #expect(result.stderr.isEmpty, "\(result)")
        let object = try jsonObject(result.stdout)
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["device"] as? String == plain.path)
        #expect(object["ok"] as? Bool == true)
        #expect(object["driveStatus"] as? String == "Completed")
        #expect(object["failure"] is NSNull)
        let volume = try #require(object["volume"] as? [String: Any])
        #expect(volume["encrypted"] as? Bool == false)
        #expect(volume["offset"] as? Int == 0)
        #expect(volume["label"] as? String == "PLAINTREE")
        let manifest = try #require(object["manifest"] as? [String: Any])
        #expect(manifest["path"] as? String == "/DriveManifest.xml")
        #expect(manifest["driveId"] as? String == "PLAINTREE01")
        #expect(manifest["blobs"] as? Int == plain.blobCount)
        #expect((manifest["totalBytes"] as? NSNumber)?.uint64Value == plain.totalLength)
        #expect(object["blobsCompleted"] as? Int == plain.blobCount)
        #expect(object["blobsWithErrors"] as? Int == 0)
        // The page blob's zero pages are not listed, so not read: bytesVerified is the sum of
        // the pieces, less than the sum of the lengths.
        #expect((object["bytesVerified"] as? NSNumber)?.uint64Value == plain.pieceBytes)
        #expect(plain.pieceBytes < plain.totalLength)
        #expect((object["problems"] as? [Any])?.isEmpty == true)
        #expect(object["problemsTruncated"] as? Bool == false)

        // The manifest covers what the test meant it to: a blob per file, of every kind.
        #expect(plain.blobCount == plain.files.count - 1 - VerifyDrives.Variant.allCases.count)
        #expect(plain.parsed.blob(filePath: "\\empty.bin")?.pieces.isEmpty == true)
        #expect(plain.parsed.blob(filePath: "\\pages\\disk.vhd")?.listKind == "PageRangeList")
        #expect(plain.parsed.blob(filePath: "\\pages\\disk.vhd")?.pieces.count == 2)
        #expect(plain.parsed.blob(filePath: "\\folder\\Übergrößé — 日本.txt") != nil)

        let logs = try #require(object["logs"] as? [String])
        #expect(logs.count == 2)
        let errorLogPath = try #require(logs.first { $0.hasSuffix("_error.xml") })
        let verboseLogPath = try #require(logs.first { $0.hasSuffix("_verbose.xml") })
        let namePattern = try Regex(#"^verify_[A-Za-z0-9-]+_[0-9]{8}-[0-9]{6}-[0-9]{3}_(error|verbose)\.xml$"#)
        for path in logs {
            #expect(path.hasPrefix(logDir + "/"))
            #expect(((path as NSString).lastPathComponent).wholeMatch(of: namePattern) != nil, "\(path)")
        }
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: logDir)) == Set(logs.map { ($0 as NSString).lastPathComponent }))

        // Error log: no blob, the drive's status.
        let errorLog = try XMLDriveDocument.parse(file: errorLogPath)
        #expect(errorLog.root == "DriveLog")
        #expect(errorLog.version == "2014-11-01")
        #expect(errorLog.blobs.isEmpty)
        #expect(errorLog.status == "Completed")
        #expect(try String(contentsOfFile: errorLogPath, encoding: .utf8).contains("<Status>Completed</Status>"))

        // Verbose log: every blob, as the manifest has it, each block and range Completed.
        let verbose = try XMLDriveDocument.parse(file: verboseLogPath)
        #expect(verbose.status == "Completed")
        #expect(verbose.blobs.count == plain.blobCount)
        #expect(Set(verbose.blobs.map(\.filePath)) == Set(plain.parsed.blobs.map(\.filePath)))
        for expected in plain.parsed.blobs {
            let logged = try #require(verbose.blob(filePath: expected.filePath), "\(expected.filePath) not in the verbose log")
            #expect(logged.status == "Completed", "\(expected.filePath)")
            #expect(logged.blobPath == expected.blobPath)
            #expect(logged.length == expected.length)
            #expect(logged.listKind == (expected.pieces.isEmpty ? nil : expected.listKind), "\(expected.filePath)")
            #expect(logged.pieces.map(\.offset) == expected.pieces.map(\.offset), "\(expected.filePath)")
            #expect(logged.pieces.map(\.length) == expected.pieces.map(\.length), "\(expected.filePath)")
            #expect(logged.pieces.allSatisfy { $0.status == "Completed" }, "\(expected.filePath)")
        }
    }

    @Test("plain NTFS tree without --full: existence and length only, nothing hashed; text output")
    func plainTreeQuick() throws {
        let plain = try VerifyDrives.plainTree()
        let (json, text) = try expectUnchanged([plain.path]) {
            (try CLI.iedrive(["verify", plain.path, "--allow-unencrypted", "--json"]),
             try CLI.iedrive(["verify", plain.path, "--allow-unencrypted"]))
        }
        #expect(json.status == 0, "\(json)")
        let object = try jsonObject(json.stdout)
        #expect(object["blobsCompleted"] as? Int == plain.blobCount)
        #expect((object["bytesVerified"] as? NSNumber)?.uint64Value == 0)
        #expect((object["logs"] as? [Any])?.isEmpty == true)

        #expect(text.status == 0, "\(text)")
        for line in ["device    \(plain.path)", "volume    plain NTFS", "label PLAINTREE",
                     "manifest  /DriveManifest.xml (drive PLAINTREE01)",
                     "blobs     \(plain.blobCount): \(plain.blobCount) completed, 0 with errors",
                     "existence and length checked", "status    Completed"] {
            #expect(text.stdout.contains(line), "stdout lacks \(line):\n\(text.stdout)")
        }
    }

    @Test("cannot start (exit 1): no such device, no reader program; usage errors (exit 2)")
    func startAndUsageErrors() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-verify-start")
        defer { scratch.cleanup() }
        let missing = try CLI.iedrive(["verify", scratch.file("absent.img"), "--allow-unencrypted", "--json"])
        #expect(missing.status == 1, "\(missing)")
        #expect(missing.stderr.contains("no such file or device"))

        let noReader = try expectUnchanged([plain.path]) {
            try CommandRunner.run([TestEnvironment.iedriveBinary, "verify", plain.path, "--allow-unencrypted"],
                                  environment: ["IEDRIVE_READER": scratch.file("no-such-reader")])
        }
        #expect(noReader.status == 1, "\(noReader)")
        #expect(noReader.stderr.contains("the reader program \(scratch.file("no-such-reader")) is missing"), "\(noReader)")

        for arguments in [["--verbose-log"], ["--reader-timeout", "0"], ["--manifest-hash", "12"],
                          ["--recovery-key", "-", "--recovery-key-file", scratch.file("key")]] {
            let usage = try CLI.iedrive(["verify", plain.path] + arguments)
            #expect(usage.status == 2, "\(arguments): \(usage)")
            #expect(usage.stdout.isEmpty)
        }
    }

    @Test("BitLocker: the key from --recovery-key, --recovery-key-file and stdin unlocks; the key is never printed or logged",
          .requiresFixtures)
    func bitLockerKeySources() throws {
        let encrypted = try VerifyDrives.bitLockerTree()
        let key = try #require(encrypted.drive.recoveryKey)
        let scratch = try TestEnvironment.temporaryDirectory("vt-verify-bitlocker")
        defer { scratch.cleanup() }
        let keyFile = try writeFile(key + "\n", in: scratch, named: "key.txt")

        let sources: [(name: String, arguments: [String], stdin: String?)] = [
            ("option", ["--recovery-key", key], nil),
            ("file", ["--recovery-key-file", keyFile], nil),
            ("stdin", ["--recovery-key", "-"], key + "\n"),
        ]
        try expectUnchanged([encrypted.path]) {
            for source in sources {
                let logDir = scratch.file("logs-\(source.name)")
                let result = try CLI.iedrive(["verify", encrypted.path, "--full", "--json", "--log-dir", logDir, "--verbose-log",
                                              "--debug-reader"] + source.arguments, stdin: source.stdin)
                #expect(result.status == 0, "\(source.name): \(result)")
                let object = try jsonObject(result.stdout)
                #expect(object["driveStatus"] as? String == "Completed", "\(source.name)")
                let volume = try #require(object["volume"] as? [String: Any])
                #expect(volume["encrypted"] as? Bool == true, "\(source.name)")
                #expect(object["blobsCompleted"] as? Int == encrypted.blobCount, "\(source.name)")
                #expect((object["bytesVerified"] as? NSNumber)?.uint64Value == encrypted.pieceBytes, "\(source.name)")
                let verbose = try XMLDriveDocument.parse(file: try #require((object["logs"] as? [String])?.last))
                #expect(verbose.blobs.count == encrypted.blobCount)
                #expect(verbose.blobs.allSatisfy { $0.status == "Completed" })

                // --debug-reader shows the reader's own log lines: they say the key was redacted.
                #expect(result.stderr.contains("key redacted"), "\(source.name): \(result.stderr)")
                for text in [result.stdout, result.stderr, allText(in: logDir)] {
                    expectNoKey(key, in: text, source.name)
                }
            }
        }
    }
}

/// The recovery password must not appear in `text`: whole, without dashes, or any two
/// adjacent groups of it. (Single 6-digit groups are not looked for: a timing figure in the
/// output may hold one by chance.)
func expectNoKey(_ key: String, in text: String, _ context: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let groups = key.split(separator: "-").map(String.init)
    var needles = [key, groups.joined()]
    for index in groups.indices.dropLast() { needles.append(groups[index] + "-" + groups[index + 1]) }
    for needle in needles {
        #expect(!text.contains(needle), "the recovery key leaked (\(context)): \(needle)", sourceLocation: sourceLocation)
    }
}
