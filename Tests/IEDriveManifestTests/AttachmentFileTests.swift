import IEDriveCore
import IEDriveManifest
import Testing

@Suite("Metadata and properties files")
struct AttachmentFileTests {
    func metadataProblem(_ text: String) -> FileProblem? {
        if case .failure(let problem) = MetadataFile.parse(Array(text.utf8)) { return problem }
        return nil
    }

    func propertiesProblem(_ text: String, strict: Bool = false) -> FileProblem? {
        if case .failure(let problem) = PropertiesFile.parse(Array(text.utf8), strict: strict) { return problem }
        return nil
    }

    @Test func metadataExample() throws {
        let bytes = Array(SpecExamples.metadataFile.utf8)
        #expect(bytes.count == 123, "the literal must be the spec's exact bytes (its MD5 is in the §10 manifest)")
        let metadata = try MetadataFile.parse(bytes).get()
        #expect(metadata.pairs == [.init(name: "Project", value: "harbor-survey"), .init(name: "Owner", value: "ops-team")])
        #expect(metadata["project"] == "harbor-survey")
    }

    @Test func importPropertiesExample() throws {
        let properties = try PropertiesFile.parse(Array(SpecExamples.importPropertiesFile.utf8)).get()
        #expect(properties == BlobProperties(contentType: "application/octet-stream", contentLanguage: "en-GB", cacheControl: "max-age=3600"))
    }

    @Test func exportPropertiesExample() throws {
        let bytes = Array(SpecExamples.exportPropertiesFile.utf8)
        #expect(bytes.count == 306)
        let properties = try PropertiesFile.parse(bytes).get()
        #expect(properties.lastModified == "Tue, 14 Jan 2020 08:30:00 GMT")
        #expect(properties.etag == "0x8D798D2A1B2C3D4")
        #expect(properties.contentLength == 30_000)
        #expect(properties.contentType == "application/x-tar")
        // The Content-MD5 is the base64 of the very digest the export manifest gives q4.tar's block.
        #expect(properties.contentMD5 == MD5Digest(base16: "6B636CF50C586E39B7159CE5067AC61B"))
        #expect(properties.contentMD5?.base64 == "a2Ns9QxYbjm3FZzlBnrGGw==")
        #expect(properties.importable == BlobProperties(contentType: "application/x-tar", contentMD5: properties.contentMD5))
    }

    @Test func emptyMetadataMeansNone() throws {
        #expect(try MetadataFile.parse(Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Metadata/>\n".utf8)).get().pairs.isEmpty)
    }

    @Test(arguments: [
        ("<Meta><A>1</A></Meta>", "Meta", 1),
        ("<Metadata>\n<1abc>x</1abc></Metadata>", "Metadata", 2),  // not even an XML name
        ("<Metadata>\n<a.b>x</a.b></Metadata>", "a.b", 2),
        ("<Metadata>\n<my-key>x</my-key></Metadata>", "my-key", 2),
        ("<Metadata><Key>1</Key>\n<KEY>2</KEY></Metadata>", "KEY", 2),
        ("<Metadata><Key>\n<Sub>1</Sub></Key></Metadata>", "Sub", 2),
        ("<Metadata>\nloose<Key>1</Key></Metadata>", "Metadata", 1),
        ("<Metadata><Key>a&#10;b</Key></Metadata>", "Key", 1),
        ("<Metadata><Key>1</Metadata>", "Key", 1),
    ])
    func metadataRefused(text: String, element: String, line: Int) throws {
        let problem = try #require(metadataProblem(text), "accepted \(text)")
        #expect(problem.status == .xmlReadFailed)
        #expect(problem.element == element, "\(problem)")
        #expect(problem.location?.line == line, "\(problem)")
    }

    @Test func metadataOver8KBIsRefused() throws {
        let pairs = (0..<9).map { "<K\($0)>\(String(repeating: "v", count: 1_000))</K\($0)>" }.joined()
        let problem = try #require(metadataProblem("<Metadata>\(pairs)</Metadata>"))
        #expect(problem.status == .xmlReadFailed)
        #expect(problem.message.contains("8192"))
    }

    @Test func metadataAttributesAreIgnored() throws {
        let metadata = try MetadataFile.parse(Array("<Metadata kind=\"x\"><K note=\"y\">v</K></Metadata>".utf8)).get()
        #expect(metadata.pairs == [.init(name: "K", value: "v")])
    }

    @Test(arguments: [
        ("<Props/>", "Props"),
        ("<Properties><Content-Type>a</Content-Type><Content-Type>b</Content-Type></Properties>", "Content-Type"),
        ("<Properties><Content-MD5>6B636CF50C586E39B7159CE5067AC61B</Content-MD5></Properties>", "Content-MD5"),
        ("<Properties><Content-Length>30 000</Content-Length></Properties>", "Content-Length"),
        ("<Properties><Cache-Control><b/></Cache-Control></Properties>", "b"),
        ("<Properties>text</Properties>", "Properties"),
    ])
    func propertiesRefused(text: String, element: String) throws {
        let problem = try #require(propertiesProblem(text), "accepted \(text)")
        #expect(problem.status == .xmlReadFailed)
        #expect(problem.element == element, "\(problem)")
    }

    @Test func unknownPropertiesAreSkippedUnlessStrict() throws {
        let text = "<Properties><X-Custom><Deep>1</Deep></X-Custom><Content-Type>text/plain</Content-Type></Properties>"
        #expect(try PropertiesFile.parse(Array(text.utf8)).get().contentType == "text/plain")
        #expect(propertiesProblem(text, strict: true)?.element == "X-Custom")
    }

    @Test func hostileAttachmentsAreXmlReadFailed() throws {
        let problem = try #require(metadataProblem("<!DOCTYPE m [<!ENTITY a \"b\">]><Metadata/>"))
        #expect(problem.status == .xmlReadFailed)
        let big = "<Metadata>" + String(repeating: "<K>v</K>", count: 200_000) + "</Metadata>"
        #expect(metadataProblem(big)?.message.contains("larger than 1048576") == true)
    }
}
