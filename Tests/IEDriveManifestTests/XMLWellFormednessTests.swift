@testable import IEDriveManifest
import Testing

@Suite("XML reader: well-formedness errors")
struct XMLWellFormednessTests {
    @Test(arguments: [
        ("<a><b></a>", 1, 7, XMLError.Kind.notWellFormed),
        ("<a/><b/>", 1, 5, .notWellFormed),
        ("<a x=\"1\" x=\"2\"/>", 1, 1, .notWellFormed),
        ("<1a/>", 1, 1, .notWellFormed),
        ("<a x=1/>", 1, 1, .notWellFormed),
        ("<a x=\"<\"/>", 1, 1, .notWellFormed),
        ("<a x=\"1\"y=\"2\"/>", 1, 1, .notWellFormed),
        ("text<a/>", 1, 1, .notWellFormed),
        ("<a/>text", 1, 5, .notWellFormed),
        ("<a>]]></a>", 1, 4, .notWellFormed),
        ("<a><!-- a -- b --></a>", 1, 4, .notWellFormed),
        ("<a/><?xml version=\"1.0\"?>", 1, 5, .notWellFormed),
        (" <?xml version=\"1.0\"?><a/>", 1, 2, .notWellFormed),
        ("<a>\n<b>\n", 3, 1, .unexpectedEnd),
        ("", 1, 1, .unexpectedEnd),
        ("<![CDATA[x]]><a/>", 1, 1, .notWellFormed),
        ("</a>", 1, 1, .notWellFormed),
        ("<a>&amp</a>", 1, 4, .notWellFormed),
        ("<a>&#xZZ;</a>", 1, 4, .invalidCharacter),
        ("<?xml version=\"2.0\"?><a/>", 1, 1, .notWellFormed),
        ("<?xml encoding=\"UTF-8\" version=\"1.0\"?><a/>", 1, 1, .notWellFormed),
        ("<a><!-x--></a>", 1, 4, .notWellFormed),
        ("<a", 1, 1, .unexpectedEnd),
    ] as [(String, Int, Int, XMLError.Kind)])
    func refused(document: String, line: Int, column: Int, kind: XMLError.Kind) throws {
        let error = try #require(xmlError(document), "accepted: \(document)")
        #expect(error.kind == kind, "\(error)")
        #expect(error.line == line && error.column == column, "\(error)")
    }

    @Test func errorsNameTheOpenElements() throws {
        let error = try #require(xmlError("<DriveManifest>\n  <Drive>\n    <DriveId>&x;</DriveId>"))
        #expect(error.location.elementPath == "/DriveManifest/Drive/DriveId")
        #expect(error.line == 3 && error.column == 14)
    }

    @Test func accepted() throws {
        #expect(xmlError("<?xml version=\"1.0\" standalone=\"yes\"?><a b:c='x'/>") == nil)
        #expect(xmlError("<a><![CDATA[ ]]> ]] > &gt; </a>") == nil)
        #expect(xmlError("<?xml-stylesheet href=\"a\"?><a/><!-- after --><?pi?>") == nil)
        #expect(xmlError("<a >\t</a >") == nil)
    }
}
