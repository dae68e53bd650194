import Foundation
import IEDriveCopy
import IEDriveCore
@testable import IEDriveDaemon
import IEDriveStore
import IEDriveTestSupport
import Synchronization
import Testing

/// The import stage (manifest → read pipeline → copy engine → target → journal) without root:
/// fake drives on in-memory volumes, a real local directory target and a real SQLite journal in
/// a temporary directory. What the end-to-end tests prove through the binary and loop devices,
/// here stage by stage, both read paths (through the reader, and mapped from the device).
@Suite struct ImportStageTests {
    static let tree: [FakeDrive.File] = {
        var page = [UInt8](repeating: 0, count: 2 << 20)
        page.replaceSubrange(4096..<12288, with: testBytes(8192, seed: 7))
        page.replaceSubrange((1 << 20)..<((1 << 20) + 512), with: testBytes(512, seed: 8))
        var pageFile = FakeDrive.File("/disks/node.vhd", page)
        pageFile.pageBlob = true
        return [
            FakeDrive.File("/photos/big.raw", testBytes(3 << 20 + 12345, seed: 1)),
            FakeDrive.File("/photos/small.txt", Array("ten bytes!".utf8)),
            FakeDrive.File("/empty", []),
            FakeDrive.File("/Übergröße/日本語.txt", testBytes(70_000, seed: 2)),
            pageFile,
        ]
    }()

    @Test(arguments: [false, true])
    func copiesEveryBlobByteForByte(mapped: Bool) async throws {
        let bench = try StageBench("import-bytes")
        defer { bench.cleanup() }
        let (volume, _) = FakeDrive(files: Self.tree).volume(mapped: mapped)
        let run = try await bench.importDrive(volume)
        let summary = try #require(run.summary)
        #expect(summary.driveStatus == .completed)
        #expect(summary.blobsCompleted == Self.tree.count)
        #expect(summary.bytesCopied == summary.totalBytes)
        #expect(summary.bytesReadDirectly == (mapped ? summary.totalBytes : 0))
        for file in Self.tree {
            #expect(try bench.blobBytes("import" + file.path) == file.bytes, "\(file.path)")
        }
        #expect(run.progress.last?.percentComplete == 100)
        #expect(run.progress.map(\.bytesSucceeded) == run.progress.map(\.bytesSucceeded).sorted())
        let mapRequests = volume.requests.filter { if case .map = $0 { true } else { false } }
        #expect(mapped ? !mapRequests.isEmpty : mapRequests.isEmpty)
    }

