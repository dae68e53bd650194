import IEDriveCore
import IEDriveManifest
import Testing

private typealias F = ManifestFixture

@Suite("Manifest: per-blob problems and accepted variations")
struct ManifestBlobProblemTests {
    func onlyBlob(_ blobs: String, list: String = "", options: ManifestOptions = ManifestOptions()) throws -> (ManifestBlob, String) {
        let text = F.manifest(blobs: blobs, list: list)
        let manifest = try validManifest(text, options: options)
        return (try #require(manifest.blobs.first), text)
    }

    @Test(arguments: [
        (#"\data\what?.jpg"#, BlobStatus.fileNameInvalid),
        (#"\data\a:stream"#, .fileNameInvalid),
        (#"\data\CON.txt"#, .fileNameInvalid),
        (#"\$MFT"#, .fileNameInvalid),
        (#"\data\trailing."#, .fileNameInvalid),
        ("\\data\\" + String(repeating: "n", count: 256), .fileNameTooLong),
    ])
    func filePathNTFSCannotHoldIsPerBlob(file: String, status: BlobStatus) throws {
        let (blob, text) = try onlyBlob(F.blockBlob(file: file))
        let problem = try #require(blob.problem)
        #expect(problem.status == status)
        #expect(problem.element == "FilePath")
        #expect(problem.location?.line == line(of: "<FilePath>", in: text))
        #expect(blob.filePath == nil)
        #expect(blob.filePathText == file)
        #expect(!blob.isCopyable)
    }

    @Test func filePathLongerThanTheConfiguredLimit() throws {
        let (blob, _) = try onlyBlob(F.blockBlob(file: #"\a\b\c.bin"#), options: ManifestOptions(maxFilePathLength: 8))
        #expect(blob.problem?.status == .fileNameTooLong)
    }

    @Test(arguments: ["Photos/a.jpg", "ph/a.jpg", "photos--raw/a.jpg", "-photos/a.jpg", "$root/dir/a.jpg", "justaname",
                      "photos/", "photos/a.", "photos/a/../b", "photos/\u{81}c1-control", "photos/" + String(repeating: "x", count: 1_025),
                      "photos/" + Array(repeating: "d", count: 255).joined(separator: "/")])
    func blobPathBreakingAzureNamingIsBlobRequestFailed(path: String) throws {
        let (blob, _) = try onlyBlob(F.blockBlob(path: path))
        #expect(blob.problem?.status == .blobRequestFailed, "\(path)")
        #expect(blob.problem?.element == "BlobPath")
        #expect(blob.blobPath == nil)
    }

    @Test func fileNameProblemIsReportedBeforeBlobNameProblem() throws {
        let (blob, _) = try onlyBlob(F.blockBlob(path: "Bad/a", file: #"\a|b"#))
        #expect(blob.problem?.status == .fileNameInvalid)
    }

    @Test func metadataPathProblemStaysOnTheFile() throws {
        let text = F.manifest(blobs: F.blockBlob(extra: "\n<MetadataPath Hash=\"\(F.hashA)\">\\m*.xml</MetadataPath>"))
        let manifest = try validManifest(text)
        let blob = try #require(manifest.blobs.first)
        #expect(blob.problem == nil)
        #expect(blob.metadata?.problem?.status == .fileNameInvalid)
        #expect(blob.metadata?.problem?.location?.line == line(of: "<MetadataPath", in: text))
        #expect(manifest.summary.fileReferenceProblems == 1)
        #expect(manifest.summary.blobsWithProblems == 0)
    }

    @Test func ownFilesReplaceTheListDefaults() throws {
        let list = "<MetadataPath Hash=\"\(F.hashA)\">\\list-meta.xml</MetadataPath>\n<PropertiesPath Hash=\"\(F.hashA)\">\\list-props.xml</PropertiesPath>"
        let own = "\n<MetadataPath Hash=\"\(F.hashA)\">\\own-meta.xml</MetadataPath>"
        let manifest = try validManifest(F.manifest(blobs: F.blockBlob(path: "con1/a", extra: own) + "\n" + F.blockBlob(path: "con1/b"), list: list))
        let (first, second) = (manifest.blobs[0], manifest.blobs[1])
        #expect(first.metadata?.text == #"\own-meta.xml"#)
        #expect(first.metadata?.scope == .blob)
        #expect(first.properties?.scope == .list)
        #expect(second.metadata?.text == #"\list-meta.xml"#)
        #expect(second.metadata?.scope == .list)
    }

    @Test func listDefaultsDoNotLeakIntoTheNextList() throws {
        let text = """
        <DriveManifest Version="2014-11-01"><Drive><DriveId>A</DriveId>
        <BlobList Id="session#1-0"><MetadataPath Hash="\(F.hashA)">\\m.xml</MetadataPath>\(F.blockBlob(path: "con1/a"))</BlobList>
        <BlobList>\(F.blockBlob(path: "con1/b"))</BlobList>
        </Drive></DriveManifest>
        """
        let manifest = try validManifest(text)
        #expect(manifest.blobs.map(\.listIndex) == [0, 1])
        #expect(manifest.blobs[0].listID == "session#1-0")
        #expect(manifest.blobs[0].metadata != nil)
        #expect(manifest.blobs[1].metadata == nil)
        #expect(manifest.summary.blobListCount == 2)
    }

    @Test func emptyManifestIsValidAndEmitsItsHeader() throws {
        var items: [ManifestItem] = []
        let text = "<DriveManifest Version=\"2014-11-01\"><Drive><DriveId> 9WM35C2V </DriveId></Drive></DriveManifest>"
        let summary = try ManifestValidator.validate(chunks: [Array(text.utf8)]) { items.append($0) }
        #expect(items == [.header(ManifestHeader(version: "2014-11-01", driveId: "9WM35C2V"))])
        #expect(summary.blobCount == 0)
        #expect(summary.header.credential == .none)
    }

    @Test func theAccountKeyIsNeverKept() throws {
        let key = "c2ltdWxhdG9yLWtleS1kby1ub3QtdXNlLWFueXdoZXJlLTAwMDAwMDAwMDAwMDAwMDA="
        let manifest = try validManifest(SpecExamples.importManifest)
        #expect(manifest.header.hasStorageAccountKey)
        #expect(!String(describing: manifest).contains(key))
        #expect(!String(reflecting: manifest.header).contains(key))
    }

    @Test func childrenInAnyOrderHashesWithSpacesAndLowerCase() throws {
        let text = F.manifest(blobs: """
        <Blob>
          <BlockList><Block Offset="0" Length="5" Hash=" \(F.hashA.lowercased())"/></BlockList>
          <ImportDisposition> overwrite </ImportDisposition>
          <Length> 5 </Length>
          <FilePath>data/x.bin</FilePath>
          <BlobPath>c1/x.bin</BlobPath>
          <Unknown-Attribute-Holder/>
        </Blob>
        """.replacing("\n  <Unknown-Attribute-Holder/>", with: ""))
        let blob = try #require(try validManifest(text).blobs.first)
        #expect(blob.length == 5)
        #expect(blob.disposition == .overwrite)
        #expect(blob.pieces.first?.md5.hex == F.hashA)
        #expect(blob.filePath?.displayPath == #"\data\x.bin"#)
    }

    @Test func zeroLengthBlockBlobWithEmptyList() throws {
        let blob = try #require(try validManifest(F.manifest(blobs: F.blockBlob(length: 0, blocks: ""))).blobs.first)
        #expect(blob.length == 0)
        #expect(blob.pieces.isEmpty)
    }

    @Test func pageBlobMayHaveHoles() throws {
        let blob = try #require(try validManifest(F.manifest(blobs: F.pageBlob(length: 8_192, ranges: F.page(0, 512) + F.page(4_096, 1_024)))).blobs.first)
        #expect(blob.type == .page)
        #expect(blob.pieces.map(\.offset) == [0, 4_096])
    }

    @Test func legacyAndCurrentCeilings() throws {
        let bigPage = F.manifest(blobs: F.pageBlob(length: 2 << 40, ranges: F.page(0, 512)))
        #expect(manifestError(bigPage) == nil)
        #expect(manifestError(bigPage, options: ManifestOptions(sizeLimits: .legacy))?.rule == .blobSize)
        #expect(BlobSizeLimits.legacy.maxLength(of: .block) == 209_715_200_000)
        #expect(BlobSizeLimits.current.maxLength(of: .block) == 5_242_880_000_000)
        #expect(BlobSizeLimits.legacy.maxLength(of: .page) == 1_099_511_627_776)
        #expect(BlobSizeLimits.current.maxLength(of: .page) == 8_796_093_022_208)
    }

    @Test func largeBlockBlobWithIdsIsValid() throws {
        let blocks = (0..<17).map { F.block(UInt64($0) * 4_194_304, $0 == 16 ? 1 : 4_194_304, id: Base64Fixture.counter($0)) }
        let blob = try #require(try validManifest(F.manifest(blobs: F.blockBlob(length: 67_108_865, blocks: blocks.joined(separator: "\n")))).blobs.first)
        #expect(blob.pieces.count == 17)
        #expect(blob.pieces.allSatisfy { $0.blockID != nil })
    }

    @Test func duplicateDetectionCanBeSwitchedOff() throws {
        let text = F.manifest(blobs: F.blockBlob(path: "con1/x") + "\n" + F.blockBlob(path: "con1/x"))
        #expect(manifestError(text)?.rule == .duplicateBlobPath)
        #expect(manifestError(text, options: ManifestOptions(detectDuplicateBlobPaths: false)) == nil)
    }

    @Test func duplicateDetectionComparesCodePointsNotCanonicalEquivalence() throws {
        let composed = "con1/caf\u{E9}", decomposed = "con1/cafe\u{301}"
        let text = F.manifest(blobs: F.blockBlob(path: composed) + "\n" + F.blockBlob(path: decomposed))
        #expect(try validManifest(text).blobs.count == 2)
    }
}

/// Block IDs as the export example writes them: base64 of a little-endian 32-bit counter.
enum Base64Fixture {
    static func counter(_ value: Int) -> String {
        let bytes = [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF), 0, 0]
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let bits = UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
        let last = UInt32(bytes[3]) << 16
        return String([alphabet[Int(bits >> 18 & 63)], alphabet[Int(bits >> 12 & 63)], alphabet[Int(bits >> 6 & 63)], alphabet[Int(bits & 63)],
                       alphabet[Int(last >> 18 & 63)], alphabet[Int(last >> 12 & 63)], "=", "="])
    }
}
