import IEDriveCore
@testable import IEDriveManifest
import Testing

/// The blob list read as a stream (`BlobListReader`, `BlobListValidator`): the verdict does not
/// depend on chunk boundaries, limits stop the reading where they are crossed, and duplicates
/// are counted in a bounded set.
@Suite("Blob list: streaming and limits")
struct BlobListStreamingTests {
    /// What a run ends with, comparable across chunkings.
    enum Verdict: Equatable {
        case valid(BlobListSummary)
        case invalid(BlobListFormatError)
    }

    /// Validates `bytes` fed in chunks of the given sizes (cycled); also returns how many bytes
    /// had been fed when the verdict came.
    func verdict(_ bytes: [UInt8], chunkSizes: [Int] = [Int.max], strict: Bool = false,
                 limits: BlobListLimits = .standard) -> (Verdict, fed: Int) {
        var validator = BlobListValidator(strict: strict, limits: limits)
        var offset = 0
        var turn = 0
        do {
            while offset < bytes.count {
                let size = min(chunkSizes[turn % chunkSizes.count], bytes.count - offset)
                offset += size
                try validator.feed(bytes[(offset - size)..<offset])
                turn += 1
            }
            var summary = try validator.finish()
            summary.duplicateSetBytes = 0   // depends on nothing but the entries; not compared
            return (.valid(summary), offset)
        } catch {
            return (.invalid(error), offset)
        }
    }

    func randomChunks(_ count: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        return (0..<32).map { _ in Int.random(in: 1...max(1, count / 4), using: &generator) }
    }

    static let mixed = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<!-- export list -->\n<BlobList>\r\n"
        + "  <BlobPathPrefix>/telemetry/2023-07/</BlobPathPrefix>\n"
        + "  <BlobPath IncludeSnapshots='false'>reports/q3/raw.parquet</BlobPath>\n"
        + "  <BlobPath SnapshotTime=\"2023-09-30T23:59:59.0000000Z\">reports/q3/ledger.csv</BlobPath>\n"
        + "  <BlobPath>videos/Übergrößé — 日本 😀.mp4</BlobPath><BlobPath>videos/a&amp;b&#x1F600;.mp4</BlobPath>\n"
        + "  <BlobPath><![CDATA[videos/cdata<1>.mp4]]></BlobPath><?pi ignored?>\n"
        + "  <BlobPath>/videos/a&amp;b&#x1F600;.mp4</BlobPath>\n"   // a duplicate once the leading slash goes
        + "  <BlobPath>/</BlobPath><BlobPathPrefix>/</BlobPathPrefix>\n"
        + "  <AzureFileList><FilePath>share/f</FilePath></AzureFileList>\n"
        + "</BlobList>\n"

    static let invalidDocuments: [String] = [
        mixed.replacing("/telemetry/2023-07/", with: "/telemetry/../2023-07/"),
        mixed.replacing("reports/q3/raw.parquet", with: "Reports/q3/raw.parquet"),
        mixed.replacing("日本", with: "日\u{1}本"),
        mixed.replacing("<!-- export list -->", with: "<!DOCTYPE BlobList [<!ENTITY x \"y\">]>"),
        mixed.replacing("</BlobList>", with: "</BlobList><BlobList/>"),
        mixed.replacing("IncludeSnapshots='false'", with: "IncludeSnapshots='no'"),
        String(mixed.dropLast(20)),
        "<BlobList>\n</BlobList>\n",
    ]