    /// On a plain volume a file the reader cannot map (resident, compressed) is read through
    /// the reader after all, the others from the device.
    @Test func anUnmappableFileIsReadThroughTheReader() async throws {
        let bench = try StageBench("import-unmappable")
        defer { bench.cleanup() }
        let files = [FakeDrive.File("/mapped.bin", testBytes(300_000, seed: 1)), FakeDrive.File("/resident.bin", testBytes(700, seed: 2))]
        let (volume, _) = FakeDrive(files: files).volume(mapped: true)
        volume.makeUnmappable("/resident.bin")
        let run = try await bench.importDrive(volume)
        #expect(run.summary?.driveStatus == .completed)
        #expect(run.summary?.bytesReadDirectly == 300_000)
        for file in files { #expect(try bench.blobBytes("import" + file.path) == file.bytes) }
        let reads = volume.requests.compactMap { request -> String? in if case .read(let range) = request { range.path } else { nil } }
        #expect(reads.contains("/resident.bin") && !reads.contains("/mapped.bin"))
    }

    @Test func dispositionsDecideAboutBlobsThatExist() async throws {
        let bench = try StageBench("import-dispositions")
        defer { bench.cleanup() }
        let first = FakeDrive(driveId: "DRIVE01", files: ["/a.txt", "/b.txt", "/c.txt"].map { FakeDrive.File($0, Array("first \($0)".utf8)) })
        _ = try await bench.importDrive(first.volume().volume)

        var second = FakeDrive(driveId: "DRIVE02", files: ["/a.txt", "/b.txt", "/c.txt"].map { FakeDrive.File($0, Array("second \($0)".utf8)) })
        second.files[0].disposition = "rename"
        second.files[1].disposition = "no-overwrite"
        second.files[2].disposition = "overwrite"
        let run = try await bench.importDrive(second.volume().volume)

        #expect(run.summary?.driveStatus == .completedWithWarnings)
        #expect(try bench.blobBytes("import/a.txt") == Array("first /a.txt".utf8))
        let renamed = try #require(run.blobs.first { $0.filePath == "\\a.txt" }?.blobPath)
        #expect(renamed != "import/a.txt")
        #expect(try bench.blobBytes(renamed) == Array("second /a.txt".utf8))
        #expect(try bench.blobBytes("import/b.txt") == Array("first /b.txt".utf8))
        #expect(run.blobs.first { $0.filePath == "\\b.txt" }?.disposition?.status == .skipped)
        #expect(try bench.blobBytes("import/c.txt") == Array("second /c.txt".utf8))
        #expect(run.blobs.first { $0.filePath == "\\c.txt" }?.disposition?.status == .overwritten)
    }

    @Test(arguments: [false, true])
    func everyPerFileErrorFailsOnlyItsBlob(mapped: Bool) async throws {
        let bench = try StageBench("import-file-errors")
        defer { bench.cleanup() }
        var missing = FakeDrive.File("/missing.bin", testBytes(1000, seed: 3))
        missing.missing = true
        var corrupt = FakeDrive.File("/corrupt.bin", testBytes(2 << 20, seed: 4))
        corrupt.wrongHashAt = 1 << 20
        var short = FakeDrive.File("/short.bin", testBytes(5000, seed: 5))
        short.describedLength = 9000
        let drive = FakeDrive(files: [
            FakeDrive.File("/good.bin", testBytes(3000, seed: 6)), missing, corrupt, short,
            FakeDrive.File("/denied.bin", testBytes(100, seed: 9)), FakeDrive.File("/folder", testBytes(10, seed: 10)),
        ])
        let (volume, _) = drive.volume(mapped: mapped)
        volume.fail("/denied.bin", with: ReaderFailure(.badRequest, "Access is denied.", path: "/denied.bin"))
        volume.removeFile("/folder")
        volume.addDirectory("/folder")

        let run = try await bench.importDrive(volume)

        #expect(run.summary?.driveStatus == .completedWithErrors)
        #expect(run.status(of: "\\good.bin") == .completed)
        #expect(run.status(of: "\\missing.bin") == .fileNotFound)
        #expect(run.status(of: "\\corrupt.bin") == .completedWithErrors)
        #expect(run.blobs.first { $0.filePath == "\\corrupt.bin" }?.pieces?.items.first { $0.offset == 1 << 20 }?.status == .corrupted)
        #expect(run.status(of: "\\short.bin") == .completedWithErrors)
        #expect(run.blobs.first { $0.filePath == "\\short.bin" }?.pieces?.items.contains { $0.status == .fileUnexpectedEnd } == true)
        #expect(run.status(of: "\\denied.bin") == .fileAccessDenied)
        #expect(run.status(of: "\\folder") == .fileNotFound)
        // Only the intact blob is published.
        #expect(try bench.blobNames() == ["good.bin"])
        #expect(try bench.blobBytes("import/good.bin") == drive.files[0].bytes)
    }

    @Test func aFailingDeviceFailsTheDriveAndKeepsWhatWasCopied() async throws {
        let bench = try StageBench("import-device-error")
        defer { bench.cleanup() }
        let files = (0..<6).map { FakeDrive.File("/f\($0).bin", testBytes(1 << 20, seed: UInt64($0))) }
        let (volume, _) = FakeDrive(files: files).volume(mapped: true)
        let device = try #require(volume.device)
        device.failReads(in: (device.size - (3 << 20))..<device.size, errno: 5)
        await #expect {
            _ = try await bench.importDrive(volume, options: ImportOptions(copy: CopyOptions(commitBytes: 1 << 20)))
        } throws: { error in
            (error as? DriveFailure)?.state == .hardwareError
        }
        // What was copied before the bad sectors was made durable and journaled: a second run
        // (the drive mended, a new session) does not copy it again.
        let run = try await bench.importDrive(FakeDrive(files: files).volume(mapped: true).volume)
        let summary = try #require(run.summary)
        #expect(summary.driveStatus == .completed)
        #expect(summary.bytesCopied < summary.totalBytes)
        for file in files { #expect(try bench.blobBytes("import" + file.path) == file.bytes) }
    }

    @Test func aDeadReaderIsDiskCorrupted() async throws {
        let bench = try StageBench("import-reader-dies")
        defer { bench.cleanup() }
        let (volume, _) = FakeDrive(files: [FakeDrive.File("/a.bin", testBytes(5000, seed: 1))]).volume()
        volume.fail("/a.bin", with: ReaderFailure(.readerCrashed, "the reader died"))
        await #expect {
            _ = try await bench.importDrive(volume)
        } throws: { error in
            (error as? DriveFailure)?.state == .diskCorrupted
        }
    }

