import Foundation
import IEDriveTestSupport
import Testing

/// Manifests that do not match the drive, or break the format, or the job's expectations.
/// All of them live on the plain tree drive (`variants/`), chosen with `--manifest`:
/// per-blob problems end in exit 5 (CompletedWithErrors), structural ones fail the drive
/// (exit 4, Manifest file error) with the place in the file.
@Suite(.requiresRoot)
struct VerifyManifestTests {
    typealias Variant = VerifyDrives.Variant

    func verify(_ plain: ManifestDrive, _ variant: Variant?, _ extra: [String] = []) throws -> CommandResult {
        try expectUnchanged([plain.path]) {
            try CLI.iedrive(["verify", plain.path, "--allow-unencrypted", "--full", "--json"]
                            + (variant.map { ["--manifest", $0.drivePath] } ?? []) + extra)
        }
    }

    /// The single problem of a CompletedWithErrors run, after checking the summary.
    func onlyProblem(_ result: CommandResult, blobs: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        #expect(result.status == 5, "\(result)", sourceLocation: sourceLocation)
        let object = try jsonObject(result.stdout, sourceLocation: sourceLocation)
        #expect(object["ok"] as? Bool == false, sourceLocation: sourceLocation)
        #expect(object["driveStatus"] as? String == "CompletedWithErrors", sourceLocation: sourceLocation)
        #expect(object["failure"] is NSNull, sourceLocation: sourceLocation)
        #expect(object["blobsWithErrors"] as? Int == 1, sourceLocation: sourceLocation)
        #expect(object["blobsCompleted"] as? Int == blobs - 1, sourceLocation: sourceLocation)
        let problems = try #require(object["problems"] as? [[String: Any]], sourceLocation: sourceLocation)
        try #require(problems.count == 1, "\(problems)", sourceLocation: sourceLocation)
        return problems[0]
    }

    @Test("a block whose manifest hash is wrong: exit 5, that blob CompletedWithErrors with one Corrupted block, in JSON and the error log")
    func corruptedBlock() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-corrupt-block")
        defer { scratch.cleanup() }
        let result = try verify(plain, .corruptBlock, ["--log-dir", scratch.path])
        let problem = try onlyProblem(result, blobs: plain.blobCount)
        let filePath = "\\" + VerifyDrives.randomFile.replacingOccurrences(of: "/", with: "\\")
        #expect(problem["filePath"] as? String == filePath)
        #expect(problem["blobPath"] as? String == "import/" + VerifyDrives.randomFile)
        #expect(problem["status"] as? String == "CompletedWithErrors")
        let message = try #require(problem["message"] as? String)
        #expect(message.contains("offset 4194304") && message.contains(VerifyDrives.corruptHash), "\(message)")
        let pieces = try #require(problem["pieces"] as? [[String: Any]])
        #expect(pieces.count == 1)
        #expect(pieces.first?["offset"] as? Int == 4_194_304)
        #expect(pieces.first?["length"] as? Int == 1_048_576)
        #expect(pieces.first?["status"] as? String == "Corrupted")

