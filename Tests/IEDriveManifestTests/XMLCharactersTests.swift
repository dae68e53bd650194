@testable import IEDriveManifest
import Testing

@Suite struct XMLCharactersTests {
    /// The reader's ASCII shortcut for names agrees with §2.3's `NameChar` on every ASCII byte.
    @Test func theASCIINameTableIsNameChar() {
        for byte in UInt8(0)..<0x80 {
            #expect(XMLCharacters.isASCIINameByte(byte) == XMLCharacters.isName(UInt32(byte)), "byte \(byte)")
        }
    }

    /// A name of ASCII after a non-ASCII start, and one that ends at a character that is not a
    /// name character, are read to the right place either way.
    @Test func namesEndWhereNameCharactersEnd() throws {
        var reader = XMLReader(limits: .blobList)
        try reader.feed(Array("<é-x.y_1:z a='1'/>".utf8))
        reader.finish()
        guard case .start(let tag)? = try reader.next() else {
            Issue.record("no start tag")
            return
        }
        #expect(tag.name == "é-x.y_1:z")
        #expect(tag.attributes.map(\.name) == ["a"])
    }
}