    @Test(arguments: [false, true])
    func aStoppedCopyResumesFromItsJournal(mapped: Bool) async throws {
        let bench = try StageBench("import-resume")
        defer { bench.cleanup() }
        let files = (0..<8).map { FakeDrive.File("/f\($0).bin", testBytes(1 << 20, seed: UInt64($0) + 20)) }
        let drive = FakeDrive(files: files, blockSize: 256 << 10)
        let (volume, _) = drive.volume(mapped: mapped)
        let pieces = Counter()
        var stopping = CopyOptions(piecesInFlight: 2, commitBytes: 512 << 10, commitSeconds: 3600)
        stopping.stopRequested = { pieces.increment() > 12 }
        await #expect(throws: CopyStopped.self) {
            _ = try await bench.importDrive(volume, options: ImportOptions(copy: stopping))
        }
        // The next session is a new reader: a fresh volume of the same drive.
        let run = try await bench.importDrive(drive.volume(mapped: mapped).volume)
        let summary = try #require(run.summary)
        #expect(summary.driveStatus == .completed)
        #expect(summary.bytesResumed > 0)
        #expect(summary.bytesCopied + summary.bytesResumed == summary.totalBytes)
        #expect(summary.bytesCopied < summary.totalBytes)
        for file in files { #expect(try bench.blobBytes("import" + file.path) == file.bytes) }
    }

    /// A copy given up (a fresh journal for the same drive): its staging is reclaimed when the
    /// next copy of the drive begins, so a retry has the room the first one took.
    @Test(arguments: [false, true])
    func anAbandonedCopysStagingIsReclaimed(mapped: Bool) async throws {
        let bench = try StageBench("import-reclaim")
        defer { bench.cleanup() }
        let files = (0..<6).map { FakeDrive.File("/f\($0).bin", testBytes(1 << 20, seed: UInt64($0) + 40)) }
        let drive = FakeDrive(files: files, blockSize: 256 << 10)
        let pieces = Counter()
        var stopping = CopyOptions(piecesInFlight: 2, commitBytes: 1 << 30, commitSeconds: 3600)
        stopping.stopRequested = { pieces.increment() > 10 }
        await #expect(throws: CopyStopped.self) {
            _ = try await bench.importDrive(drive.volume(mapped: mapped).volume, options: ImportOptions(copy: stopping))
        }
        let staging = bench.directory.file("target/.iedrive/staging")
        let left = try FileManager.default.contentsOfDirectory(atPath: staging)
        #expect(!left.isEmpty, "the stopped copy kept its staging for a resume")

        // The same drive, another journal: a new copy.
        let fresh = StageBench(directory: bench.directory, target: bench.target,
                               database: try StateDatabase(path: bench.directory.file("fresh.sqlite")))
        let run = try await fresh.importDrive(drive.volume(mapped: mapped).volume)
        #expect(run.summary?.driveStatus == .completed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: staging).isEmpty)
        for file in files { #expect(try bench.blobBytes("import" + file.path) == file.bytes) }
    }

    @Test func metadataAndPropertiesTravelWithTheBlob() async throws {
        let bench = try StageBench("import-attachments")
        defer { bench.cleanup() }
        let metadata = Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Metadata><Project>harbor</Project></Metadata>
            """.utf8)
        let properties = Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Properties><Content-Type>image/jpeg</Content-Type></Properties>
            """.utf8)
        var files = (0..<3).map { FakeDrive.File("/img\($0).jpg", testBytes(4000, seed: UInt64($0))) }
        for index in files.indices {
            files[index].metadata = ("/meta.xml", metadata)
            files[index].properties = ("/props.xml", properties)
        }
        let (volume, _) = FakeDrive(files: files).volume()
        let run = try await bench.importDrive(volume)
        #expect(run.summary?.driveStatus == .completed)
        let info = try #require(try bench.blobInfo("import/img1.jpg"))
        #expect(info.metadata.pairs.first { $0.name == "Project" }?.value == "harbor")
        #expect(info.properties.contentType == "image/jpeg")
        // One read of each shared file for the whole drive.
        let reads = volume.requests.filter { if case .read(let range) = $0 { range.path == "/meta.xml" } else { false } }
        #expect(reads.count == 1)
    }
}

/// A thread-safe counter for closures the copy calls.
final class Counter: Sendable {
    private let value = Atomic<Int>(0)

    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}
