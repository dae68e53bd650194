import IEDriveCore
import IEDriveS3
@testable import IEDriveS3Target
import IEDriveTestSupport
import Testing

/// The S3 target when its store does not answer (a loopback port nothing listens on): a part
/// that cannot go up fails the staged blob, every later write says so, and the same id staged
/// again starts afresh instead of carrying the failure; checkAccess names the store.
@Suite struct S3TargetOfflineTests {
    static func target() throws -> S3Target {
        let settings = try S3TargetSettings.resolve(address: "s3://offline/p", environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "K", "AWS_SECRET_ACCESS_KEY": "S",
        ], file: nil)
        return S3Target(settings: settings, retry: .once)
    }

    @Test func aFailedPartFailsTheBlobAndAFreshStageStartsAgain() async throws {
        let target = try Self.target()
        let id = StagedBlobID(rawValue: "OFF-1-0")
        let length = UInt64(9 << 20)
        let blob = target.stage(id, length: length, expectsLargeWrites: true)
        let part = testBytes(8 << 20, seed: 5)
        let first = await blob.write(PieceBytes(part), at: 0, md5: nil)
        guard case .notOpened(let error) = first else { Issue.record("expected a failure, got \(first)"); return }
        #expect(error.driveFailureState == .storageAccountNotAccessible && error.description.contains("no answer from the store"),
                "\(error)")
        let later = [UInt8](repeating: 1, count: 10).withUnsafeBytes { blob.writeNow($0, at: 8 << 20, md5: nil) }
        guard case .notOpened = later else { Issue.record("a later write must report the failure: \(later)"); return }
        let again = target.stage(id, length: length, expectsLargeWrites: true)
        #expect(again !== blob, "the failed staging is not reused")
        #expect(try target.syncStaged([StagedPiece(staged: id, offset: 0, length: 8 << 20)]) == [false])
        let refused = #expect(throws: TargetError.self) { try target.checkAccess() }
        #expect(refused?.driveFailureState == .storageAccountNotAccessible, "\(String(describing: refused))")
    }
}
