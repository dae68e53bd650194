import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Containers, deletes and description changes on the local directory target (the storage
/// account's Blob endpoint uses them).
@Suite struct TargetContainerTests {
    @Test func containersAreCreatedListedAndDeletedWithTheirBlobs() throws {
        let fixture = try TargetFixture("containers")
        defer { fixture.cleanup() }
        #expect(try fixture.target.containers().isEmpty)
        #expect(try fixture.target.createContainer("photos"))
        #expect(try !fixture.target.createContainer("photos"))
        try fixture.put("logs/2024/a.log", [1, 2, 3])   // publishing makes its container
        try fixture.put("logs/b.log", [4])
        #expect(try fixture.target.containers() == ["logs", "photos"])   // .iedrive is never one
        #expect(try fixture.target.containerExists("logs"))
        #expect(try !fixture.target.containerExists("nosuch"))

        #expect(try fixture.target.deleteContainer("logs"))
        #expect(try !fixture.target.deleteContainer("logs"))
        #expect(try fixture.target.containers() == ["photos"])
        #expect(try fixture.target.info(try BlobPath.parse("logs/b.log")) == nil)
        // Nothing is left in the trash.
        let trash = try FileManagerShim.entries(fixture.root + "/.iedrive/trash")
        #expect(trash.isEmpty)
    }

    @Test func aDeletedBlobIsGoneAndItsNeighboursStay() throws {
        let fixture = try TargetFixture("delete-blob")
        defer { fixture.cleanup() }
        try fixture.put("box/a/b", [1])
        try fixture.put("box/a/c", [2])
        let path = try BlobPath.parse("box/a/b")
        #expect(try fixture.target.delete(path))
        #expect(try !fixture.target.delete(path))
        #expect(try !fixture.target.exists(path))
        #expect(try fixture.allNames("box") == ["a/c"])
        #expect(try fixture.contents("box/a/c") == [2])
    }

    @Test func newPropertiesAndMetadataKeepTheBytes() throws {
        let fixture = try TargetFixture("describe")
        defer { fixture.cleanup() }
        try fixture.put("box/doc.txt", Array("hello".utf8), properties: BlobProperties(contentType: "text/plain"),
                        metadata: BlobMetadata(pairs: [.init(name: "owner", value: "ops")]))
        let path = try BlobPath.parse("box/doc.txt")
        let before = try #require(try fixture.target.info(path))
        #expect(try fixture.target.updateDescription(path, properties: BlobProperties(contentType: "text/markdown"),
                                                     metadata: BlobMetadata(pairs: [.init(name: "reviewed", value: "yes")])))
        let after = try #require(try fixture.target.info(path))
        #expect(after.properties.contentType == "text/markdown")
        #expect(after.metadata == BlobMetadata(pairs: [.init(name: "reviewed", value: "yes")]))
        #expect(after.properties.etag != before.properties.etag)   // a change is a new ETag, as in Azure
        #expect(try fixture.contents("box/doc.txt") == Array("hello".utf8))
        #expect(try !fixture.target.updateDescription(try BlobPath.parse("box/none"), properties: BlobProperties(),
                                                      metadata: BlobMetadata()))
    }
}

/// Directory entries for assertions (absent directory: none).
enum FileManagerShim {
    static func entries(_ path: String) throws -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    }
}
