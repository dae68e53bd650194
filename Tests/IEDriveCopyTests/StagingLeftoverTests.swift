import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Leftover staging: a running copy's claim protects its staging; what copies that no longer
/// run left is reclaimed, by drive prefix or all of it, and only once idle long enough.
@Suite struct StagingLeftoverTests {
    func entries(_ fixture: TargetFixture) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: fixture.root + "/.iedrive/staging")) ?? [])
    }

    @Test func claimedStagingIsKeptAndUnclaimedReclaimed() throws {
        let fixture = try TargetFixture("leftover-claims")
        defer { fixture.cleanup() }
        try fixture.stage("DRIVE01-aaaa-0", Array(repeating: 1, count: 4096))
        try fixture.stage("DRIVE01-aaaa-1", Array(repeating: 2, count: 100))
        try fixture.stage("DRIVE01-bbbb-0", Array(repeating: 3, count: 5000))
        try fixture.stage("DRIVE02-cccc-0", Array(repeating: 4, count: 10))
        let running = try fixture.target.claimStaging(copyPrefix: "DRIVE01-bbbb")

        // A second claim of a running copy is refused.
        #expect(throws: TargetError.self) { _ = try fixture.target.claimStaging(copyPrefix: "DRIVE01-bbbb") }

        let reclaimed = try fixture.target.reclaimStaging(prefix: "DRIVE01-", idleFor: .zero)
        #expect(reclaimed == StagingReclaim(entries: 2, bytes: 4196))
        #expect(entries(fixture) == ["DRIVE01-bbbb-0", "DRIVE02-cccc-0"])

        // Too recent for an idle threshold: kept even though unclaimed.
        #expect(try fixture.target.reclaimStaging(prefix: "", idleFor: .seconds(3600)) == StagingReclaim())

        running.release()
        let rest = try fixture.target.reclaimStaging(prefix: "", idleFor: .zero)
        #expect(rest.entries == 2)
        #expect(entries(fixture).isEmpty)
    }
}
