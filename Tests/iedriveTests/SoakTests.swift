import Foundation
import IEDriveTestSupport
import Testing

/// The daemon over time: killed at random points of a two-drive import ten times and
/// restarted, it ends byte-identical with consistent states; fifty deliver → copy → pull
/// cycles of a small drive leave its descriptors and memory where they were.
@Suite(.requiresLoopDevices, .serialized)
struct SoakTests {
    @Test func killedTenTimesTheImportEndsByteIdentical() throws {
        let harness = try DaemonHarness("soak-kill", extraConfig: "[copy]\npieces_in_flight = 2")
        defer { harness.stop() }
        let first = try DaemonTests.prepare("SOAKA", in: harness.scratch, size: "96M", files: [
            "a/one.bin": DaemonTests.randomBytes(40 << 20, seed: 21), "a/small.txt": Array("small".utf8),
        ])
        let second = try DaemonTests.prepare("SOAKB", in: harness.scratch, size: "96M", files: [
            "b/two.bin": DaemonTests.randomBytes(24 << 20, seed: 22),
            "b/many/1.bin": DaemonTests.randomBytes(300_000, seed: 23), "b/many/2.bin": DaemonTests.randomBytes(5_000, seed: 24),
        ])
        try harness.start()
        try harness.createImportJob("soak-job", drives: [(first.id, first.key, first.manifestHash),
                                                         (second.id, second.key, second.manifestHash)])
        try harness.ship("soak-job", tracking: "SOAK00000001")
        try harness.deliver("soak-job", images: [first.image, second.image])
        try harness.check(["sim", "advance", "2d"])
        var random = SplitMix(seed: 0x50AC)
        var kills = 0
        while kills < 10 {
            // Somewhere between a moment after (re)start and well into the copy.
            usleep(UInt32(100_000 + random.next() % 1_400_000))
            let states = try harness.drives("soak-job").compactMap { $0["state"] as? String }
            if states.allSatisfy({ $0 == "Completed" }) { break }
            harness.daemon?.signal(SIGKILL)
            _ = harness.daemon?.wait(timeout: 10)
            kills += 1
            try harness.start()
        }
        let drives = try harness.waitForDrives("soak-job", timeout: 240) { drives in
            drives.count == 2 && drives.allSatisfy { $0["state"] as? String == "Completed" }
        }
        #expect(kills >= 3, "the copy finished before most kills could land (\(kills))")
        for drive in [first, second] {
            DaemonTests.expectTarget(harness.target, holds: drive)
            let record = drives.first { $0["driveId"] as? String == drive.id }
            let total = drive.files.values.reduce(0) { $0 + $1.count }
            #expect(record?["bytesSucceeded"] as? Int == total, "\(drive.id): \(String(describing: record))")
            #expect(record?["percentComplete"] as? Int == 100)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.target + "/.iedrive/staging").isEmpty)
    }

    @Test func fiftyDeliverAndPullCyclesKeepTheDaemonFlat() throws {
        let harness = try DaemonHarness("soak-cycles", extraConfig: "[lifecycle]\nreceipt_lag = \"0s\"")
        defer { harness.stop() }
        let drive = try DaemonTests.prepare("CYCLE1", in: harness.scratch, size: "16M", files: [
            "c/data.bin": DaemonTests.randomBytes(1 << 20, seed: 31), "c/note.txt": Array("note".utf8),
        ])
        try harness.start()
        let pid = try #require(harness.daemonPid)
        var baseline: (descriptors: Int, rssKiB: Int)?
        for cycle in 1...50 {
            let job = "cycle-\(cycle)"
            try harness.createImportJob(job, drives: [(drive.id, drive.key, drive.manifestHash)])
            try harness.ship(job, tracking: "CYC\(100_000_000 + cycle)")
            try harness.deliver(job, images: [drive.image])
            _ = try harness.waitForDrives(job, timeout: 60) { $0.first?["state"] as? String == "Completed" }
            for loop in try loopDevices(of: drive.image) { try harness.check(["sim", "pull", loop]) }
            // Ship the drives back so the next job owns the drive id.
            try harness.check(["sim", "ship-back", job])
            if cycle == 5 { baseline = try usage(of: pid) }
        }
        let start = try #require(baseline)
        let end = try usage(of: pid)
        #expect(end.descriptors <= start.descriptors + 2, "descriptors grew: \(start) → \(end)")
        #expect(end.rssKiB <= start.rssKiB + 16 * 1024, "memory grew: \(start) → \(end)")
    }

    func loopDevices(of image: String) throws -> [String] {
        try CommandRunner.check(["losetup", "-j", image, "-O", "NAME", "-n"]).split(separator: "\n").map(String.init)
    }

    /// Open descriptors and resident memory of a process.
    func usage(of pid: Int32) throws -> (descriptors: Int, rssKiB: Int) {
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let rss = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
            .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") } ?? 0
        return (descriptors, rss)
    }
}
