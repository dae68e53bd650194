import IEDriveCore
import Testing

@Suite("Plan values: digests, block IDs, snapshot times")
struct PlanValueTests {
    @Test func md5Base16AndBase64() throws {
        let digest = try #require(MD5Digest(base16: " 6b636cf50c586e39b7159ce5067ac61b\n"))
        #expect(digest.hex == "6B636CF50C586E39B7159CE5067AC61B")
        #expect(digest.base64 == "a2Ns9QxYbjm3FZzlBnrGGw==")
        #expect(MD5Digest(base64: "a2Ns9QxYbjm3FZzlBnrGGw==") == digest)
        #expect(MD5Digest(bytes: digest.bytes) == digest)
        #expect(MD5Digest(base16: "6B636CF50C586E39B7159CE5067AC61") == nil)
        #expect(MD5Digest(base16: "6B636CF50C586E39B7159CE5067AC61BB") == nil)
        #expect(MD5Digest(base16: "6B636CF50C586E39 7159CE5067AC61B") == nil)
        #expect(MD5Digest(base16: "XB636CF50C586E39B7159CE5067AC61B") == nil)
        #expect(MD5Digest(base64: "a2Ns9QxYbjm3FZzlBnrG") == nil)
        #expect(MD5Digest(base64: "AAAA") == nil)
    }

    @Test func blockIDs() throws {
        #expect(try BlockID(base64: "YmxrMDAwMDAwMA==").bytes == Array("blk0000000".utf8))
        #expect(try BlockID(base64: "MD5/cAzn4h7VVSWXf696qp5Uaw==").bytes.count == 19)
        #expect(throws: BlockID.Problem.notBase64) { try BlockID(base64: "abc") }
        #expect(throws: BlockID.Problem.notBase64) { try BlockID(base64: "ab=c") }
        #expect(throws: BlockID.Problem.notBase64) { try BlockID(base64: "a b=") }
        #expect(throws: BlockID.Problem.empty) { try BlockID(base64: "") }
        #expect(throws: BlockID.Problem.tooLong(decodedBytes: 66)) { try BlockID(base64: String(repeating: "QUFB", count: 22)) }
        #expect(throws: Never.self) { try BlockID(base64: String(repeating: "QUFB", count: 21) + "QQ==") }
    }

    @Test func snapshotTimes() {
        #expect(SnapshotTime("2023-06-01T10:15:30.1234567Z")?.text == "2023-06-01T10:15:30.1234567Z")
        #expect(SnapshotTime("2023-06-01T10:15:30Z") != nil)
        #expect(SnapshotTime("2024-02-29T00:00:00Z") != nil)
        for bad in ["2023-02-29T00:00:00Z", "2023-06-01T24:00:00Z", "2023-06-01 10:15:30Z", "2023-06-01T10:15:30.12345678Z",
                    "2023-06-01T10:15:30", "2023-06-01T10:15:30.Z", "yesterday"] {
            #expect(SnapshotTime(bad) == nil, "\(bad)")
        }
    }

    @Test func dataPieceEndAndRules() {
        let piece = DataPiece(offset: 4_194_304, length: 2_109_497, md5: MD5Digest(high: 1, low: 2))
        #expect(piece.end == 6_303_801)
        #expect(PieceRules.maxPieceLength == 4_194_304 && PieceRules.maxBlocks == 50_000)
        #expect(PieceRules.blockIDRequiredAbove == 67_108_864)
    }
}

@Suite("Naming rules: containers, blobs, drive paths")
struct NamingRuleTests {
    @Test func pathsAreSplitAtEverySlash() {
        #expect("a/\u{301}b//c/".slashSeparated() == ["a", "\u{301}b", "", "c", ""])
        #expect("/a/\u{301}b//c/".slashSeparated(omittingEmpty: true) == ["a", "\u{301}b", "c"])
        #expect("".slashSeparated() == [""] && "".slashSeparated(omittingEmpty: true).isEmpty)
        #expect(DiagnosticsPath.problem("logs/\u{301}x") == nil, "a folder may start with a combining mark")
    }

