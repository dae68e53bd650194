import Foundation
import IEDriveTestSupport
import Testing

/// The daemon over time: killed at random points of a two-drive import ten times and
/// restarted, it ends byte-identical with consistent states; fifty deliver → copy → pull
/// cycles of a small drive leave its descriptors and memory where they were.
@Suite(.requiresLoopDevices, .serialized)
struct SoakTests {
    /// Each kill lands on a read of the first drive held at a random point of its large file
    /// (faultfs under its loop device), so it comes mid-copy however fast the copy runs.
    @Test(.requiresFUSE) func killedTenTimesTheImportEndsByteIdentical() throws {
        let harness = try DaemonHarness("soak-kill", extraConfig: "[intake]\nallow_unencrypted = true\n")
        defer { harness.stop() }
        var large = DaemonTests.randomBytes(64 << 20, seed: 21)
        var random = SplitMix(seed: 0x50AC)
        let points = (0..<10).map { _ in Int(random.next() % UInt64((60 << 20) / 4096)) * 4096 + (2 << 20) }.sorted()
        let needles = points.map { Array(large[$0..<($0 + 64)]) }
        let first = try DaemonTests.prepare("SOAKA", in: harness.scratch, size: "96M", files: [
            "a/one.bin": large, "a/small.txt": Array("small".utf8),
        ])
        large = []
        let second = try DaemonTests.prepare("SOAKB", in: harness.scratch, size: "64M", files: [
            "b/two.bin": DaemonTests.randomBytes(24 << 20, seed: 22),
            "b/many/1.bin": DaemonTests.randomBytes(300_000, seed: 23), "b/many/2.bin": DaemonTests.randomBytes(5_000, seed: 24),
        ])
        let offsets = try needles.map { try #require(try imageOffset(of: $0, in: first.image)) }
        try FaultFS.with(image: first.image) { mount in
            defer {
                try? mount.setFaults([])
                harness.shutdown()
            }
            var kills = 0
            for offset in offsets {
                try mount.setFaults([.hang(offset: offset, length: 64 << 10)])
                if kills == 0 {
                    try DaemonTests.copyUntilHeld(harness, mount: mount, at: offset, job: "soak-job",
                                                  drives: [(first.id, first.key, first.manifestHash),
                                                           (second.id, second.key, second.manifestHash)],
                                                  images: [mount.imagePath, second.image])
                } else {
                    try harness.start()
                    let deadline = Date().addingTimeInterval(60)
                    while try mount.stats().hanging == 0, Date() < deadline { usleep(20_000) }
                }
                guard try mount.stats().hanging > 0 else { continue }   // already copied before this point
                harness.daemon?.signal(SIGKILL)
                // A thread blocked in the held read sleeps uninterruptibly under the loop device
                // and dies only once the read returns: let it go, then reap the daemon.
                try mount.setFaults([])
                #expect(harness.daemon?.wait(timeout: 30) != nil, "the killed daemon did not exit")
                kills += 1
            }
            #expect(kills >= 8, "only \(kills) kills landed mid-copy")
            try mount.setFaults([])
            try harness.start()
            let drives = try harness.waitForDrives("soak-job", timeout: 240) { drives in
                drives.count == 2 && drives.allSatisfy { $0["state"] as? String == "Completed" }
            }
            for drive in [first, second] {
                DaemonTests.expectTarget(harness.target, holds: drive)
                let record = drives.first { $0["driveId"] as? String == drive.id }
                let total = drive.files.values.reduce(0) { $0 + $1.count }
                #expect(record?["bytesSucceeded"] as? Int == total, "\(drive.id): \(String(describing: record))")
                #expect(record?["percentComplete"] as? Int == 100)
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: harness.target + "/.iedrive/staging").isEmpty)
            #expect(harness.log.contains("resuming drive"))
        }
    }

    @Test func fiftyDeliverAndPullCyclesKeepTheDaemonFlat() throws {
        let harness = try DaemonHarness("soak-cycles", extraConfig: "[intake]\nallow_unencrypted = true\n[lifecycle]\nreceipt_lag = \"0s\"\n")
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
