import Glibc
@testable import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Real read-only and full file systems under the target: the errors an operator must see.
@Suite(.requiresLoopDevices) struct TargetMountTests {
    @Test func readOnlyTmpfsIsNotAccessible() throws {
        try ScratchMount.tmpfs(options: ["ro", "size=1m"]) { mountpoint in
            let target = LocalDirectoryTarget(root: mountpoint)
            #expect { try target.checkAccess() } throws: { error in
                guard let error = error as? TargetError, case .notAccessible(let message) = error else { return false }
                return message.contains("read-only") && error.driveFailureState == .storageAccountNotAccessible
            }
            #expect { try target.openStaging(StagedBlobID("x"), length: 1) } throws: { error in
                guard case .notAccessible = error as? TargetError else { return false }
                return true
            }
        }
    }

    @Test func remountedReadOnlyKeepsReadingButRefusesWrites() throws {
        try ScratchMount.tmpfs(options: ["size=4m"]) { mountpoint in
            let fixture = TargetFixture(root: mountpoint)
            try fixture.target.checkAccess()
            try fixture.put("box/kept.txt", Array("kept".utf8))
            try fixture.stage("pending", [1, 2, 3])
            try ScratchMount.remount(mountpoint, options: ["remount", "ro"])
            #expect { try fixture.target.checkAccess() } throws: { error in
                guard case .notAccessible = error as? TargetError else { return false }
                return true
            }
            #expect(try fixture.contents("box/kept.txt") == Array("kept".utf8))
            #expect(try fixture.allNames("box") == ["kept.txt"])
            #expect { try fixture.target.publish([PublishRequest(staged: StagedBlobID("pending"), path: try BlobPath.parse("box/p"), type: .block, length: 3)]) } throws: { error in
                guard case .notAccessible = error as? TargetError else { return false }
                return true
            }
            #expect(try !fixture.target.exists(try BlobPath.parse("box/p")))
        }
    }

    @Test func aFullExt4TargetSaysFull() throws {
        try ScratchMount.ext4(megabytes: 4) { mountpoint in
            let fixture = TargetFixture(root: mountpoint)
            try fixture.target.checkAccess()
            let fd = try fixture.target.openStaging(StagedBlobID("big"), length: 8 << 20)
            var written: UInt64 = 0
            var failure: TargetError?
            let chunk = [UInt8](repeating: 0xC3, count: 256 << 10)
            while written < 8 << 20 {
                do {
                    try writeAll(fd, chunk, at: written)
                    written += UInt64(chunk.count)
                } catch let error as TestIOError {
                    failure = TargetError(errno: error.errno, doing: "writing staged blob big", at: fixture.target.displayName)
                    break
                }
            }
            close(fd)
            let error = try #require(failure)
            #expect(error.label == "target full" && error.driveFailureState == .storageAccountNotAccessible, "\(error)")
            #expect(written < 4 << 20)
            #expect { try fixture.target.checkAccess() } throws: { error in
                guard case .full = error as? TargetError else { return false }
                return true
            }
            // Making room brings the target back.
            try fixture.target.discardStaging(StagedBlobID("big"))
            _ = try fixture.target.syncStaged([])
            try fixture.target.checkAccess()
            try fixture.put("box/after.txt", [1])
            #expect(try fixture.contents("box/after.txt") == [1])
        }
    }

    @Test func publishOnAFullTargetSaysFullAndResumesLater() throws {
        try ScratchMount.ext4(megabytes: 4) { mountpoint in
            let fixture = TargetFixture(root: mountpoint)
            var requests: [PublishRequest] = []
            for index in 0..<3 {
                try fixture.stage("s\(index)", [UInt8(index)])
                requests.append(PublishRequest(staged: StagedBlobID("s\(index)"), path: try BlobPath.parse("box/f\(index)"),
                                               type: .block, length: 1))
            }
            // Fill the file system with a staged blob of another id, leaving no block free.
            let filler = try fixture.target.openStaging(StagedBlobID("filler"), length: 8 << 20)
            var offset: UInt64 = 0
            while (try? writeAll(filler, [UInt8](repeating: 1, count: 4_096), at: offset)) != nil { offset += 4_096 }
            close(filler)
            #expect { try fixture.target.publish(requests) } throws: { error in
                guard case .full = error as? TargetError else { return false }
                return true
            }
            try fixture.target.discardStaging(StagedBlobID("filler"))
            // Nothing of the batch was published (the records could not be written); publishing
            // it again after making room completes it.
            #expect(try fixture.allNames("box").isEmpty)
            let outcomes = try fixture.target.publish(requests)
            #expect(outcomes.map(\.disposition) == [.created, .created, .created])
            #expect(try fixture.allNames("box") == ["f0", "f1", "f2"])
        }
    }
}