        let logPath = try #require((try jsonObject(result.stdout)["logs"] as? [String])?.first)
        let log = try XMLDriveDocument.parse(file: logPath)
        #expect(log.status == "CompletedWithErrors")
        #expect(log.blobs.count == 1)
        let logged = try #require(log.blobs.first)
        #expect(logged.status == "CompletedWithErrors")
        #expect(logged.filePath == filePath)
        // The error log keeps only the failed block (drive-logs.md §4), with the hash the manifest claimed.
        #expect(logged.pieces == [XMLBlob.Piece(kind: "Block", offset: 4_194_304, length: 1_048_576,
                                               hash: VerifyDrives.corruptHash, status: "Corrupted")])
    }

    @Test("a blob whose file is not on the drive: exit 5, FileNotFound, in JSON and the error log")
    func missingFile() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-missing-file")
        defer { scratch.cleanup() }
        let result = try verify(plain, .missingFile, ["--log-dir", scratch.path])
        let problem = try onlyProblem(result, blobs: plain.blobCount + 1)
        #expect(problem["filePath"] as? String == "\\folder\\gone.bin")
        #expect(problem["status"] as? String == "FileNotFound")
        #expect((problem["message"] as? String)?.contains("not on the drive") == true)

        let log = try XMLDriveDocument.parse(file: try #require((try jsonObject(result.stdout)["logs"] as? [String])?.first))
        #expect(log.status == "CompletedWithErrors")
        #expect(log.blobs.map(\.status) == ["FileNotFound"])
        #expect(log.blobs.first?.filePath == "\\folder\\gone.bin")
    }

    @Test("blocks not contiguous: exit 4, Manifest file error naming the line")
    func blockGap() throws {
        let plain = try VerifyDrives.plainTree()
        let text = try VerifyDrives.variantText(.blockGap, of: plain.manifest.text)
        let line = try #require(VerifyDrives.line(of: "Offset=\"4194305\"", in: text))
        let result = try verify(plain, .blockGap)
        let reason = try expectDriveFailure(result, label: "Manifest file error", token: "ManifestFileError")
        #expect(reason.contains("contiguity"), "\(reason)")
        #expect(reason.contains("line \(line),"), "\(reason) (expected line \(line))")
        #expect(try jsonObject(result.stdout)["driveStatus"] as? String == "ManifestFormatInvalid")
    }

    /// The validator treats `..` in a FilePath as path syntax, a structural error of the whole
    /// manifest (ManifestRule: "FilePath syntax: `..` … → drive ManifestFormatInvalid"), not as
    /// one blob's FileNameInvalid.
    @Test("a FilePath with '..': exit 4, Manifest file error (path syntax) naming the line")
    func dotDotPath() throws {
        let plain = try VerifyDrives.plainTree()
        let text = try VerifyDrives.variantText(.dotDotPath, of: plain.manifest.text)
        let line = try #require(VerifyDrives.line(of: "\\folder\\..\\tiny.txt", in: text))
        let result = try verify(plain, .dotDotPath)
        let reason = try expectDriveFailure(result, label: "Manifest file error", token: "ManifestFileError")
        #expect(reason.contains("'..'"), "\(reason)")
        #expect(reason.contains("line \(line),"), "\(reason) (expected line \(line))")
    }

    @Test("a FilePath NTFS cannot hold ('?'): exit 5, that blob FileNameInvalid, the others Completed")
    func invalidFileName() throws {
        let plain = try VerifyDrives.plainTree()
        let problem = try onlyProblem(try verify(plain, .invalidName), blobs: plain.blobCount)
        #expect(problem["filePath"] as? String == "\\folder\\tiny?.txt")
        #expect(problem["status"] as? String == "FileNameInvalid")
    }

    @Test("--manifest-hash: the right MD5 passes, a wrong one is Manifest file error (ManifestCorrupted)")
    func manifestHash() throws {
        let plain = try VerifyDrives.plainTree()
        let right = try verify(plain, nil, ["--manifest-hash", plain.manifest.md5])
        #expect(right.status == 0, "\(right)")
        #expect(try verify(plain, nil, ["--manifest-hash", plain.manifest.md5.lowercased()]).status == 0)

        let wrongHash = String(plain.manifest.md5.reversed())
        let wrong = try verify(plain, nil, ["--manifest-hash", wrongHash])
        let reason = try expectDriveFailure(wrong, label: "Manifest file error", token: "ManifestFileError")
        #expect(reason.contains("hash differs"), "\(reason)")
        #expect(try jsonObject(wrong.stdout)["driveStatus"] as? String == "ManifestCorrupted")

        #expect(try CLI.iedrive(["verify", plain.path, "--allow-unencrypted", "--manifest-hash", "xyz"]).status == 2)
    }

    @Test("--drive-id: the manifest's passes, another is Manifest file error (ManifestDriveIdMismatch)")
    func driveIDMismatch() throws {
        let plain = try VerifyDrives.plainTree()
        let scratch = try TestEnvironment.temporaryDirectory("vt-drive-id")
        defer { scratch.cleanup() }
        let matching = try verify(plain, nil, ["--drive-id", "PLAINTREE01", "--log-dir", scratch.path])
        #expect(matching.status == 0, "\(matching)")
        // The log is the drive's: named and headed by the drive id given.
        let logPath = try #require((try jsonObject(matching.stdout)["logs"] as? [String])?.first)
        #expect((logPath as NSString).lastPathComponent.hasPrefix("verify_PLAINTREE01_"))
        #expect(try XMLDriveDocument.parse(file: logPath).driveID == "PLAINTREE01")

        let result = try verify(plain, nil, ["--drive-id", "SOMEOTHERDRIVE"])
        let reason = try expectDriveFailure(result, label: "Manifest file error", token: "ManifestFileError")
        #expect(reason.contains("PLAINTREE01") && reason.contains("SOMEOTHERDRIVE"), "\(reason)")
        #expect(try jsonObject(result.stdout)["driveStatus"] as? String == "ManifestDriveIdMismatch")
    }

    @Test("a manifest named by the job but absent: Manifest file error (ManifestNotFound)")
    func namedManifestMissing() throws {
        let plain = try VerifyDrives.plainTree()
        let result = try verify(plain, nil, ["--manifest", "\\jobs\\absent.xml"])
        let reason = try expectDriveFailure(result, label: "Manifest file error", token: "ManifestFileError")
        #expect(reason.contains("\\jobs\\absent.xml"), "\(reason)")
        #expect(try jsonObject(result.stdout)["driveStatus"] as? String == "ManifestNotFound")
    }

    @Test("a billion-laughs DTD: refused at once as Manifest file error, the DTD named")
    func entityBomb() throws {
        let plain = try VerifyDrives.plainTree()
        let start = ContinuousClock.now
        let result = try verify(plain, .entityBomb)
        let elapsed = ContinuousClock.now - start
        let reason = try expectDriveFailure(result, label: "Manifest file error", token: "ManifestFileError")
        #expect(reason.contains("<!DOCTYPE is refused"), "\(reason)")
        #expect(reason.contains("line 2"), "\(reason)")
        #expect(elapsed < .seconds(20), "took \(elapsed)")   // an expanded bomb would take far longer or run out of memory
        #expect(try jsonObject(result.stdout)["driveStatus"] as? String == "ManifestFormatInvalid")
    }
}
