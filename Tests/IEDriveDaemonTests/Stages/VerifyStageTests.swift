import IEDriveCopy
import IEDriveCore
@testable import IEDriveDaemon
import IEDriveTestSupport
import Testing

/// The verify stage without root: the same read pipeline as the copy, hash only.
@Suite struct VerifyStageTests {
    func verify(_ volume: any VolumeReader, full: Bool, driveID: String? = nil) async throws -> (VerifySummary, [BlobCheck]) {
        var checks: [BlobCheck] = []
        let summary = try await DriveVerifier(volume: volume, options: VerifyOptions(full: full, driveID: driveID))
            .run { checks.append($0) }
        return (summary, checks)
    }

    @Test(arguments: [false, true])
    func aGoodDriveChecksOut(full: Bool) async throws {
        let (volume, _) = FakeDrive(files: ImportStageTests.tree).volume()
        let (summary, checks) = try await verify(volume, full: full)
        #expect(summary.driveStatus == .completed)
        #expect(checks.count == ImportStageTests.tree.count)
        #expect(checks.allSatisfy { $0.status == .completed })
        #expect(checks.map(\.blob.index) == Array(0..<checks.count))
        let pieceBytes = ImportStageTests.tree.reduce(UInt64(0)) { total, file in
            total + (file.pageBlob ? FakeDrive.pageRanges(file.bytes).reduce(0) { $0 + UInt64($1.length) } : UInt64(file.bytes.count))
        }
        #expect(summary.bytesVerified == (full ? pieceBytes : 0))
        // Without --full nothing is read but the manifest: files are only looked up.
        let reads = volume.requests.filter { if case .read(let range) = $0 { range.path != "/DriveManifest.xml" } else { false } }
        #expect(full ? !reads.isEmpty : reads.isEmpty)
    }

    @Test func problemsAreFoundPerBlob() async throws {
        var missing = FakeDrive.File("/missing.bin", testBytes(1000, seed: 3))
        missing.missing = true
        var corrupt = FakeDrive.File("/corrupt.bin", testBytes(2 << 20, seed: 4))
        corrupt.wrongHashAt = 0
        var short = FakeDrive.File("/short.bin", testBytes(5000, seed: 5))
        short.describedLength = 9000
        let (volume, _) = FakeDrive(files: [FakeDrive.File("/good.bin", testBytes(10, seed: 1)), missing, corrupt, short]).volume()
        let (summary, checks) = try await verify(volume, full: true)
        #expect(summary.driveStatus == .completedWithErrors)
        #expect(summary.blobsWithErrors == 3)
        let byPath = Dictionary(uniqueKeysWithValues: checks.map { ($0.blob.filePathText, $0) })
        #expect(byPath["\\good.bin"]?.status == .completed)
        #expect(byPath["\\missing.bin"]?.status == .fileNotFound)
        #expect(byPath["\\corrupt.bin"]?.status == .completedWithErrors)
        #expect(byPath["\\corrupt.bin"]?.pieces.first?.status == .corrupted)
        #expect(byPath["\\short.bin"]?.pieces.contains { $0.status == .fileUnexpectedEnd } == true)
    }

    /// Verify and import read a drive through the same pipeline, and so agree on every blob.
    @Test(arguments: [false, true])
    func verifyAndImportAgree(mapped: Bool) async throws {
        let bench = try StageBench("verify-import-agree")
        defer { bench.cleanup() }
        var missing = FakeDrive.File("/missing.bin", testBytes(1000, seed: 3))
        missing.missing = true
        var corrupt = FakeDrive.File("/corrupt.bin", testBytes(300_000, seed: 4))
        corrupt.wrongHashAt = 0
        var short = FakeDrive.File("/short.bin", testBytes(5000, seed: 5))
        short.describedLength = 9000
        let drive = FakeDrive(files: [FakeDrive.File("/good.bin", testBytes(10, seed: 1)), missing, corrupt, short,
                                      FakeDrive.File("/denied.bin", testBytes(10, seed: 2))])
        let (volume, _) = drive.volume(mapped: mapped)
        volume.fail("/denied.bin", with: ReaderFailure(.badRequest, "Access is denied."))
        let (summary, checks) = try await verify(volume, full: true)
        let run = try await bench.importDrive(volume)
        #expect(run.summary?.driveStatus == summary.driveStatus)
        for check in checks {
            #expect(run.status(of: check.blob.filePathText) == check.status, "\(check.blob.filePathText)")
        }
    }

    @Test func aDeadReaderFailsTheDrive() async throws {
        let (volume, _) = FakeDrive(files: [FakeDrive.File("/a.bin", testBytes(5000, seed: 1))]).volume()
        volume.fail("/a.bin", with: ReaderFailure(.deviceReadError, "Input/output error", errno: 5))
        await #expect {
            _ = try await verify(volume, full: true)
        } throws: { error in
            (error as? DriveFailure)?.state == .hardwareError
        }
    }
}
