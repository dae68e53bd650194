import IEDriveCopy
import IEDriveCore
import IEDriveSystem
import IEDriveTestSupport
import Testing

/// Faults injected into the local directory target's system calls reach its callers as the
/// TargetError their errno means, with the call and subject in the message.
@Suite struct LocalDirectoryTargetFaultTests {
    @Test func syncfsOutOfSpaceIsATargetFull() throws {
        let directory = try TestEnvironment.temporaryDirectory("fault-syncfs")
        defer { directory.cleanup() }
        let target = LocalDirectoryTarget(root: directory.path)
        let faults = SystemCallFaults(failing: "syncfs", with: .noSpace)
        let error = SystemCallFaults.$current.withValue(faults) {
            #expect(throws: TargetError.self) { try target.syncStaged([]) }
        }
        guard case .full(let message) = error else {
            Issue.record("expected .full, got \(String(describing: error))")
            return
        }
        #expect(message.contains("flushing staged blobs (syncfs \(directory.path)) at \(target.displayName) failed: No space left on device"))
        #expect(faults.injected == ["syncfs \(directory.path)"])
        _ = try target.syncStaged([])   // the fault was the test's, not the file system's
    }

    @Test func aStagingFileThatCannotBeSizedIsAnIOError() throws {
        let directory = try TestEnvironment.temporaryDirectory("fault-staging")
        defer { directory.cleanup() }
        let target = LocalDirectoryTarget(root: directory.path)
        let faults = SystemCallFaults(failing: "ftruncate", with: .ioError)
        let error = SystemCallFaults.$current.withValue(faults) {
            #expect(throws: TargetError.self) { try target.stage(StagedBlobID(rawValue: "blob-1"), length: 4096, expectsLargeWrites: false).createNow() }
        }
        guard case .io(let message, let errno) = error else {
            Issue.record("expected .io, got \(String(describing: error))")
            return
        }
        #expect(errno == Errno.ioError.rawValue)
        #expect(message.contains("(ftruncate "))
        #expect(message.contains("Input/output error"))
    }

    @Test func aSmallBlobWrittenIntoAFullFileSystemIsATargetFull() throws {
        let directory = try TestEnvironment.temporaryDirectory("fault-write")
        defer { directory.cleanup() }
        let target = LocalDirectoryTarget(root: directory.path)
        let path = try BlobPath.parse("logs/drive.xml")
        let faults = SystemCallFaults(failing: "pwrite", with: .diskQuotaExceeded)
        let error = SystemCallFaults.$current.withValue(faults) {
            #expect(throws: TargetError.self) {
                try target.putSmallBlob(Array("<log/>".utf8), at: path, stagedAs: StagedBlobID(rawValue: "log-1"))
            }
        }
        guard case .full = error else {
            Issue.record("expected .full, got \(String(describing: error))")
            return
        }
        #expect(try !target.exists(path))
    }

    @Test func aFileSystemWithoutRenameNoReplaceStillPublishes() throws {
        let directory = try TestEnvironment.temporaryDirectory("fault-noreplace")
        defer { directory.cleanup() }
        let target = LocalDirectoryTarget(root: directory.path)
        let path = try BlobPath.parse("container/blob")
        // The first renameat2 (RENAME_NOREPLACE) fails as on a file system that lacks it; the
        // target falls back to a plain rename.
        let faults = SystemCallFaults(failing: "renameat2", with: .invalidArgument, times: 1)
        try SystemCallFaults.$current.withValue(faults) {
            try target.putSmallBlob(Array("bytes".utf8), at: path, stagedAs: StagedBlobID(rawValue: "blob-2"))
        }
        #expect(faults.injected.count == 1)
        #expect(try target.exists(path))
        #expect(try target.info(path)?.length == 5)
    }

    @Test func aPublishThatCannotRenameIsAnIOErrorAndPublishesNothing() throws {
        let directory = try TestEnvironment.temporaryDirectory("fault-rename")
        defer { directory.cleanup() }
        let target = LocalDirectoryTarget(root: directory.path)
        let path = try BlobPath.parse("container/blob")
        let faults = SystemCallFaults(failing: "renameat2", with: .ioError)
        let error = SystemCallFaults.$current.withValue(faults) {
            #expect(throws: TargetError.self) {
                try target.putSmallBlob(Array("bytes".utf8), at: path, stagedAs: StagedBlobID(rawValue: "blob-3"))
            }
        }
        guard case .io(let message, _) = error else {
            Issue.record("expected .io, got \(String(describing: error))")
            return
        }
        #expect(message.contains("(renameat2 "))
        #expect(try !target.exists(path))
    }
}