    /// A list long enough for the counting worker (past 16,384 entries): the same counts as the
    /// whole-list parse, and the first problem in document order whichever thread finds it.
    @Test func aLargeListIsCheckedOnTwoCoresInDocumentOrder() throws {
        let count = BlobListValidator.workerThreshold + 3 * 4_096 + 17
        func list(_ entries: (Int) -> String, tail: String = "</BlobList>") -> [UInt8] {
            Array(("<BlobList>" + (0..<count).map(entries).joined() + tail).utf8)
        }
        let entry = { (index: Int) in index % 7 == 0 ? "<BlobPathPrefix>/logs/\(index % 500)/</BlobPathPrefix>" : "<BlobPath>cont/b\(index % 9_000)</BlobPath>" }
        let valid = list(entry)
        let parsed = try BlobListFile.parse(valid)
        guard case .valid(let summary) = verdict(valid, chunkSizes: [65_536]).0 else {
            Issue.record("refused a valid list")
            return
        }
        #expect(summary.blobPaths == parsed.paths.count && summary.prefixes == parsed.prefixes.count)
        #expect(summary.duplicates == count - Set((0..<count).map(entry)).count)
        // An invalid entry the worker meets, and an XML error further on that the reading thread
        // meets first: the entry is reported.
        let bad = BlobListValidator.workerThreshold + 100
        let withBoth = list({ $0 == bad ? "<BlobPath>cont/a/../b</BlobPath>" : entry($0) }, tail: "<Oops/></BlobList>")
        for chunks in [[Int.max], [65_536], [4_093]] {
            guard case .invalid(let error) = verdict(withBoth, chunkSizes: chunks).0 else {
                Issue.record("accepted a list with an invalid entry")
                continue
            }
            #expect(error.rule == .invalidBlobName, "\(chunks): \(error)")
            #expect(error.entry == "cont/a/../b")
        }
        // Only the XML error: it is reported once the worker has checked what came before.
        let xmlOnly = list(entry, tail: "<Oops/></BlobList>")
        guard case .invalid(let error) = verdict(xmlOnly, chunkSizes: [65_536]).0 else {
            Issue.record("accepted an unknown element")
            return
        }
        #expect(error.rule == .unknownElement)
    }

    @Test func verdictDoesNotDependOnChunks() throws {
        for document in [Self.mixed, SpecExamples.blobListFile] + Self.invalidDocuments {
            let bytes = Array(document.utf8)
            let (whole, _) = verdict(bytes)
            #expect(verdict(bytes, chunkSizes: [1]).0 == whole, "\(document)")
            for seed in UInt64(1)...60 {
                #expect(verdict(bytes, chunkSizes: randomChunks(bytes.count, seed: seed)).0 == whole, "seed \(seed): \(document)")
            }
        }
        let (mixed, _) = verdict(Array(Self.mixed.utf8))
        guard case .valid(let summary) = mixed else {
            Issue.record("mixed list refused: \(mixed)")
            return
        }
        #expect(summary.blobPaths == 6 && summary.prefixes == 3)
        #expect(summary.duplicates == 2, "the /videos/… path and the second '/' prefix")
        #expect(summary.duplicatesExact)
        #expect(summary.documentBytes == UInt64(Self.mixed.utf8.count))
    }

    @Test func readerEntriesDoNotDependOnChunks() throws {
        let bytes = Array(Self.mixed.utf8)
        func entries(_ sizes: [Int]) throws -> [BlobListEntry] {
            var reader = BlobListReader()
            var out: [BlobListEntry] = []
            var offset = 0
            var turn = 0
            while offset < bytes.count {
                let size = min(sizes[turn % sizes.count], bytes.count - offset)
                try reader.feed(bytes[offset..<(offset + size)])
                while let entry = try reader.next() { out.append(entry) }
                offset += size
                turn += 1
            }
            reader.finish()
            while let entry = try reader.next() { out.append(entry) }
            #expect(reader.isComplete)
            return out
        }
        let whole = try entries([Int.max])
        #expect(whole.count == 9)
        #expect(try entries([1]) == whole)
        #expect(try entries([7, 3, 64]) == whole)
        let selection = try BlobListFile.parse(bytes)
        #expect(selection.paths.count == 6 && selection.prefixes.count == 3)
    }

    // MARK: Limits, hit while reading

    func list(entries: Int, line: (Int) -> String = { "  <BlobPath>logs/app-\($0).log</BlobPath>\n" }) -> [UInt8] {
        var text = "<BlobList>\n"
        for index in 0..<entries { text += line(index) }
        return Array((text + "</BlobList>\n").utf8)
    }

