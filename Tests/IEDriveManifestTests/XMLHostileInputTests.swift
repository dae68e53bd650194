@testable import IEDriveManifest
import Testing

/// Documents built to hurt a parser. Each is refused with the right error, and — the point of
/// "quickly" without a timing assertion — after reading only a bounded number of bytes: the
/// input is fed in small chunks and the refusal must come before the end of the attack.
@Suite("XML reader: hostile input is refused in bounded memory")
struct XMLHostileInputTests {
    /// Feeds `bytes` in `chunk`-sized pieces and returns the error with how many bytes had been
    /// fed when it came.
    func refusal(_ bytes: some Sequence<UInt8>, chunk: Int = 64, limits: XMLLimits = .manifest) -> (XMLError, fed: Int)? {
        var reader = XMLReader(limits: limits)
        var fed = 0
        var pending: [UInt8] = []
        pending.reserveCapacity(chunk)
        func step(_ piece: [UInt8]) throws(XMLError) {
            try reader.feed(piece)
            fed += piece.count
            while try reader.next() != nil {}
        }
        do {
            for byte in bytes {
                pending.append(byte)
                if pending.count == chunk {
                    try step(pending)
                    pending.removeAll(keepingCapacity: true)
                }
            }
            try step(pending)
            reader.finish()
            while try reader.next() != nil {}
            return nil
        } catch {
            return (error, fed)
        }
    }

    static let billionLaughs = """
    <?xml version="1.0"?>
    <!DOCTYPE lolz [
     <!ENTITY lol "lol">
     <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
     <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
     <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
    ]>
    <DriveManifest Version="2014-11-01">&lol9;</DriveManifest>
    """

    @Test func billionLaughsIsRefusedAtTheDoctype() throws {
        let (error, fed) = try #require(refusal(Self.billionLaughs.utf8, chunk: 1))
        #expect(error.kind == .doctypeForbidden)
        #expect(error.line == 2 && error.column == 1)
        #expect(fed <= 22 + 3, "refused after \(fed) bytes: at '<!D', before any declaration is read")
    }

    @Test(arguments: [
        "<!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><r>&xxe;</r>",
        "<!DOCTYPE r SYSTEM \"http://example.invalid/evil.dtd\"><r/>",
        "<!DOCTYPE r [<!ENTITY % p SYSTEM \"http://example.invalid/p.dtd\"> %p;]><r/>",
        "<r><!ENTITY x \"y\"></r>",
        "<r><![INCLUDE[ <a/> ]]></r>",
        "<!ELEMENT r ANY><r/>",
    ])
    func declarationsOfAnyKindAreRefused(document: String) throws {
        let (error, fed) = try #require(refusal(document.utf8, chunk: 1))
        #expect(error.kind == .doctypeForbidden, "\(error)")
        let opener = document.utf8.firstIndex(of: 0x21).map { document.utf8.distance(from: document.utf8.startIndex, to: $0) } ?? 0
        // Refused within two bytes after '<!' (four at the very start, where the encoding is sniffed first).
        #expect(fed <= max(4, opener + 3))
    }

    @Test func entityWithoutDeclarationIsUndefined() throws {
        let error = try #require(xmlError("<r>&xxe;</r>"))
        #expect(error.kind == .undefinedEntity)
        #expect(error.column == 4)
    }

    @Test func deepNestingStopsAtTheDepthLimit() throws {
        let deep = repeatElement(Array("<a>".utf8), count: 1_000_000).joined()
        let (error, fed) = try #require(refusal(deep, chunk: 4_096))
        #expect(error.kind == .limitExceeded(.depth))
        #expect(fed <= 4_096, "refused within the first chunk, not after 3 MB")
        #expect(error.location.elementPath.split(separator: "/").count == XMLLimits.manifest.maxDepth)
    }

    @Test func hugeAttributeIsRefusedBeforeItIsBuffered() throws {
        let attack = Attack(prefix: "<DriveManifest Version=\"", repeating: UInt8(ascii: "A"), count: 50_000_000)
        let (error, fed) = try #require(refusal(attack, chunk: 65_536))
        #expect(error.kind == .limitExceeded(.markupBytes))
        #expect(fed <= XMLLimits.manifest.maxMarkupBytes + 65_536)
        let small = "<r a=\"" + String(repeating: "v", count: 2_000) + "\"/>"
        #expect(xmlError(small)?.kind == .limitExceeded(.attributeValueBytes))
    }

