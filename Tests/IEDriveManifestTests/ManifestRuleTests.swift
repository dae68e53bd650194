import IEDriveCore
import IEDriveManifest
import Testing

/// One case per structural rule: a small manifest that breaks it, the rule expected, and the
/// line (found by a marker text) the error must point at. Every one fails the drive with
/// `ManifestFormatInvalid`.
struct RuleCase: CustomTestStringConvertible, Sendable {
    var name: String
    var manifest: String
    var rule: ManifestRule
    var marker: String
    var occurrence = 1
    var options = ManifestOptions()

    var testDescription: String { name }
}

private typealias F = ManifestFixture

private let ruleCases: [RuleCase] = [
    RuleCase(name: "malformed XML", manifest: "<?xml version=\"1.0\"?>\n<DriveManifest Version=\"2014-11-01\">\n<Drive>\n</DriveManifest>\n",
             rule: .xml, marker: "</DriveManifest>"),
    RuleCase(name: "root is not DriveManifest", manifest: "<?xml version=\"1.0\"?>\n<Manifest Version=\"2014-11-01\"/>\n",
             rule: .rootElement, marker: "<Manifest"),
    RuleCase(name: "Version missing", manifest: "<DriveManifest>\n<Drive><DriveId>X</DriveId></Drive></DriveManifest>",
             rule: .version, marker: "<DriveManifest"),
    RuleCase(name: "Version placeholder 2011-MM-DD", manifest: F.manifest(blobs: F.blockBlob(), version: "2011-MM-DD"),
             rule: .version, marker: "<DriveManifest"),
    RuleCase(name: "unknown element in a blob", manifest: F.manifest(blobs: F.blockBlob(extra: "\n<Colour>red</Colour>")),
             rule: .unexpectedElement, marker: "<Colour>"),
    RuleCase(name: "element inside a value", manifest: F.manifest(blobs: F.blockBlob(path: "a/<b>x</b>")),
             rule: .unexpectedElement, marker: "<b>"),
    RuleCase(name: "element inside a Block", manifest: F.manifest(blobs: F.blockBlob(blocks: #"<Block Offset="0" Length="1000" Hash="\#(F.hashA)"><X/></Block>"#)),
             rule: .unexpectedElement, marker: "<X/>"),
    RuleCase(name: "text inside BlockList", manifest: F.manifest(blobs: F.blockBlob(blocks: F.block(0, 1_000) + " stray")),
             rule: .unexpectedText, marker: "stray"),
    RuleCase(name: "Length twice", manifest: F.manifest(blobs: F.blockBlob(extra: "\n<Length>1000</Length>")),
             rule: .repeatedElement, marker: "<Length>", occurrence: 2),
    RuleCase(name: "two Drive elements",
             manifest: "<DriveManifest Version=\"2014-11-01\">\n<Drive><DriveId>A</DriveId></Drive>\n<Drive><DriveId>B</DriveId></Drive>\n</DriveManifest>",
             rule: .repeatedElement, marker: "<DriveId>B"),
    RuleCase(name: "DriveId twice", manifest: F.manifest(blobs: "", drive: "    <DriveId>A</DriveId>\n    <DriveId>B</DriveId>\n"),
             rule: .repeatedElement, marker: "<DriveId>B"),
    RuleCase(name: "FilePath missing",
             manifest: F.manifest(blobs: F.blockBlob().replacingOccurrences(#"<FilePath>\data\a.jpg</FilePath>"#, "")),
             rule: .missingElement, marker: "<Blob>"),
    RuleCase(name: "Length missing", manifest: F.manifest(blobs: F.blockBlob().replacingOccurrences("<Length>1000</Length>", "")),
             rule: .missingElement, marker: "<Blob>"),
    RuleCase(name: "neither BlockList nor PageRangeList",
             manifest: F.manifest(blobs: "<Blob>\n<BlobPath>a/b</BlobPath><FilePath>b</FilePath><Length>0</Length>\n</Blob>"),
             rule: .missingElement, marker: "<Blob>"),
    RuleCase(name: "no Drive", manifest: "<DriveManifest Version=\"2014-11-01\">\n</DriveManifest>",
             rule: .missingElement, marker: "</DriveManifest>"),
    RuleCase(name: "Drive without DriveId", manifest: "<DriveManifest Version=\"2014-11-01\">\n<Drive>\n</Drive>\n</DriveManifest>",
             rule: .missingElement, marker: "</Drive>"),
    RuleCase(name: "DriveId after a BlobList",
             manifest: "<DriveManifest Version=\"2014-11-01\">\n<Drive>\n<BlobList/>\n<DriveId>A</DriveId>\n</Drive>\n</DriveManifest>",
             rule: .driveIdOrder, marker: "<BlobList/>"),
    RuleCase(name: "DriveId empty", manifest: F.manifest(blobs: "", drive: "    <DriveId>  </DriveId>\n"),
             rule: .emptyValue, marker: "<DriveId>"),
    RuleCase(name: "StorageAccountKey and ContainerSas",
             manifest: F.manifest(blobs: "", drive: "    <DriveId>A</DriveId>\n    <StorageAccountKey>a2V5</StorageAccountKey>\n    <ContainerSas>photos?sv=2014-02-14&amp;sig=x</ContainerSas>\n"),
             rule: .credentials, marker: "<ContainerSas>"),
    RuleCase(name: "credential after a BlobList",
             manifest: "<DriveManifest Version=\"2014-11-01\">\n<Drive><DriveId>A</DriveId>\n<BlobList/>\n<StorageAccountKey>k</StorageAccountKey>\n</Drive>\n</DriveManifest>",
             rule: .credentials, marker: "<StorageAccountKey>"),
    RuleCase(name: "ContainerSas without a token", manifest: F.manifest(blobs: "", drive: "    <DriveId>A</DriveId>\n    <ContainerSas>photos</ContainerSas>\n"),
             rule: .containerSas, marker: "<ContainerSas>"),
    RuleCase(name: "ContainerSas with an invalid container",
             manifest: F.manifest(blobs: "", drive: "    <DriveId>A</DriveId>\n    <ContainerSas>Photos?sig=x</ContainerSas>\n"),
             rule: .containerSas, marker: "<ContainerSas>"),
    RuleCase(name: "list default after a blob",
             manifest: F.manifest(blobs: F.blockBlob() + "\n<MetadataPath Hash=\"\(F.hashA)\">\\m.xml</MetadataPath>"),
             rule: .listDefaultsOrder, marker: "<MetadataPath"),
    RuleCase(name: "Block Hash not Base16", manifest: F.manifest(blobs: F.blockBlob(blocks: F.block(0, 1_000, hash: "XYZ"))),
             rule: .hash, marker: "<Block "),
    RuleCase(name: "Block Hash of 31 digits", manifest: F.manifest(blobs: F.blockBlob(blocks: F.block(0, 1_000, hash: String(F.hashA.dropLast())))),
             rule: .hash, marker: "<Block "),
    RuleCase(name: "MetadataPath without Hash", manifest: F.manifest(blobs: F.blockBlob(), list: "<MetadataPath>\\m.xml</MetadataPath>"),
             rule: .hash, marker: "<MetadataPath>"),
    RuleCase(name: "Length with a separator", manifest: F.manifest(blobs: F.blockBlob().replacingOccurrences("<Length>1000<", "<Length>1,000<")),
             rule: .integer, marker: "<Length>"),
    RuleCase(name: "Offset with a sign", manifest: F.manifest(blobs: F.blockBlob(blocks: #"<Block Offset="+0" Length="1000" Hash="\#(F.hashA)"/>"#)),
             rule: .integer, marker: "<Block "),
    RuleCase(name: "Length beyond 64 bits", manifest: F.manifest(blobs: F.blockBlob().replacingOccurrences("<Length>1000<", "<Length>18446744073709551616<")),
             rule: .integer, marker: "<Length>"),
    RuleCase(name: "Block without Hash", manifest: F.manifest(blobs: F.blockBlob(blocks: #"<Block Offset="0" Length="1000"/>"#)),
             rule: .missingAttribute, marker: "<Block "),
    RuleCase(name: "ImportDisposition in the wrong case", manifest: F.manifest(blobs: F.blockBlob(extra: "\n<ImportDisposition>Overwrite</ImportDisposition>")),
             rule: .importDisposition, marker: "<ImportDisposition>"),
    RuleCase(name: "Snapshot not a snapshot time", manifest: F.manifest(blobs: F.blockBlob(extra: "\n<Snapshot>yesterday</Snapshot>")),
             rule: .snapshot, marker: "<Snapshot>"),
    RuleCase(name: "FilePath with ..", manifest: F.manifest(blobs: F.blockBlob(file: #"\data\..\..\etc\passwd"#)),
             rule: .pathSyntax, marker: "<FilePath>"),
    RuleCase(name: "FilePath with a drive letter", manifest: F.manifest(blobs: F.blockBlob(file: #"C:\data\a.jpg"#)),
             rule: .pathSyntax, marker: "<FilePath>"),
    RuleCase(name: "FilePath in UNC form", manifest: F.manifest(blobs: F.blockBlob(file: #"\\server\share\a.jpg"#)),
             rule: .pathSyntax, marker: "<FilePath>"),
    RuleCase(name: "FilePath with an empty segment", manifest: F.manifest(blobs: F.blockBlob(file: #"\data\\a.jpg"#)),
             rule: .pathSyntax, marker: "<FilePath>"),
    RuleCase(name: "MetadataPath with ..",
             manifest: F.manifest(blobs: F.blockBlob(extra: "\n<MetadataPath Hash=\"\(F.hashA)\">..\\m.xml</MetadataPath>")),
             rule: .pathSyntax, marker: "<MetadataPath"),
    RuleCase(name: "both BlockList and PageRangeList",
             manifest: F.manifest(blobs: F.blockBlob(extra: "\n<PageRangeList/>")),
             rule: .blobType, marker: "<PageRangeList/>"),
    RuleCase(name: "50,001 blocks",
             manifest: F.manifest(blobs: F.blockBlob(length: 50_001, blocks: (0..<50_001).map { F.block(UInt64($0), 1) }.joined(separator: "\n"))),
             rule: .blockCount, marker: #"<Block Offset="50000""#),
    RuleCase(name: "block over 4 MiB",
             manifest: F.manifest(blobs: F.blockBlob(length: 4_194_305, blocks: F.block(0, 4_194_305))),
             rule: .pieceLength, marker: "<Block "),
    RuleCase(name: "zero-length block",
             manifest: F.manifest(blobs: F.blockBlob(length: 10, blocks: F.block(0, 0) + "\n" + F.block(0, 10))),
             rule: .pieceLength, marker: "<Block "),
    RuleCase(name: "first block not at 0", manifest: F.manifest(blobs: F.blockBlob(length: 1_000, blocks: F.block(1, 999))),
             rule: .blockLayout, marker: "<Block "),
    RuleCase(name: "gap between blocks",
             manifest: F.manifest(blobs: F.blockBlob(length: 1_000, blocks: F.block(0, 400) + "\n" + F.block(500, 500))),
             rule: .blockLayout, marker: #"Offset="500""#),
    RuleCase(name: "blocks short of Length",
             manifest: F.manifest(blobs: F.blockBlob(length: 1_000, blocks: F.block(0, 400) + "\n" + F.block(400, 500))),
             rule: .blockCoverage, marker: "</BlockList>"),
    RuleCase(name: "block past Length", manifest: F.manifest(blobs: F.blockBlob(length: 1_000, blocks: F.block(0, 1_001))),
             rule: .blockCoverage, marker: "<Block "),
    RuleCase(name: "Length after the list, smaller than the blocks",
             manifest: F.manifest(blobs: "<Blob>\n<BlobPath>a/b</BlobPath><FilePath>b</FilePath>\n<BlockList>\(F.block(0, 10))</BlockList>\n<Length>5</Length>\n</Blob>"),
             rule: .blockCoverage, marker: "<Length>"),
    RuleCase(name: "Block Id not base64", manifest: F.manifest(blobs: F.blockBlob(blocks: F.block(0, 1_000, id: "abc"))),
             rule: .blockID, marker: "<Block "),
    RuleCase(name: "Block Id over 64 bytes",
             manifest: F.manifest(blobs: F.blockBlob(blocks: F.block(0, 1_000, id: String(repeating: "QUFB", count: 22)))),
             rule: .blockID, marker: "<Block "),
    RuleCase(name: "Id on some blocks only",
             manifest: F.manifest(blobs: F.blockBlob(length: 1_000, blocks: F.block(0, 500, id: "AAAAAA==") + "\n" + F.block(500, 500))),
             rule: .blockIDConsistency, marker: #"Offset="500""#),
    RuleCase(name: "Ids of different lengths",
             manifest: F.manifest(blobs: F.blockBlob(length: 1_000, blocks: F.block(0, 500, id: "AAAAAA==") + "\n" + F.block(500, 500, id: "AAAAAAAAAAA="))),
             rule: .blockIDConsistency, marker: #"Offset="500""#),
    RuleCase(name: "the same Id twice",
             manifest: F.manifest(blobs: F.blockBlob(length: 1_000, blocks: F.block(0, 500, id: "AAAAAA==") + "\n" + F.block(500, 500, id: "AAAAAA=="))),
             rule: .blockIDConsistency, marker: #"Offset="500""#),
    RuleCase(name: "over 64 MiB without Ids",
             manifest: F.manifest(blobs: F.blockBlob(length: 67_108_865, blocks: (0..<16).map { F.block(UInt64($0) * 4_194_304, 4_194_304) }.joined(separator: "\n")
                                                         + "\n" + F.block(67_108_864, 1))),
             rule: .blockIDRequired, marker: "</BlockList>"),
    RuleCase(name: "page range not 512-aligned", manifest: F.manifest(blobs: F.pageBlob(ranges: F.page(100, 512))),
             rule: .pageAlignment, marker: "<PageRange "),
    RuleCase(name: "page blob Length not 512-aligned", manifest: F.manifest(blobs: F.pageBlob(length: 1_000, ranges: "")),
             rule: .pageAlignment, marker: "<Length>"),
    RuleCase(name: "overlapping page ranges",
             manifest: F.manifest(blobs: F.pageBlob(ranges: F.page(0, 1_024) + "\n" + F.page(512, 512))),
             rule: .pageLayout, marker: #"Offset="512""#),
    RuleCase(name: "unsorted page ranges",
             manifest: F.manifest(blobs: F.pageBlob(ranges: F.page(1_024, 512) + "\n" + F.page(0, 512))),
             rule: .pageLayout, marker: #"Offset="0""#),
    RuleCase(name: "page range past Length", manifest: F.manifest(blobs: F.pageBlob(length: 4_096, ranges: F.page(3_584, 1_024))),
             rule: .pageBounds, marker: "<PageRange "),
    RuleCase(name: "more page ranges than allowed",
             manifest: F.manifest(blobs: F.pageBlob(ranges: F.page(0, 512) + "\n" + F.page(512, 512) + "\n" + F.page(1_024, 512))),
             rule: .pageRangeCount, marker: #"Offset="1024""#, options: ManifestOptions(maxPageRangesPerBlob: 2)),
    RuleCase(name: "page blob over 1 TiB with legacy limits",
             manifest: F.manifest(blobs: F.pageBlob(length: 2 << 40, ranges: F.page(0, 512))),
             rule: .blobSize, marker: "<Length>", options: ManifestOptions(sizeLimits: .legacy)),
    RuleCase(name: "page blob over 8 TiB with current limits",
             manifest: F.manifest(blobs: F.pageBlob(length: 9 << 40, ranges: F.page(0, 512))),
             rule: .blobSize, marker: "<Length>"),
    RuleCase(name: "BlobPath twice",
             manifest: F.manifest(blobs: F.blockBlob(path: "photos/x.jpg") + "\n" + F.blockBlob(path: "photos/x.jpg", file: #"\data\b.jpg"#)),
             rule: .duplicateBlobPath, marker: "<BlobPath>", occurrence: 2),
    RuleCase(name: "blob outside the SAS container",
             manifest: F.manifest(blobs: F.blockBlob(path: "videos/x.mp4"),
                                  drive: "    <DriveId>A</DriveId>\n    <ContainerSas>photos?sv=2014-02-14&amp;sp=rwd&amp;sig=s3cr3t</ContainerSas>\n"),
             rule: .outsideSasContainer, marker: "<BlobPath>"),
]

@Suite("Manifest: structural rules → ManifestFormatInvalid")
struct ManifestRuleTests {
    @Test(arguments: ruleCases)
    func ruleIsEnforcedAtTheRightLine(_ rule: RuleCase) throws {
        let error = try #require(manifestError(rule.manifest, options: rule.options), "\(rule.name) was accepted")
        #expect(error.rule == rule.rule, "\(error)")
        #expect(error.line == line(of: rule.marker, in: rule.manifest, occurrence: rule.occurrence), "\(error)")
        #expect(error.status == .manifestFormatInvalid)
        #expect(error.failureState.label == "Manifest file error")
    }

    @Test func everyRuleHasACase() {
        let covered = Set(ruleCases.map(\.rule))
        #expect(Set(ManifestRule.allCases).subtracting(covered).isEmpty)
    }

    @Test func errorsCarryElementPathAndXMLKind() throws {
        let error = try #require(manifestError(F.manifest(blobs: F.blockBlob(blocks: F.block(0, 1_000, hash: "nope")))))
        #expect(error.location.elementPath == "/DriveManifest/Drive/BlobList/Blob/BlockList/Block")
        let xml = try #require(manifestError("<DriveManifest Version=\"2014-11-01\"><Drive>&bogus;</Drive></DriveManifest>"))
        #expect(xml.rule == .xml)
        #expect(xml.xmlKind == .undefinedEntity)
        #expect(xml.location.column == 44)
    }

    @Test func theSasTokenNeverAppearsInErrorsOrValues() throws {
        let text = F.manifest(blobs: F.blockBlob(path: "videos/x.mp4"),
                              drive: "    <DriveId>A</DriveId>\n    <ContainerSas>photos?sv=2014-02-14&amp;sig=s3cr3t</ContainerSas>\n")
        let error = try #require(manifestError(text))
        #expect(!String(describing: error).contains("s3cr3t"))
        let valid = try validManifest(text.replacingOccurrences("videos/x.mp4", "photos/x.mp4"))
        #expect(valid.header.credential == .containerSAS(container: "photos"))
        #expect(!String(describing: valid).contains("s3cr3t"))
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        replacing(target, with: replacement)
    }
}