    @Test func entryLimitStopsAtTheEntryOverIt() throws {
        let limits = BlobListLimits(maxEntries: 100)
        let (atLimit, _) = verdict(list(entries: 100), chunkSizes: [64], limits: limits)
        guard case .valid(let summary) = atLimit else {
            Issue.record("100 entries refused: \(atLimit)")
            return
        }
        #expect(summary.entries == 100)

        let bytes = list(entries: 10_000)
        let (over, fed) = verdict(bytes, chunkSizes: [64], limits: limits)
        guard case .invalid(let error) = over else {
            Issue.record("10,000 entries accepted")
            return
        }
        #expect(error.rule == .limitExceeded && error.limit == .entries)
        #expect(error.location?.line == 102, "the 101st entry's line")
        #expect(error.message.contains("more than 100 entries"))
        #expect(fed < 101 * 40 + 64, "refused after \(fed) of \(bytes.count) bytes")
    }

    @Test func documentLimitStopsAtTheByteOverIt() throws {
        var limits = BlobListLimits()
        limits.xml.maxDocumentBytes = 4_096
        let bytes = list(entries: 1_000)
        let (verdict, fed) = verdict(bytes, chunkSizes: [100], limits: limits)
        guard case .invalid(let error) = verdict else {
            Issue.record("accepted \(bytes.count) bytes over a 4,096-byte limit")
            return
        }
        #expect(error.rule == .limitExceeded && error.limit == .documentBytes)
        #expect(error.message.contains("longer than 4096 bytes"))
        #expect(fed <= 4_096 + 100, "refused after \(fed) bytes")

        #expect(throws: BlobListFormatError.self) { try BlobListLimits.standard.checkDocumentSize((256 << 20) + 1) }
        try BlobListLimits.standard.checkDocumentSize(256 << 20)
    }

    @Test(arguments: [
        // 16 KiB of text in one entry: no valid entry is that long.
        ("<BlobList><BlobPath>logs/" + String(repeating: "a", count: 20_000) + "</BlobPath></BlobList>", BlobListLimits.Limit.textBytes),
        ("<BlobList><AzureFileList><a><b><c/></b></a></AzureFileList></BlobList>", .depth),
        ("<BlobList><BlobPath " + String(repeating: "x", count: 100) + "='1'>logs/a</BlobPath></BlobList>", .nameBytes),
        ("<BlobList><!--" + String(repeating: "-x", count: 5_000) + "--></BlobList>", .markupBytes),
    ])
    func xmlLimitsAreLimitErrors(document: String, limit: BlobListLimits.Limit) throws {
        let bytes = Array(document.utf8)
        let (verdict, fed) = verdict(bytes, chunkSizes: [512])
        guard case .invalid(let error) = verdict else {
            Issue.record("accepted")
            return
        }
        #expect(error.rule == .limitExceeded, "\(error)")
        #expect(error.limit == limit, "\(error)")
        if limit == .textBytes { #expect(fed < bytes.count, "refused before the text ended") }
    }

    @Test func declarationsAreRefusedAtOnce() throws {
        let bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE BlobList [\n" + String(repeating: "<!ENTITY a \"b\">\n", count: 10_000) + "]>\n<BlobList/>"
        let (verdict, fed) = verdict(Array(bomb.utf8), chunkSizes: [16])
        guard case .invalid(let error) = verdict else {
            Issue.record("accepted")
            return
        }
        #expect(error.rule == .xml && error.xmlKind == .doctypeForbidden)
        #expect(fed <= 48, "refused after \(fed) bytes")
    }

    // MARK: Duplicates, in a bounded set

    @Test func duplicatesFollowAzureNameComparison() throws {
        let entries = [
            "<BlobPath>logs/a</BlobPath>", "<BlobPath>/logs/a</BlobPath>",   // the same blob path
            "<BlobPath IncludeSnapshots=\"true\">logs/a</BlobPath>",         // the same selection
            "<BlobPath IncludeSnapshots=\"false\">logs/a</BlobPath>",        // another selection
            "<BlobPath>logs/caf\u{E9}</BlobPath>", "<BlobPath>logs/cafe\u{301}</BlobPath>",  // NFC, NFD: two blobs in Azure
            "<BlobPathPrefix>/logs/a</BlobPathPrefix>",                        // a prefix, not the path
            "<BlobPathPrefix>/logs/a</BlobPathPrefix>",
        ]
        let (verdict, _) = verdict(Array(("<BlobList>" + entries.joined() + "</BlobList>").utf8))
        guard case .valid(let summary) = verdict else {
            Issue.record("refused: \(verdict)")
            return
        }
        #expect(summary.blobPaths == 6 && summary.prefixes == 2)
        #expect(summary.duplicates == 3)
    }

    @Test func digestSetIsBoundedAndExact() throws {
        #expect(BlobListDigestSet(capacity: BlobListLimits.standard.maxEntries).maxMemoryBytes == 16 << 20)
        var set = BlobListDigestSet(capacity: 200_000)
        #expect(set.maxMemoryBytes == 1_024 * 512 * 4, "200,000 entries at most 3/4 full: 261 slots a shard, rounded up to 512")
        #expect(set.memoryBytes == 0, "shards are made on first use")
        var generator = SplitMix64(seed: 17)
        var digests: [UInt64] = []
        for _ in 0..<200_000 { digests.append(generator.next()) }
        var fresh = 0
        for digest in digests where set.insert(digest) { fresh += 1 }
        #expect(fresh == digests.count)
        var repeats = 0
        for digest in digests.prefix(50_000) where !set.insert(digest) { repeats += 1 }
        #expect(repeats == 50_000)
        let zero = set.insert(1 << 40), again = set.insert(1 << 40), one = set.insert(1 << 40 | 1)
        #expect(zero && !again && !one, "32 low bits of 0 are stored as 1")
        #expect(set.isExact)
        #expect(set.memoryBytes == set.maxMemoryBytes)
    }

    @Test func aFullShardStopsRecordingInsteadOfLooping() throws {
        var set = BlobListDigestSet(capacity: 1)
        #expect(set.shardSlots == 16)
        var generator = SplitMix64(seed: 3)
        // Every digest in shard 0: it fills to 15/16 of its 16 slots, then records no more.
        for _ in 0..<1_000 { _ = set.insert(generator.next() >> 10) }
        #expect(!set.isExact)
        #expect(set.memoryBytes == 16 * 4)
    }
}

/// The shortcut the validator takes for plain entries accepts only what the full rules accept,
/// and (for printable ASCII) everything they accept.
@Suite("Blob list: the quick check agrees with the rules")
struct BlobListQuickCheckTests {
    static let pieces = ["a", "b", "z9", "-", "--", "/", "//", ".", "..", "$root", "$r", "\\", " ", "~", "A", "_", "é", "\t",
                         "\u{7F}", "logs", "abc", "x.y", "日"]

