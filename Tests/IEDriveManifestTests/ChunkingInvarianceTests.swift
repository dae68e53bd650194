import IEDriveCore
@testable import IEDriveManifest
import Testing

/// Property: the reader's events (and errors) and the validator's items do not depend on where
/// the input is cut into chunks. Checked over many seeded random cuttings plus the extremes.
@Suite("Chunking invariance")
struct ChunkingInvarianceTests {
    static let tricky = "\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- c --><root a=\"x&amp;y\" b='1\r\n2'>\r\ntext é 😀 &#x1F600; &lt;"
        + "<![CDATA[ ]] ]]]><e/><?pi x?>\r<ü ß=\"ö\">tail</ü></root>\n<!-- end -->\n"

    static let documents = [tricky, SpecExamples.importManifest, SpecExamples.exportManifest, SpecExamples.verboseLog,
                            SpecExamples.blobListFile, SpecExamples.metadataFile]

    func randomCuts(_ count: Int, seed: UInt64) -> [Int] {
        var generator = SplitMix64(seed: seed)
        return (0..<64).map { _ in Int.random(in: 1...max(1, count / 3), using: &generator) }
    }

    @Test(arguments: 0..<documents.count)
    func readerEventsDoNotDependOnChunks(index: Int) throws {
        let bytes = Array(Self.documents[index].utf8)
        let whole = try xmlEvents(bytes, limits: .driveLog)
        #expect(try xmlEvents(bytes, chunkSizes: [1], limits: .driveLog) == whole)
        for seed in UInt64(1)...200 {
            let cuts = randomCuts(bytes.count, seed: seed)
            #expect(try xmlEvents(bytes, chunkSizes: cuts, limits: .driveLog) == whole, "seed \(seed)")
        }
    }

    @Test func errorsDoNotDependOnChunks() throws {
        let broken = Array((Self.tricky.replacing("tail", with: "ta\u{1}il")).utf8)
        let whole = try #require(xmlError(broken))
        for seed in UInt64(1)...200 {
            let error = try #require(xmlError(broken, chunkSizes: randomCuts(broken.count, seed: seed)))
            #expect(error == whole, "seed \(seed)")
        }
        #expect(xmlError(broken, chunkSizes: [1]) == whole)
    }

    @Test func validatorItemsDoNotDependOnChunks() throws {
        let bytes = Array(SpecExamples.importManifest.utf8)
        let whole = try ManifestValidator.validate(bytes)
        for seed in UInt64(1)...100 {
            var generator = SplitMix64(seed: seed)
            var chunks: [ArraySlice<UInt8>] = []
            var offset = 0
            while offset < bytes.count {
                let size = min(Int.random(in: 1...97, using: &generator), bytes.count - offset)
                chunks.append(bytes[offset..<(offset + size)])
                offset += size
            }
            var blobs: [ManifestBlob] = []
            let summary = try ManifestValidator.validate(chunks: chunks) { item in
                if case .blob(let blob) = item { blobs.append(blob) }
            }
            #expect(blobs == whole.blobs, "seed \(seed)")
            #expect(summary == whole.summary, "seed \(seed)")
        }
    }
}