    @Test(arguments: ["abc", "a-b-c", "0123456789", String(repeating: "a", count: 63), "$root"])
    func validContainers(name: String) { #expect(ContainerName.isValid(name)) }

    @Test(arguments: ["ab", String(repeating: "a", count: 64), "Abc", "a_b", "-ab", "ab-", "a--b", "$logs", "a.b", "ab c"])
    func invalidContainers(name: String) { #expect(!ContainerName.isValid(name)) }

    @Test func blobPaths() throws {
        let path = try BlobPath.parse("pictures/bob/wild/desert.jpg")
        #expect(path.container == "pictures" && path.name == "bob/wild/desert.jpg")
        #expect(try BlobPath.parse("$root/logo.bmp").isInRootContainer)
        #expect(throws: BlobPathError.slashInRootBlobName) { try BlobPath.parse("$root/a/logo.bmp") }
        #expect(throws: BlobPathError.missingContainer) { try BlobPath.parse("/pictures/a") }
        #expect(throws: BlobPathError.missingContainer) { try BlobPath.parse("pictures") }
        #expect(throws: BlobPathError.emptyName) { try BlobPath.parse("pictures/") }
        #expect(throws: BlobPathError.nameTooLong(1_025)) { try BlobPath.parse("pictures/" + String(repeating: "a", count: 1_025)) }
        #expect(throws: Never.self) { try BlobPath.parse("pictures/" + String(repeating: "a", count: 1_024)) }
        #expect(throws: BlobPathError.nameTooLong(1_025)) { try BlobPath.parse("pictures/" + String(repeating: "😀", count: 512) + "a") }
        #expect(throws: BlobPathError.trailingDotOrSlash) { try BlobPath.parse("pictures/a\\") }
        #expect(throws: BlobPathError.dotSegment) { try BlobPath.parse("pictures/a/./b") }
        #expect(throws: BlobPathError.forbiddenCharacter(0x0A)) { try BlobPath.parse("pictures/a\nb") }
        #expect(throws: BlobPathError.forbiddenCharacter(0xE000)) { try BlobPath.parse("pictures/a\u{E000}") }
        #expect(throws: BlobPathError.tooManySegments(255)) {
            try BlobPath.parse("pictures/" + Array(repeating: "d", count: 255).joined(separator: "/"))
        }
        #expect(throws: Never.self) { try BlobPath.parse("pictures/a//b") }
        #expect(throws: Never.self) { try BlobPath.parse("pictures/..a/.b").text }
    }

    @Test func driveRelativePaths() throws {
        let path = try DriveRelativePath.parse(#"\s1\harbor\survey.bin"#)
        #expect(path.components == ["s1", "harbor", "survey.bin"])
        #expect(path.displayPath == #"\s1\harbor\survey.bin"#)
        #expect(path.relativePOSIXPath == "s1/harbor/survey.bin")
        #expect(try DriveRelativePath.parse("s1/harbor/survey.bin") == path)
        #expect(try DriveRelativePath.parse("/s1\\harbor/survey.bin") == path)
        #expect(try path.appendingToLastComponent(".properties").displayPath == #"\s1\harbor\survey.bin.properties"#)
        #expect(try DriveRelativePath.parse("ünï/cödé 😀.txt").components == ["ünï", "cödé 😀.txt"])
    }

    @Test(arguments: [
        ("", DriveRelativePathError.empty),
        (#"C:\x"#, .driveLetter), ("c:x", .driveLetter), (#"\C:\x"#, .driveLetter),
        (#"\\server\share"#, .uncOrDevicePath), (#"\\?\C:\x"#, .uncOrDevicePath), ("//x", .uncOrDevicePath),
        (#"\a\\b"#, .emptySegment), (#"\a\"#, .emptySegment), (#"\"#, .emptySegment),
        (#"\a\..\b"#, .dotSegment("..")), (#".\a"#, .dotSegment(".")),
        (#"\a?\..\b"#, .dotSegment("..")),
    ])
    func syntaxErrors(text: String, error: DriveRelativePathError) {
        #expect(throws: error) { try DriveRelativePath.parse(text) }
        #expect(error.isSyntax)
    }

    @Test(arguments: [
        (#"\a\b:c"#, DriveRelativePathError.invalidName(component: "b:c", .forbiddenCharacter(0x3A))),
        (#"\a\CON"#, .invalidName(component: "CON", .reservedName)),
        (#"\a\lpt1.txt"#, .invalidName(component: "lpt1.txt", .reservedName)),
        (#"\a\b "#, .invalidName(component: "b ", .trailingDotOrSpace)),
        ("\\a\\b\u{1}", .invalidName(component: "b\u{1}", .forbiddenCharacter(1))),
        (#"\$MFT"#, .invalidName(component: "$MFT", .systemFile)),
        (#"$Extend\$Reparse"#, .invalidName(component: "$Extend", .systemFile)),
    ])
    func nameErrors(text: String, error: DriveRelativePathError) {
        #expect(throws: error) { try DriveRelativePath.parse(text) }
        #expect(!error.isSyntax && !error.isLength)
    }

    @Test func lengthErrors() {
        let long = String(repeating: "x", count: 256)
        #expect(throws: DriveRelativePathError.invalidName(component: long, .tooLong(256))) { try DriveRelativePath.parse("\\" + long) }
        #expect(throws: DriveRelativePathError.tooLong(length: 11, limit: 10)) { try DriveRelativePath.parse(#"\abcd\efghi"#, maxLength: 10) }
        #expect(throws: Never.self) { try DriveRelativePath.parse(#"\abcd\efgh"#, maxLength: 10) }
        #expect(DriveRelativePathError.tooLong(length: 1, limit: 0).isLength)
        #expect(throws: Never.self) { try DriveRelativePath.parse(#"\CONSOLE\COM10\nul-x"#) }
        #expect(throws: Never.self) { try DriveRelativePath.parse(#"\data\$MFT"#) }
    }

    @Test func metadataNames() {
        #expect(MetadataName.isValid("Project") && MetadataName.isValid("_x1"))
        #expect(!MetadataName.isValid("1x") && !MetadataName.isValid("my-key") && !MetadataName.isValid("") && !MetadataName.isValid("naïve"))
        #expect(MetadataName.isValidValue("a\tb") && !MetadataName.isValidValue("a\nb"))
    }
}

@Suite("Import disposition and rename rule")
struct ImportDispositionTests {
    @Test func valuesAreCaseSensitive() {
        #expect(ImportDisposition(rawValue: "no-overwrite") == .noOverwrite)
        #expect(ImportDisposition(rawValue: "Rename") == nil)
        #expect(ImportDisposition.default == .rename)
    }

    @Test(arguments: [
        ("summary", 2, "summary (2)"), ("summary", 3, "summary (3)"),
        ("video/clip.final.mp4", 2, "video/clip.final (2).mp4"),
        ("v1.2/readme", 2, "v1.2/readme (2)"),
        ("edge-node.vhd", 2, "edge-node (2).vhd"),
        ("dir/.profile", 2, "dir/ (2).profile"),
    ])
    func renameRule(name: String, attempt: Int, expected: String) {
        #expect(ImportDisposition.renamedBlobName(name, attempt: attempt) == expected)
    }

    @Test func candidatesStopAtTheLengthLimit() throws {
        let path = try BlobPath.parse("reports/summary")
        #expect(Array(ImportDisposition.renameCandidates(for: path).prefix(3)).map(\.text)
                == ["reports/summary (2)", "reports/summary (3)", "reports/summary (4)"])
        let full = try BlobPath.parse("reports/" + String(repeating: "s", count: 1_021))
        #expect(Array(ImportDisposition.renameCandidates(for: full).prefix(5)).isEmpty)
    }
}

@Suite("DriveLog vocabularies, roll-up and naming")
struct DriveLogValueTests {
    @Test func vocabulariesHaveTheSpecsSizesAndSpelling() {
        #expect(DriveStatus.allCases.count == 23)
        #expect(BlobStatus.allCases.count == 13)
        #expect(DispositionStatus.allCases.count == 5)
        #expect(PieceStatus.allCases.count == 10)
        #expect(MetadataPropertiesStatus.allCases.count == 12)
        #expect(DriveStatus.volumeNotNtfs.rawValue == "VolumeNotNtfs")
        #expect(BlobStatus.ioFailed.rawValue == "IOFailed")
        #expect(MetadataPropertiesStatus.xmlReadFailed.rawValue == "XmlReadFailed")
    }

    @Test func driveStatusToFailureState() {
        #expect(DriveStatus.completedWithErrors.failureState(isExport: false) == nil)
        #expect(DriveStatus.manifestFormatInvalid.failureState(isExport: false)?.label == "Manifest file error")
        #expect(DriveStatus.blobListFormatInvalid.failureState(isExport: true)?.label == "Export blob list format invalid")
        #expect(DriveStatus.bitLockerProtectorNotFound.failureState(isExport: false) == .bitLockerKeyInvalid)
        #expect(DriveStatus.blobRequestForbidden.failureState(isExport: true) == .blobAccessForbidden)
        #expect(DriveStatus.blobRequestForbidden.failureState(isExport: false) == .storageAccountNotAccessible)
        #expect(DriveStatus.allCases.filter(\.copyRan).count == 3)
        #expect(DriveStatus.allCases.allSatisfy { $0.copyRan == ($0.failureState(isExport: false) == nil) })
    }

    @Test func blobRollUp() {
        #expect(StatusRollUp.blobStatus(fatal: nil, pieces: [.completed, .completed]) == .completed)
        #expect(StatusRollUp.blobStatus(fatal: nil, pieces: [.completed, .corrupted]) == .completedWithErrors)
        #expect(StatusRollUp.blobStatus(fatal: nil, pieces: [.completed], metadata: .completed, properties: .failed) == .completedWithErrors)
        #expect(StatusRollUp.blobStatus(fatal: .fileNotFound, pieces: [.cancelled]) == .fileNotFound)
        #expect(StatusRollUp.blobStatus(fatal: .completed, pieces: [.committed]) == .completedWithErrors)
    }

    @Test func driveRollUp() {
        #expect(StatusRollUp.driveStatus(fatal: nil, blobs: []) == .completed)
        #expect(StatusRollUp.driveStatus(fatal: nil, blobs: [(.completed, .created), (.completed, .skipped)]) == .completedWithWarnings)
        #expect(StatusRollUp.driveStatus(fatal: nil, blobs: [(.completed, .renamed), (.fileNotFound, .cancelled)]) == .completedWithErrors)
        #expect(StatusRollUp.driveStatus(fatal: .bitLockerKeyInvalid, blobs: [(.completed, nil)]) == .bitLockerKeyInvalid)
        var accumulator = DriveStatusAccumulator()
        for _ in 0..<1_000 { accumulator.add(.completed, disposition: .overwritten) }
        #expect(accumulator.status() == .completedWithWarnings)
        #expect(accumulator.blobCount == 1_000 && accumulator.dispositionWarnings == 1_000)
    }

    @Test func logBlobNames() {
        let timestamp = LogTimestamp(millisecondsSince1970: 1_718_100_902_117)
        #expect(timestamp.text == "20240611-101502-117")
        #expect(DriveLogName.blobName(root: "waimportexport", jobName: "harbor-import-01", driveId: "ZA1B2C3D",
                                      timestamp: timestamp, kind: .error)
                == "waimportexport/waies/harbor-import-01_ZA1B2C3D_20240611-101502-117_error.xml")
        #expect(DriveLogName.blobName(root: "c/waimportexport/", jobName: "j", driveId: "D", timestamp: timestamp, kind: .manifest)
                == "c/waimportexport/waies/j_D_20240611-101502-117_manifest.xml")
        #expect(DriveLogName.incompleteBlobListName(root: "waimportexport", jobName: "j", timestamp: timestamp)
                == "waimportexport/waies/j_20240611-101502-117_incomplete.xml")
        #expect(LogTimestamp(millisecondsSince1970: 1_502_653_578_350).text == "20170813-194618-350")
        #expect(LogTimestamp(millisecondsSince1970: 1_379_734_987_902).text == "20130921-034307-902")
        #expect(LogTimestamp(millisecondsSince1970: 0).text == "19700101-000000-000")
        #expect(LogTimestamp(millisecondsSince1970: -1).text == "19691231-235959-999")
        #expect(LogTimestamp(millisecondsSince1970: 951_782_400_000).text == "20000229-000000-000")
    }
}
