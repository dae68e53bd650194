import IEDriveCore
import IEDriveManifest
import Testing

@Suite("Export blob list")
struct BlobListTests {
    func listError(_ text: String, strict: Bool = false) -> BlobListFormatError? {
        do {
            _ = try BlobListFile.parse(Array(text.utf8), strict: strict)
            return nil
        } catch {
            return error
        }
    }

    @Test func fileExample() throws {
        let selection = try BlobListFile.parse(Array(SpecExamples.blobListFile.utf8))
        #expect(selection.prefixes.map(\.text) == ["/telemetry/2023-07/", "/telemetry/2023-08/"])
        #expect(selection.paths.map(\.path.text) == ["reports/q3/summary.pdf", "reports/q3/raw.parquet", "reports/q3/ledger.csv", "$root/index.html"])
        #expect(selection.paths.map(\.snapshots) == [.baseAndSnapshots, .baseOnly, .only(SnapshotTime("2023-09-30T23:59:59.0000000Z")!),
                                                      .baseAndSnapshots])
    }

    @Test func inlineExampleSelectsTheSameBlobs() throws {
        let fragment = SpecExamples.blobListInlineJSON
        let object = String(fragment[fragment.firstIndex(of: "{")!...].dropFirst().drop { $0 != "{" })
        let inline = try BlobListInline.parse(json: Array(String(object.dropLast(3)).utf8))
        let file = try BlobListFile.parse(Array(SpecExamples.blobListFile.utf8))
        #expect(inline.prefixes == file.prefixes)
        #expect(inline.paths.map(\.path) == file.paths.map(\.path))
        #expect(inline.paths.allSatisfy { $0.snapshots == .baseAndSnapshots })
    }

    @Test func selectionSemantics() throws {
        let selection = try BlobListFile.parse(Array(SpecExamples.blobListFile.utf8))
        let raw = try BlobPath.parse("reports/q3/raw.parquet")
        let ledger = try BlobPath.parse("reports/q3/ledger.csv")
        let snapshot = SnapshotTime("2023-09-30T23:59:59.0000000Z")!
        #expect(selection.selects(try BlobPath.parse("telemetry/2023-07/app.log")))
        #expect(!selection.selects(try BlobPath.parse("telemetry/2023-09/app.log")))
        #expect(selection.selects(raw) && !selection.selects(raw, snapshot: snapshot))
        #expect(!selection.selects(ledger) && selection.selects(ledger, snapshot: snapshot))
        #expect(selection.selects(try BlobPath.parse("$root/index.html")))
    }

    @Test(arguments: [
        ("/", ["logs/a", "$root/x", "z9z/y"], [String]()),
        ("/$root/", ["$root/x"], ["logs/a"]),
        ("/logs", ["logs/a", "logs-2022/b", "logsarchive/c"], ["log/a"]),
        ("/logs/", ["logs/a"], ["logs-2022/b"]),
        ("/logs/2022-", ["logs/2022-01/app.log", "logs/2022-summary.csv"], ["logs/2023-01/app.log"]),
        ("/logs/2022-01/", ["logs/2022-01/app.log"], ["logs/2022-summary.csv"]),
    ])
    func prefixTable(prefix: String, selected: [String], notSelected: [String]) throws {
        let matcher = try BlobPathPrefix(prefix)
        for path in selected { #expect(matcher.matches(try BlobPath.parse(path)), "\(prefix) should select \(path)") }
        for path in notSelected { #expect(!matcher.matches(try BlobPath.parse(path)), "\(prefix) should not select \(path)") }
    }

    @Test func slashAloneAndLeadingSlash() throws {
        let selection = try BlobListFile.parse(Array("<BlobList><BlobPath>/</BlobPath><BlobPath>/container1/blob.txt</BlobPath></BlobList>".utf8))
        #expect(selection.prefixes == [.everything])
        #expect(selection.paths.map(\.path.text) == ["container1/blob.txt"])
        #expect(try BlobListInline.selection(blobPaths: ["\\"], prefixes: []).prefixes == [.everything])
    }

    @Test(arguments: [
        ("<BlobList><BlobPathPrefix>telemetry/</BlobPathPrefix></BlobList>", BlobListFormatError.Rule.prefixWithoutSlash, "telemetry/"),
        ("<BlobList><blobpath>reports/a.pdf</blobpath></BlobList>", .unknownElement, nil),
        ("<BlobList/>", .empty, nil),
        ("<BlobList><BlobPath>/Reports/a.pdf</BlobPath></BlobList>", .invalidContainer, "/Reports/a.pdf"),
        ("<?xml version=\"1.0\"?><Blobs/>", .rootElement, nil),
        ("<BlobList><BlobPath>a.pdf", .xml, nil),
        ("<BlobList><BlobPathPrefix>//logo.bmp</BlobPathPrefix></BlobList>", .rootContainerNotNamed, "//logo.bmp"),
        ("<BlobList><BlobPath>//logo.bmp</BlobPath></BlobList>", .rootContainerNotNamed, "//logo.bmp"),
        ("<BlobList><BlobPath>logo.bmp</BlobPath></BlobList>", .missingContainer, "logo.bmp"),
        ("<BlobList><BlobPathPrefix>/Logs</BlobPathPrefix></BlobList>", .invalidContainer, "/Logs"),
        ("<BlobList><BlobPathPrefix>/lo--gs/</BlobPathPrefix></BlobList>", .invalidContainer, "/lo--gs/"),
        ("<BlobList><BlobPath>logs/\(String(repeating: "n", count: 1_025))</BlobPath></BlobList>", .nameTooLong, nil),
        ("<BlobList><BlobPath IncludeSnapshots=\"yes\">logs/a</BlobPath></BlobList>", .snapshotAttributes, "logs/a"),
        ("<BlobList><BlobPath SnapshotTime=\"now\">logs/a</BlobPath></BlobList>", .snapshotAttributes, "logs/a"),
        ("<BlobList><BlobPath IncludeSnapshots=\"false\" SnapshotTime=\"2023-09-30T23:59:59Z\">logs/a</BlobPath></BlobList>",
         .snapshotAttributes, "logs/a"),
        ("<BlobList><BlobPath>logs/a.</BlobPath></BlobList>", .invalidBlobName, "logs/a."),
        ("<BlobList>loose<BlobPath>logs/a</BlobPath></BlobList>", .unexpectedContent, nil),
        ("<BlobList><BlobPath><b/>logs/a</BlobPath></BlobList>", .unexpectedContent, nil),
    ] as [(String, BlobListFormatError.Rule, String?)])
    func invalidLists(text: String, rule: BlobListFormatError.Rule, entry: String?) throws {
        let error = try #require(listError(text), "accepted \(text)")
        #expect(error.rule == rule, "\(error)")
        if let entry { #expect(error.entry == entry) }
        #expect(error.location != nil)
        #expect(error.status == .blobListFormatInvalid)
        #expect(error.failureState.label == "Export blob list format invalid")
    }

    @Test func azureFileListIsSkippedUnlessStrict() throws {
        let text = "<BlobList><BlobPath>logs/a</BlobPath><AzureFileList><FilePath>share/f</FilePath></AzureFileList></BlobList>"
        #expect(try BlobListFile.parse(Array(text.utf8)).paths.count == 1)
        #expect(listError(text, strict: true)?.rule == .azureFileList)
        let sideBySide = "<BlobList><BlobPath>logs/a</BlobPath></BlobList><AzureFileList/>"
        #expect(listError(sideBySide)?.rule == .xml)
    }

    @Test func inlineLimitsAndShape() throws {
        let big = "{\"blobPath\": [" + Array(repeating: "\"logs/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", count: 1_000).joined(separator: ",") + "]}"
        #expect(throws: BlobListFormatError.self) { try BlobListInline.parse(json: Array(big.utf8)) }
        do {
            _ = try BlobListInline.parse(json: Array(big.utf8))
        } catch {
            #expect(error.rule == .inlineTooLarge)
        }
        for bad in ["[]", "{\"blobPath\": [1]}", "{\"blobPaths\": [\"a/b\"]}", "{\"blobPath\": \"a/b\"}"] {
            do {
                _ = try BlobListInline.parse(json: Array(bad.utf8))
                Issue.record("accepted \(bad)")
            } catch {
                #expect(error.rule == .inlineFormat, "\(bad)")
            }
        }
        let upper = try BlobListInline.parse(json: Array("{\"BlobPathPrefix\": [\"/\"]}".utf8))
        #expect(upper.prefixes == [.everything])
        #expect(throws: BlobListFormatError.self) { try BlobListInline.parse(json: Array("{}".utf8)) }
    }

    @Test func duplicatesAreCountedNotRefused() throws {
        let selection = try BlobListInline.selection(blobPaths: ["logs/a", "logs/a"], prefixes: ["/x", "/x", "/y"])
        #expect(selection.duplicateCount == 2)
    }
}
