import Glibc
@testable import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Staging, publishing with each disposition, read-back, and recovery of a local directory
/// target on a real file system (the scratch directory's, ext4 on this machine).
@Suite struct LocalDirectoryTargetTests {
    @Test func namedAcceptsPathsAndFileURLs() throws {
        #expect(try LocalDirectoryTarget.named("/srv/iedrive/target").root == "/srv/iedrive/target")
        #expect(try LocalDirectoryTarget.named("file:///srv/ie%20drive/t%C3%A9").root == "/srv/ie drive/té")
        #expect(try LocalDirectoryTarget.named("file://localhost/srv/x/").root == "/srv/x")
        #expect(LocalDirectoryTarget(root: "/srv/ie drive/").displayName == "file:///srv/ie%20drive")
        do {
            _ = try LocalDirectoryTarget.named("s3://bucket/prefix")
            Issue.record("s3 accepted")
        } catch {
            #expect(error.description.contains("'s3'") && error.description.contains("file://"))
            #expect(error.driveFailureState == .storageAccountNotAccessible)
        }
        #expect(throws: TargetError.self) { try LocalDirectoryTarget.named("file://otherhost/x") }
    }

    @Test func checkAccessRefusesMissingRootAndFile() throws {
        let fixture = try TargetFixture("access")
        defer { fixture.cleanup() }
        try fixture.target.checkAccess()
        let missing = LocalDirectoryTarget(root: fixture.root + "/nope")
        #expect { try missing.checkAccess() } throws: { error in
            guard case .notAccessible(let message) = error as? TargetError else { return false }
            return message.contains("does not exist")
        }
        #expect(throws: TargetError.self) { try missing.openStaging(StagedBlobID("x"), length: 1) }
        let file = fixture.root + "/plain"
        close(open(file, O_CREAT | O_WRONLY, 0o644))
        #expect { try LocalDirectoryTarget(root: file).checkAccess() } throws: { error in
            guard case .notAccessible(let message) = error as? TargetError else { return false }
            return message.contains("not a directory")
        }
        // The probe file is gone again.
        #expect(walk(fixture.root).filter { $0.path.hasPrefix(".iedrive/probe") }.isEmpty)
    }

    @Test func blobsAppearOnlyWhenPublished() throws {
        let fixture = try TargetFixture("visibility")
        defer { fixture.cleanup() }
        let path = try BlobPath.parse("photos/2024/a.jpg")
        try fixture.stage("s1", Array("hello".utf8))
        _ = try fixture.target.syncStaged([])
        #expect(try !fixture.target.exists(path))
        #expect(try fixture.target.info(path) == nil)
        #expect(try fixture.target.list(container: "photos", prefix: "", startAfter: nil, limit: 10).isEmpty)
        #expect(throws: TargetError.self) { try fixture.target.openBlob(path) }

        let outcomes = try fixture.target.publish([PublishRequest(staged: StagedBlobID("s1"), path: path, type: .block, length: 5)])
        #expect(outcomes == [PublishOutcome(requested: path, final: path, disposition: .created)])
        #expect(try fixture.target.exists(path))
        #expect(try fixture.contents("photos/2024/a.jpg") == Array("hello".utf8))
        #expect(try fixture.allNames("photos") == ["2024/a.jpg"])
        // Staging is consumed.
        #expect(walk(fixture.root + "/.iedrive/staging").isEmpty)
    }

    @Test func stagingSurvivesARestartAndReopensWithItsContent() throws {
        let fixture = try TargetFixture("resume")
        defer { fixture.cleanup() }
        let id = StagedBlobID("job-7/drive-ZA1B/blob-42")
        let first = try fixture.target.openStaging(id, length: 8_192)
        try writeAll(first, Array(repeating: 0xAB, count: 4_096), at: 0)
        close(first)
        _ = try fixture.target.syncStaged([])

        // A new target object shares nothing with the first but the directory: a restart.
        let restarted = LocalDirectoryTarget(root: fixture.root)
        let again = try restarted.openStaging(id, length: 8_192)
        let bytes = try readAll(again)
        close(again)
        #expect(bytes.count == 8_192)
        #expect(bytes[..<4_096].allSatisfy { $0 == 0xAB } && bytes[4_096...].allSatisfy { $0 == 0 })

        try restarted.discardStaging(id)
        try restarted.discardStaging(id)   // absent is fine
        let fresh = try restarted.openStaging(id, length: 16)
        #expect(try readAll(fresh) == Array(repeating: 0, count: 16))
        close(fresh)
    }

    @Test func propertiesAndMetadataReadBack() throws {
        let fixture = try TargetFixture("properties")
        defer { fixture.cleanup() }
        let md5 = MD5.digest(Array("payload".utf8))
        let properties = BlobProperties(lastModified: "ignored", etag: "ignored", contentLength: 99,
                                        contentType: "application/x-tar; charset=\"utf-8\"", contentMD5: md5,
                                        contentEncoding: "gzip", contentLanguage: "en-GB", cacheControl: "max-age=3600")
        let metadata = BlobMetadata(pairs: [.init(name: "Project", value: "harbor survey"), .init(name: "empty", value: ""),
                                            .init(name: "Path", value: "C:\\data\\x\ty"), .init(name: "Note", value: "ünïcödé ✓")])
        try fixture.put("box/archive.tar", Array("payload".utf8), properties: properties, metadata: metadata)
        let info = try #require(try fixture.target.info(try BlobPath.parse("box/archive.tar")))
        #expect(info.type == .block && info.length == 7)
        #expect(info.metadata == metadata)
        #expect(info.properties.importable == properties.importable)
        #expect(info.properties.contentMD5?.base64 == md5.base64)
        #expect(info.properties.contentLength == 7)
        let lastModified = try #require(info.properties.lastModified)
        #expect(lastModified.hasSuffix(" GMT") && lastModified != "ignored" && lastModified.count == 29)
        #expect(info.properties.etag?.hasPrefix("0x") == true)
        // list gives the same description.
        #expect(try fixture.target.list(container: "box", prefix: "", startAfter: nil, limit: 5) == [info])
    }

    @Test func pageBlobStagingKeepsHoles() throws {
        let fixture = try TargetFixture("sparse")
        defer { fixture.cleanup() }
        let length: UInt64 = 1 << 30
        let fd = try fixture.target.openStaging(StagedBlobID("vhd"), length: length)
        let page = [UInt8](repeating: 0x5A, count: 512)
        try writeAll(fd, page, at: 0)
        try writeAll(fd, page, at: 512 << 20)
        try writeAll(fd, page, at: length - 512)
        close(fd)
        _ = try fixture.target.syncStaged([])
        let path = try BlobPath.parse("disks/edge-node.vhd")
        _ = try fixture.target.publish([PublishRequest(staged: StagedBlobID("vhd"), path: path, type: .page, length: length)])
        let info = try #require(try fixture.target.info(path))
        #expect(info.type == .page && info.length == length)
        let blob = try fixture.target.openBlob(path)
        defer { close(blob) }
        var status = stat()
        fstat(blob, &status)
        #expect(UInt64(status.st_size) == length)
        #expect(status.st_blocks * 512 < 1 << 20, "allocated \(status.st_blocks * 512) bytes")
        var buffer = [UInt8](repeating: 1, count: 1_024)
        _ = buffer.withUnsafeMutableBytes { pread(blob, $0.baseAddress, 1_024, off_t(512 << 20) - 512) }
        #expect(buffer[..<512].allSatisfy { $0 == 0 } && buffer[512...].allSatisfy { $0 == 0x5A })
    }

    @Test func rootContainerBlobs() throws {
        let fixture = try TargetFixture("rootcontainer")
        defer { fixture.cleanup() }
        try fixture.put("$root/logo.bmp", [1, 2])
        try fixture.put("$root/index.html", [3])
        try fixture.put("$root/.hidden", [4])
        #expect(try fixture.allNames("$root") == [".hidden", "index.html", "logo.bmp"])
        #expect(try fixture.contents("$root/logo.bmp") == [1, 2])
        #expect(FileManagerless.exists(fixture.root + "/$root/logo.bmp~blob/data"))
    }

    @Test func anOldBlobLeftInStagingIsNotTakenForStagedBytes() throws {
        // An overwrite swaps the old blob into the staging directory, then removes it. If a
        // crash came in between, the next openStaging of that id must start empty.
        let fixture = try TargetFixture("swapped")
        defer { fixture.cleanup() }
        try fixture.put("box/old.bin", Array(repeating: 7, count: 100), id: "earlier")
        let staging = fixture.root + "/.iedrive/staging/" + StagingName.entry(for: StagedBlobID("later"))
        #expect(rename(fixture.root + "/box/old.bin~blob", staging) == 0)
        let fd = try fixture.target.openStaging(StagedBlobID("later"), length: 10)
        #expect(try readAll(fd) == Array(repeating: 0, count: 10))
        close(fd)
    }

    @Test func aBlobAndAFolderOfTheSameNameCoexist() throws {
        let fixture = try TargetFixture("fileanddir")
        defer { fixture.cleanup() }
        try fixture.put("box/a", [1])
        try fixture.put("box/a/b", [2])
        try fixture.put("box/a/b/c", [3])
        try fixture.put("box/a~blob", [4])
        #expect(try fixture.contents("box/a") == [1])
        #expect(try fixture.contents("box/a/b") == [2])
        #expect(try fixture.contents("box/a/b/c") == [3])
        #expect(try fixture.contents("box/a~blob") == [4])
        #expect(try fixture.allNames("box") == ["a", "a/b", "a/b/c", "a~blob"])
        #expect(try fixture.target.exists(try BlobPath.parse("box/a/b")))
        #expect(try !fixture.target.exists(try BlobPath.parse("box/a/b/c/d")))
    }
}

/// `access(2)`, so the tests need no Foundation.
enum FileManagerless {
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}