    func agree(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var bytes = text
        let quickPath = bytes.withUTF8 { BlobListQuickCheck.isPlainValidPath($0) }
        let quickPrefix = bytes.withUTF8 { BlobListQuickCheck.isPlainValidPrefix($0) }
        let fullPath: Bool
        do {
            let entry = try BlobListEntries.path(text, snapshots: .baseAndSnapshots)
            if case .path = entry { fullPath = true } else { fullPath = false }   // "/" and "\\" go the full way
        } catch {
            fullPath = false
        }
        let fullPrefix = (try? BlobListEntries.prefix(text)) != nil
        if quickPath { #expect(fullPath, "quick check accepts path '\(text)', the rules do not", sourceLocation: sourceLocation) }
        if quickPrefix { #expect(fullPrefix, "quick check accepts prefix '\(text)', the rules do not", sourceLocation: sourceLocation) }
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } && !text.hasPrefix("/$") && text != "/" && text != "\\"
        if plain, fullPath { #expect(quickPath, "path '\(text)' misses the shortcut", sourceLocation: sourceLocation) }
        if plain, fullPrefix, !text.hasPrefix("/$") { #expect(quickPrefix, "prefix '\(text)' misses the shortcut", sourceLocation: sourceLocation) }
    }

    @Test func generatedTextsAgree() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<40_000 {
            var text = Bool.random(using: &generator) ? "/" : ""
            for _ in 0..<Int.random(in: 1...8, using: &generator) { text += Self.pieces.randomElement(using: &generator)! }
            agree(text)
        }
    }

    @Test(arguments: [
        "logs/a", "/logs/a", "$root/a", "$root/a/b", "ab/c", "a-b/c", "-ab/c", "ab-/c", "a--b/c", String(repeating: "a", count: 63) + "/x",
        String(repeating: "a", count: 64) + "/x", "logs/" + String(repeating: "n", count: 1_024), "logs/" + String(repeating: "n", count: 1_025),
        "logs/" + String(repeating: "s/", count: 253) + "x", "logs/" + String(repeating: "s/", count: 254) + "x", "logs/a/", "logs/a.",
        "logs/a\\", "logs/..", "logs/../a", "logs/.../a", "/", "/logs", "/logs/", "/$root/", "/$ro", "/lo--", "/" + String(repeating: "a", count: 64),
        "/logs/..", "/logs/..x", "/logs/a/", "/$root/a/", "/logs/" + String(repeating: "s/", count: 253), "/logs/" + String(repeating: "s/", count: 254),
        "/logs/" + String(repeating: "n", count: 1_024), "/logs/" + String(repeating: "n", count: 1_025), "//a", "/LOGS/", "logs/ a b ",
    ])
    func edgesAgree(text: String) {
        agree(text)
    }
}

/// A blob-path prefix gets the blob-name rules of a blob path: whatever is refused in the name
/// of one is refused in the name part of the other, with the same rule and reason.
@Suite("Blob list: the same path rules for paths and prefixes")
struct BlobListPrefixRuleTests {
    func refusal(_ element: String, _ text: String) -> BlobListFormatError? {
        do {
            _ = try BlobListFile.parse(Array("<BlobList><\(element)>\(text)</\(element)></BlobList>".utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "../secret/a.txt", "a/../../b", "a/./b", "./a", "a/b\tc", "a/\u{7F}", "a/\u{85}", "a/\u{E000}", "a/" + String(Unicode.Scalar(0xFDD0)!),
        String(repeating: "s/", count: 254) + "x",
    ])
    func nameRulesMatch(name: String) throws {
        let path = try #require(refusal("BlobPath", "logs/" + name), "blob path logs/\(name) accepted")
        let prefix = try #require(refusal("BlobPathPrefix", "/logs/" + name), "prefix /logs/\(name) accepted")
        #expect(path.rule == .invalidBlobName)
        #expect(prefix.rule == path.rule, "\(prefix)")
        #expect(prefix.message.replacing("blob path prefix: ", with: "") == path.message.replacing("blob path: ", with: ""))
        #expect(prefix.entry == "/logs/" + name)
        #expect(prefix.location?.elementPath == "/BlobList/BlobPathPrefix")
    }

    @Test func rootContainerNamesHaveNoSlashInEither() throws {
        #expect(refusal("BlobPath", "$root/a/b")?.rule == .invalidBlobName)
        #expect(refusal("BlobPathPrefix", "/$root/a/")?.rule == .invalidBlobName)
        #expect(refusal("BlobPathPrefix", "/$root/a") == nil)
        #expect(refusal("BlobPathPrefix", "/$root/") == nil)
    }

    @Test(arguments: ["/logs/..", "/logs/.", "/logs/a/..", "/logs/a/../"])
    func trailingDotSegmentsAreDotSegments(prefix: String) throws {
        let error = try #require(refusal("BlobPathPrefix", prefix), "\(prefix) accepted")
        #expect(error.rule == .invalidBlobName)
        #expect(error.message.contains("'.' or '..' segment"), "\(error)")
    }

    @Test(arguments: [
        "/", "/lo", "/logs", "/logs/", "/logs/2022-01/", "/logs/app.", "/logs/..x", "/logs/.profile", "/logs/a..",
        "/logs/a//b", "/$ro", "/$root/", "/logs/" + String(repeating: "s/", count: 253),
    ])
    func prefixesThatStartValidNamesAreAccepted(prefix: String) throws {
        #expect(refusal("BlobPathPrefix", prefix) == nil, "\(prefix) refused: \(String(describing: refusal("BlobPathPrefix", prefix)))")
    }

    @Test func inlinePrefixesGetTheSameRules() throws {
        #expect(throws: BlobListFormatError.self) { try BlobListInline.selection(blobPaths: [], prefixes: ["/logs/../x"]) }
        #expect(try BlobListInline.selection(blobPaths: [], prefixes: ["/logs/..x"]).prefixes.count == 1)
    }
}
