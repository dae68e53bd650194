import IEDriveCore
import IEDriveManifest
import Testing

@Suite("Manifest: the spec's examples")
struct ManifestExampleTests {
    @Test func importExampleOfSection10() throws {
        let manifest = try validManifest(SpecExamples.importManifest)
        #expect(manifest.header == ManifestHeader(version: "2014-11-01", driveId: "ZA1B2C3D",
                                                  credential: .storageAccountKey, clientCreator: "iedrive example"))
        #expect(manifest.blobs.count == 2)

        let survey = manifest.blobs[0]
        #expect(survey.blobPath?.text == "surveys/harbor/survey.bin")
        #expect(survey.filePath?.components == ["s1", "harbor", "survey.bin"])
        #expect(survey.filePath?.displayPath == #"\s1\harbor\survey.bin"#)
        #expect(survey.length == 10_498_105)
        #expect(survey.type == .block)
        #expect(survey.disposition == .noOverwrite)
        #expect(survey.clientData == "batch 7")
        #expect(survey.pieces.map(\.offset) == [0, 4_194_304, 8_388_608])
        #expect(survey.pieces.map { $0.blockID?.bytes } == ["blk0000000", "blk0000001", "blk0000002"].map { Array($0.utf8) })
        #expect(survey.pieces[2].md5.hex == "DCF47FFCE9832FCA74CE4711AF70850A")
        #expect(survey.metadata?.scope == .list)
        #expect(survey.metadata?.path?.displayPath == #"\s1\meta.xml"#)
        #expect(survey.metadata?.md5.hex == "4C56AC8A6227E8D2E199323BBCCE8702")
        #expect(survey.problem == nil)
        #expect(survey.line == 9)

        let vhd = manifest.blobs[1]
        #expect(vhd.type == .page)
        #expect(vhd.disposition == .rename)
        #expect(vhd.importDisposition == nil)
        #expect(vhd.pieces.map(\.end) == [65_536, 5_242_880, 8_388_608])
        #expect(vhd.metadata?.scope == .list)
        #expect(manifest.summary.totalBlobBytes == 10_498_105 + 8_388_608)
    }

    @Test func exportExampleOfSection11() throws {
        let manifest = try validManifest(SpecExamples.exportManifest)
        #expect(manifest.header.credential == .none)
        #expect(manifest.header.clientCreator == "Windows Azure Import/Export service")
        let blob = try #require(manifest.blobs.first)
        #expect(blob.pieces.first?.blockID?.bytes == [0, 0, 0, 0])
        #expect(blob.properties?.scope == .blob)
        #expect(blob.properties?.text == #"\archive\2019\q4.tar.properties"#)
        #expect(blob.properties?.md5 == MD5Digest(base16: "c9e77e097402aeeb02bb224ef3b720bd"))
    }

    @Test func headerComesFirstThenBlobsOneByOne() throws {
        var items: [String] = []
        _ = try ManifestValidator.validate(chunks: [Array(SpecExamples.importManifest.utf8)]) { item in
            switch item {
            case .header(let header): items.append("header \(header.driveId)")
            case .blob(let blob): items.append("blob \(blob.index) \(blob.blobPathText)")
            }
        }
        #expect(items == ["header ZA1B2C3D", "blob 0 surveys/harbor/survey.bin", "blob 1 disks/edge-node.vhd"])
    }
}