    @Test func hugeTextNodeIsRefusedBeforeItIsBuffered() throws {
        let attack = Attack(prefix: "<DriveManifest><Drive><DriveId>", repeating: UInt8(ascii: "9"), count: 2_000_000_000)
        let (error, fed) = try #require(refusal(attack, chunk: 1 << 20))
        #expect(error.kind == .limitExceeded(.textBytes))
        #expect(fed <= XMLLimits.manifest.maxTextBytes + (1 << 20), "2 GB of text refused after \(fed) bytes")
    }

    @Test func oversizedDocumentIsRefusedAtTheCap() throws {
        var limits = XMLLimits.manifest
        limits.maxDocumentBytes = 10_000
        let body = "<r>" + String(repeating: "<x/>", count: 10_000) + "</r>"
        let (error, fed) = try #require(refusal(body.utf8, chunk: 1_000, limits: limits))
        #expect(error.kind == .limitExceeded(.documentBytes))
        #expect(fed == 10_000)
    }

    @Test func tooManyAttributesAndLongNames() throws {
        let attributes = (0..<9).map { " a\($0)=\"1\"" }.joined()
        #expect(xmlError("<r\(attributes)/>")?.kind == .limitExceeded(.attributes))
        #expect(xmlError("<" + String(repeating: "n", count: 65) + "/>")?.kind == .limitExceeded(.nameBytes))
    }

    @Test(arguments: [
        ([0x3C, 0x72, 0x3E, 0xC3, 0x28, 0x3C, 0x2F, 0x72, 0x3E], 4),          // truncated 2-byte sequence
        ([0x3C, 0x72, 0x3E, 0xC0, 0xAF, 0x3C, 0x2F, 0x72, 0x3E], 4),          // overlong '/'
        ([0x3C, 0x72, 0x3E, 0xED, 0xA0, 0x80, 0x3C, 0x2F, 0x72, 0x3E], 4),    // UTF-16 surrogate
        ([0x3C, 0x72, 0x3E, 0xF4, 0x90, 0x80, 0x80, 0x3C, 0x2F, 0x72, 0x3E], 4), // above U+10FFFF
        ([0x3C, 0x72, 0x20, 0x61, 0x3D, 0x22, 0xFF, 0x22, 0x2F, 0x3E], 7),    // 0xFF in an attribute
    ] as [([UInt8], Int)])
    func invalidUTF8IsRefusedWhereItIs(bytes: [UInt8], column: Int) throws {
        let error = try #require(xmlError(bytes))
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 1 && error.column == column)
    }

    @Test func utf16AndOtherEncodingsAreRefused() throws {
        let utf16LE: [UInt8] = [0xFF, 0xFE] + "<r/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf16BE: [UInt8] = [0xFE, 0xFF] + "<r/>".utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        let noBOM: [UInt8] = "<r/>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let utf32: [UInt8] = [0xFF, 0xFE, 0x00, 0x00, 0x3C, 0, 0, 0]
        for bytes in [utf16LE, utf16BE, noBOM, utf32] {
            let error = try #require(xmlError(bytes, chunkSizes: [1]))
            #expect(error.kind == .unsupportedEncoding)
            #expect(error.line == 1 && error.column == 1)
        }
        let latin1 = try #require(xmlError("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r/>"))
        #expect(latin1.kind == .unsupportedEncoding)
        #expect(latin1.message.contains("ISO-8859-1"))
        #expect(xmlError("<?xml version=\"1.0\" encoding=\"utf-8\"?><r/>") == nil)
    }

    @Test func forbiddenCharacters() throws {
        #expect(xmlError([0x3C, 0x72, 0x3E, 0x01, 0x3C, 0x2F, 0x72, 0x3E])?.kind == .invalidCharacter)
        #expect(xmlError("<r>&#0;</r>")?.kind == .invalidCharacter)
        #expect(xmlError("<r>&#xFFFE;</r>")?.kind == .invalidCharacter)
        #expect(xmlError("<r>&#xD800;</r>")?.kind == .invalidCharacter)
        #expect(xmlError("<r>\u{FFFF}</r>")?.kind == .invalidCharacter)
    }

    @Test func unfinishedMarkupAtTheEndOfAHugeComment() throws {
        let attack = Attack(prefix: "<r><!--", repeating: UInt8(ascii: "-"), count: 10_000_000)
        let (error, _) = try #require(refusal(attack, chunk: 1 << 16))
        #expect(error.kind == .limitExceeded(.markupBytes))
    }
}

/// A prefix followed by one byte repeated `count` times, generated lazily: the attacks are
/// gigabytes long, the test must not be.
struct Attack: Sequence {
    var prefix: String
    var repeating: UInt8
    var count: Int

    func makeIterator() -> some IteratorProtocol<UInt8> {
        [AnySequence(prefix.utf8), AnySequence(repeatElement(repeating, count: count))].joined().makeIterator()
    }
}
