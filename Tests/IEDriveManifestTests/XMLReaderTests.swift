@testable import IEDriveManifest
import Testing

@Suite("XML reader: well-formed documents")
struct XMLReaderTests {
    @Test func eventsWithPositions() throws {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1\" y='two'>\n  <b/>hi<!-- c -->&amp;&#65;&#x42;<![CDATA[<raw>]]></a>\n"
        let events = try xmlEvents(xml)
        #expect(events == [
            "2:1 <a x=1 y=two>", "2:18 \"\n  \"", "3:3 <b>", "3:3 </b>", "3:7 \"hi\"", "3:19 \"&AB\"",
            "3:35 \"<raw>\"", "3:52 </a>",
        ])
    }

    @Test func lineEndsAndAttributeWhitespaceAreNormalised() throws {
        let events = try xmlEvents("<a v=\"x\ty\r\nz\">1\r\n2\r3</a>")
        #expect(events == ["1:1 <a v=x y z>", "2:4 \"1\n2\n3\"", "4:2 </a>"])
    }

    @Test func utf8BOMAndNonASCIINamesAndColumnsInCharacters() throws {
        let events = try xmlEvents([0xEF, 0xBB, 0xBF] + Array("<é>ü<ß/></é>".utf8))
        #expect(events == ["1:1 <é>", "1:4 \"ü\"", "1:5 <ß>", "1:5 </ß>", "1:9 </é>"])
    }

    @Test func commentsAndProcessingInstructionsAroundTheRoot() throws {
        let events = try xmlEvents("<!-- head --><?pi data?>\n<r/>\n<!-- tail -->\n")
        #expect(events == ["2:1 <r>", "2:1 </r>"])
    }
}
