import Foundation
import IEDriveTestSupport
import Testing

/// `iedrive daemon` end to end: the built binary as the service, real udev events for loop
/// devices attached by `iedrive sim deliver`, real drive images, the CLI's client commands over
/// the control socket, the target read back byte for byte.
@Suite(.requiresRoot, .requiresUdevd, .serialized)
struct DaemonTests {
    /// A drive image holding `files` (relative path → bytes) and their manifest.
    struct PreparedDrive {
        var id: String
        var image: String
        var manifestHash: String
        var key: String
        var files: [String: [UInt8]]
    }

    static func prepare(_ id: String, in scratch: TemporaryDirectory, kind: String = "plain-ntfs",
                        manifestDriveId: String? = nil, size: String? = nil, files: [String: [UInt8]],
                        editManifest: ((String) throws -> String)? = nil) throws -> PreparedDrive {
        let tree = scratch.file("tree-\(id)")
        for (path, bytes) in files {
            let full = tree + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: full))
        }
        let manifest = try CommandRunner.check([TestEnvironment.script("make-manifest"), tree,
                                                "--drive-id", manifestDriveId ?? id, "--container", "intake"])
        var hash = ManifestTool.facts(manifest)["manifest_md5"] ?? ""
        if let editManifest {
            let path = tree + "/DriveManifest.xml"
            try ManifestTool.edit(path, editManifest)
            hash = ManifestTool.md5(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
        let image = scratch.file("\(id).img")
        let drive = try TestDrives.build(kind, at: image, options: ["--files", tree, "--label", id] + (size.map { ["--size", $0] } ?? []))
        return PreparedDrive(id: id, image: image, manifestHash: hash, key: drive.recoveryKey ?? DaemonHarness.unusedKey,
                             files: files)
    }

    static func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var random = SplitMix(seed: seed)
        return random.bytes(count)
    }

    static func expectTarget(_ target: String, holds drive: PreparedDrive, sourceLocation: SourceLocation = #_sourceLocation) {
        for (path, bytes) in drive.files {
            let stored = LocalBlobFile.data(target: target, container: "intake", name: path)
            #expect(stored == bytes, "blob intake/\(path) of \(drive.id) differs from its source", sourceLocation: sourceLocation)
        }
    }

    @Test func helpExplainsDaemonAndClientCommands() throws {
        let help = try CommandRunner.run([TestEnvironment.iedriveBinary, "daemon", "--help"])
        #expect(help.status == 0)
        for text in ["--config", "--state-dir", "--target", "--socket", "--clock", "SIGTERM", "iedrive.toml"] {
            #expect(help.stdout.contains(text), "daemon --help lacks \(text)")
        }
        for group in ["jobs", "sim"] {
            let result = try CommandRunner.run([TestEnvironment.iedriveBinary, group, "--help"])
            #expect(result.status == 0 && result.stdout.contains("SUBCOMMANDS"), "\(group) --help: \(result)")
        }
        for command in [["jobs", "create"], ["jobs", "ship"], ["jobs", "show"], ["sim", "deliver"], ["sim", "advance"]] {
            let result = try CommandRunner.run([TestEnvironment.iedriveBinary] + command + ["--help"])
            #expect(result.status == 0 && result.stdout.contains("--endpoint"), "\(command) --help: \(result)")
        }
    }

    @Test func badConfigurationIsAUsageError() throws {
        let scratch = try TestEnvironment.temporaryDirectory("daemon-badconfig")
        defer { scratch.cleanup() }
        try "max_concurrent_drives = 0\nstat_dir = \"x\"\n".write(toFile: scratch.file("bad.toml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([TestEnvironment.iedriveBinary, "daemon", "--config", scratch.file("bad.toml")])
        #expect(result.status == 2, "\(result)")
        #expect(result.stderr.contains("stat_dir"), "\(result)")
        let clock = try CommandRunner.run([TestEnvironment.iedriveBinary, "daemon", "--clock", "warp", "--state-dir", scratch.file("s")])
        #expect(clock.status == 2 && clock.stderr.contains("--clock"), "\(clock)")
    }

    @Test func clientWithoutDaemonSaysSo() throws {
        let result = try CommandRunner.run([TestEnvironment.iedriveBinary, "jobs", "list", "--endpoint", "/nonexistent/iedrive.sock"])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("cannot reach the daemon"), "\(result)")
    }

    /// The whole flow: create → ship → deliver (loop devices, udev) → receipt lag → probe,
    /// manifest, copy → Completed; bytes equal, logs published, keys never shown, the images
    /// unchanged, the job through Packaging to Completed after ship-back, SIGTERM exit 0.
    @Test func jobFlowImportsTwoDrives() throws {
        let harness = try DaemonHarness("flow", extraConfig: "[intake]\nallow_unencrypted = true\n")
        defer { harness.stop() }
        let one = try Self.prepare("FLOWA1", in: harness.scratch, files: [
            "photos/harbor.raw": Self.randomBytes(3 << 20, seed: 1), "notes/readme.txt": Array("hello\n".utf8),
            "empty.txt": [],
        ])
        let two = try Self.prepare("FLOWB2", in: harness.scratch, files: ["big/data.bin": Self.randomBytes(9 << 20, seed: 2)])
        let before = try [sha256(of: one.image), sha256(of: two.image)]
        try harness.start()

        let created = try harness.createImportJob("flow-job", drives: [(one.id, one.key, one.manifestHash), (two.id, two.key, two.manifestHash)], logLevel: "Verbose")
        #expect(created.contains("created job flow-job"), "\(created)")
        #expect(try harness.jobResource("flow-job")["properties"].flatMap { ($0 as? [String: Any])?["state"] as? String } == "Creating")
        try harness.ship("flow-job", tracking: "123456789")
        try harness.deliver("flow-job", images: [one.image, two.image])
        // Delivered, not yet received: the drives wait for the receipt lag.
        sleep(1)
        #expect(try harness.drives("flow-job").allSatisfy { $0["state"] as? String == "Specified" })
        try harness.check(["sim", "advance", "2d"])
        let drives = try harness.waitForDrives("flow-job") { drives in
            drives.count == 2 && drives.allSatisfy { $0["state"] as? String == "Completed" }
        }
        for drive in drives {
            #expect(drive["percentComplete"] as? Int == 100, "\(drive)")
            #expect((drive["errorLogUri"] as? String)?.contains("waimportexport/waies/flow-job_") == true, "\(drive)")
            #expect((drive["verboseLogUri"] as? String)?.hasSuffix("_verbose.xml") == true, "\(drive)")
        }
        Self.expectTarget(harness.target, holds: one)
        Self.expectTarget(harness.target, holds: two)
        let logs = try FileManager.default.subpathsOfDirectory(atPath: harness.target).filter { $0.hasSuffix("_error.xml~blob") }
        #expect(logs.count == 2, "\(logs)")

        // Keys: never in the resource, the list or the log.
        let resource = try harness.check(["jobs", "show", "flow-job", "--json"])
        let listed = try harness.check(["jobs", "list", "--json"])
        for key in [one.key, two.key] {
            #expect(!resource.contains(key) && !listed.contains(key) && !harness.log.contains(key))
        }
        let table = try harness.check(["jobs", "show", "flow-job"])
        #expect(table.contains("FLOWA1") && table.contains("Completed"), "\(table)")
        let state = (try harness.jobResource("flow-job")["properties"] as? [String: Any])?["state"] as? String
        #expect(state == "Packaging", "job state \(state ?? "nil")")
        try harness.check(["sim", "ship-back", "flow-job", "--carrier", "DHL", "--tracking", "R1"])
        let shipped = (try harness.jobResource("flow-job")["properties"] as? [String: Any])?["state"] as? String
        #expect(shipped == "Completed", "after ship-back: \(shipped ?? "nil")")

        // Evidence untouched.
        #expect(try [sha256(of: one.image), sha256(of: two.image)] == before)
        harness.daemon?.signal(SIGTERM)
        let exit = harness.daemon?.wait(timeout: 25)
        #expect(exit?.status == 0, "daemon exit after SIGTERM: \(String(describing: exit))\n\(harness.log)")
    }

    /// One bad drive does not hold the other: a manifest naming another drive fails its drive
    /// with "Manifest file error"; a drive no job lists is an extra drive and is not read; the
    /// good drive completes; the job ends with a failed drive.
    @Test func badDriveAndExtraDriveLeaveTheGoodOneAlone() throws {
        let harness = try DaemonHarness("isolation", extraConfig: "[intake]\nallow_unencrypted = true\n")
        defer { harness.stop() }
        let good = try Self.prepare("ISOGOOD", in: harness.scratch, files: ["a.bin": Self.randomBytes(1 << 20, seed: 3)])
        let wrong = try Self.prepare("ISOBAD", in: harness.scratch, manifestDriveId: "SOMEONEELSE",
                                     files: ["b.bin": Self.randomBytes(4096, seed: 4)])
        let extra = try Self.prepare("ISOEXTRA", in: harness.scratch, files: ["c.bin": Self.randomBytes(4096, seed: 5)])
        try harness.start()
        try harness.createImportJob("iso-job", drives: [(good.id, good.key, good.manifestHash), (wrong.id, wrong.key, wrong.manifestHash)])
        try harness.ship("iso-job", carrier: "UPS", tracking: "1Z999")
        try harness.deliver("iso-job", images: [good.image, wrong.image, extra.image])
        try harness.check(["sim", "advance", "2d"])
        let drives = try harness.waitForDrives("iso-job") { drives in
            drives.allSatisfy { ["Completed", "CompletedMoreInfo"].contains($0["state"] as? String ?? "") }
        }
        let byId = Dictionary(uniqueKeysWithValues: drives.map { ($0["driveId"] as? String ?? "", $0) })
        #expect(byId["ISOGOOD"]?["state"] as? String == "Completed")
        #expect(byId["ISOBAD"]?["state"] as? String == "CompletedMoreInfo")
        #expect(byId["ISOBAD"]?["copyStatus"] as? String == "ManifestFileError", "\(byId["ISOBAD"] ?? [:])")
        Self.expectTarget(harness.target, holds: good)
        #expect(LocalBlobFile.data(target: harness.target, container: "intake", name: "c.bin") == nil,
                "the extra drive was copied")
        #expect(harness.log.contains("extra drive"), "the extra drive is not reported:\n\(harness.log)")
        // The extra drive is listed as such until it is pulled (`sim pull` detaches its loop device).
        let extraLoop = try CommandRunner.check(["losetup", "-j", extra.image, "-O", "NAME", "-n"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let extraBefore = try CommandRunner.run(["curl", "-s", "--unix-socket", harness.socket, "http://localhost/iedrive/v1/extra-drives"])
        #expect(extraBefore.stdout.contains("ISOEXTRA"), "\(extraBefore)")
        try harness.check(["sim", "pull", extraLoop])
        // The daemon hears of the detach through udev; other tests' loop devices come and go
        // meanwhile (and the daemon logs theirs too), so wait for this drive's own.
        let detachedExtra = { harness.log.split(separator: "\n").contains { $0.contains("drive detached") && $0.contains("ISOEXTRA") } }
        let deadline = Date().addingTimeInterval(30)
        while !detachedExtra(), Date() < deadline { usleep(100_000) }
        #expect(detachedExtra(), "no detach of ISOEXTRA seen:\n\(harness.log)")
        let extraAfter = try CommandRunner.run(["curl", "-s", "--unix-socket", harness.socket, "http://localhost/iedrive/v1/extra-drives"])
        #expect(!extraAfter.stdout.contains("ISOEXTRA"), "\(extraAfter)")
        let notLoop = try harness.cli(["sim", "pull", "/dev/sda"])
        #expect(notLoop.status == 2, "\(notLoop)")
        let show = try harness.check(["jobs", "show", "iso-job"])
        #expect(show.contains("Manifest file error") || show.contains("manifest describes drive"), "\(show)")
    }

    /// States and the clock survive a restart; a job left `Creating` for 14 days is deleted (J4).
    @Test func stateSurvivesRestartAndTimersFire() throws {
        let harness = try DaemonHarness("restart")
        defer { harness.stop() }
        try harness.start()
        let unusedDrive = [(id: "RSTDRIVE", key: DaemonHarness.unusedKey, manifestHash: String(repeating: "A", count: 32))]
        try harness.createImportJob("kept-job", drives: unusedDrive)
        try harness.createImportJob("idle-job", drives: unusedDrive)
        try harness.ship("kept-job", tracking: "42")
        try harness.check(["sim", "advance", "3d"])
        let clockBefore = try harness.check(["sim", "advance", "0s"])
        harness.daemon?.signal(SIGTERM)
        #expect(harness.daemon?.wait(timeout: 25)?.status == 0)
        try harness.start()
        let clockAfter = try harness.check(["sim", "advance", "0s"])
        #expect(clockAfter >= clockBefore, "the simulated clock went back: \(clockBefore) → \(clockAfter)")
        let kept = (try harness.jobResource("kept-job")["properties"] as? [String: Any])?["state"] as? String
        #expect(kept == "Shipping")
        // J4: 14 days awaiting shipment deletes idle-job; J8 after 14 days in transit marks
        // kept-job's drive NeverReceived.
        try harness.check(["sim", "advance", "12d"])
        let gone = try harness.cli(["jobs", "show", "idle-job"])
        #expect(gone.status == 7, "\(gone)")
        #expect(try harness.drives("kept-job").first?["state"] as? String == "NeverReceived")
    }

    /// SIGTERM, then kill -9, of the daemon in the middle of a copy: each restarted daemon finds
    /// the drive `Transferring`, resumes from the copy journal, and the copy ends byte-identical.
    @Test(.requiresFUSE) func killedDaemonResumesTheCopy() throws {
        let harness = try DaemonHarness("resume", extraConfig: "[intake]\nallow_unencrypted = true\n")
        defer { harness.stop() }
        var large = Self.randomBytes(96 << 20, seed: 11)
        let needle = Array(large[(48 << 20)..<((48 << 20) + 64)])
        let drive = try Self.prepare("RESUME1", in: harness.scratch, size: "200M", files: [
            "large/a.bin": large, "large/b.bin": Self.randomBytes(64 << 20, seed: 12),
        ])
        large = []
        // A read in the middle of a.bin is held while the daemon is told to stop: the stop
        // lands mid-copy however fast the copy runs.
        let held = try #require(try imageOffset(of: needle, in: drive.image))
        try FaultFS.with(image: drive.image) { mount in
            defer {
                try? mount.setFaults([])
                harness.shutdown()
            }
            try Self.copyUntilHeld(harness, mount: mount, at: held, job: "resume-job",
                                   drives: [(drive.id, drive.key, drive.manifestHash)], images: [mount.imagePath])
            let copying = try harness.waitForDrives("resume-job", timeout: 60) { drives in
                drives.first?["state"] as? String == "Transferring"
            }
            #expect(copying.first?["state"] as? String == "Transferring")
            // The drive detail carries the live numbers while it copies: rate, ETA, blobs.
            let detail = try harness.check(["drives", "resume-job", "--json"])
            let live = (try JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [String: Any])?["value"] as? [[String: Any]]
            #expect(live?.first?["blobCount"] as? Int == 2, "\(detail)")
            #expect(live?.first?["rateBytesPerSecond"] is Double || live?.first?["rateBytesPerSecond"] is Int, "\(detail)")
            // SIGTERM mid-copy: the copy checkpoints and the daemon exits well inside the unit's
            // TimeoutStopSec (30 s). The held read is let go a moment after the signal, as a
            // slow drive would answer.
            let stopping = Date()
            harness.daemon?.signal(SIGTERM)
            usleep(300_000)
            try mount.setFaults([])
            let stopped = harness.daemon?.wait(timeout: 25)
            #expect(stopped?.status == 0, "exit after SIGTERM mid-copy: \(String(describing: stopped))")
            #expect(Date().timeIntervalSince(stopping) < 20)
            #expect(harness.log.contains("resumes from its journal"), "\(harness.log)")
            #expect(!harness.log.contains("copy finished"), "the copy went on to its end after SIGTERM:\n\(harness.log)")
            // Restarted, it resumes; kill -9 this time, mid-copy again.
            try harness.start()
            _ = try harness.waitForDrives("resume-job", timeout: 60) { drives in
                (drives.first?["bytesSucceeded"] as? Int ?? 0) > 0 || drives.first?["state"] as? String == "Completed"
            }
            harness.daemon?.signal(SIGKILL)
            _ = harness.daemon?.wait(timeout: 10)
            try harness.start()
            let drives = try harness.waitForDrives("resume-job", timeout: 180) { drives in
                drives.first?["state"] as? String == "Completed"
            }
            #expect(drives.first?["bytesSucceeded"] as? Int == (160 << 20), "\(drives)")
            Self.expectTarget(harness.target, holds: drive)
            #expect(harness.log.contains("resuming drive"), "the restarted daemon did not resume:\n\(harness.log)")
        }
    }

    /// BitLocker drives: the job's key unlocks one; the other's key is wrong and its drive
    /// fails with "BitLocker key invalid" while the first completes.
    @Test(.requiresFixtures) func bitLockerDrivesWithRightAndWrongKeys() throws {
        let harness = try DaemonHarness("bitlocker")
        defer { harness.stop() }
        let good = try Self.prepare("BLGOOD", in: harness.scratch, kind: "bitlocker-ntfs",
                                    files: ["docs/report.bin": Self.randomBytes(2 << 20, seed: 21)])
        let locked = try Self.prepare("BLWRONG", in: harness.scratch, kind: "bitlocker-ntfs",
                                      files: ["x.bin": Self.randomBytes(4096, seed: 22)])
        let before = try sha256(of: good.image)
        try harness.start()
        try harness.createImportJob("bl-job", drives: [(good.id, good.key, good.manifestHash),
                                                       (locked.id, DaemonHarness.unusedKey, locked.manifestHash)])
        try harness.ship("bl-job", tracking: "2")
        try harness.deliver("bl-job", images: [good.image, locked.image])
        try harness.check(["sim", "advance", "2d"])
        let drives = try harness.waitForDrives("bl-job", timeout: 180) { drives in
            drives.allSatisfy { ["Completed", "CompletedMoreInfo"].contains($0["state"] as? String ?? "") }
        }
        let byId = Dictionary(uniqueKeysWithValues: drives.map { ($0["driveId"] as? String ?? "", $0) })
        #expect(byId["BLGOOD"]?["state"] as? String == "Completed", "\(drives)")
        #expect(byId["BLWRONG"]?["copyStatus"] as? String == "BitLockerKeyInvalid", "\(drives)")
        Self.expectTarget(harness.target, holds: good)
        #expect(try sha256(of: good.image) == before)
        #expect(!harness.log.contains(good.key), "a recovery key reached the daemon's log")
    }

    /// A drive pulled mid-copy (its reads fail from then on, through faultfs under the loop
    /// device): that drive ends "Hardware error" with what it copied kept; the other drive of
    /// the job, copying at the same time, completes.
    @Test(.requiresFUSE) func pulledDriveFailsAloneWithHardwareError() throws {
        let harness = try DaemonHarness("pulled", extraConfig: "reader_timeout_seconds = 5\n[intake]\nallow_unencrypted = true\n")
        defer { harness.stop() }
        var big = Self.randomBytes(150 << 20, seed: 31)
        let needle = Array(big[(75 << 20)..<((75 << 20) + 64)])
        let pulled = try Self.prepare("PULLED1", in: harness.scratch, size: "200M", files: ["big.bin": big])
        big = []
        let steady = try Self.prepare("STEADY1", in: harness.scratch, files: ["small.bin": Self.randomBytes(3 << 20, seed: 32)])
        let before = try sha256(of: pulled.image)
        // A read in the middle of big.bin is held until the drive is "pulled": the copy is
        // caught mid-way however fast it runs.
        let held = try #require(try imageOffset(of: needle, in: pulled.image))
        try FaultFS.with(image: pulled.image) { mount in
            defer {
                try? mount.setFaults([])
                harness.shutdown()
            }
            try Self.copyUntilHeld(harness, mount: mount, at: held, job: "pull-job",
                                   drives: [(pulled.id, pulled.key, pulled.manifestHash), (steady.id, steady.key, steady.manifestHash)],
                                   images: [mount.imagePath, steady.image])
            try mount.setFaults([.eioAfter(offset: 0)])   // pulled: the held read and every later one fail
            let drives = try harness.waitForDrives("pull-job", timeout: 90) { drives in
                drives.allSatisfy { ["Completed", "CompletedMoreInfo"].contains($0["state"] as? String ?? "") }
            }
            let byId = Dictionary(uniqueKeysWithValues: drives.map { ($0["driveId"] as? String ?? "", $0) })
            #expect(byId["STEADY1"]?["state"] as? String == "Completed", "\(drives)")
            #expect(byId["PULLED1"]?["copyStatus"] as? String == "HardwareError", "\(drives)")
            Self.expectTarget(harness.target, holds: steady)
            // The daemon still serves.
            #expect(try harness.cli(["jobs", "list"]).status == 0)
        }
        #expect(try sha256(of: pulled.image) == before)
    }
}

extension DaemonTests {
    /// Holds the read of `mount`'s image at `offset`, starts the daemon, takes job `job` for
    /// `drives` through shipping, delivery of `images` and receipt, and waits until its copy
    /// reaches the held read (caught mid-way however fast it runs).
    static func copyUntilHeld(_ harness: DaemonHarness, mount: FaultFS.Mount, at offset: Int, job: String,
                              drives: [(id: String, key: String, manifestHash: String)], images: [String]) throws {
        try mount.setFaults([.hang(offset: offset, length: 64 << 10)])
        try harness.start()
        try harness.createImportJob(job, drives: drives)
        try harness.ship(job, tracking: "1")
        try harness.deliver(job, images: images)
        try harness.check(["sim", "advance", "2d"])
        let deadline = Date().addingTimeInterval(60)
        while try mount.stats().hanging == 0, Date() < deadline { usleep(20_000) }
        #expect(try mount.stats().hanging > 0, "the copy never reached the held read")
    }
}

/// A blob's bytes as the local directory target stores them (read through its own API).
enum LocalBlobFile {
    static func data(target: String, container: String, name: String) -> [UInt8]? {
        try? TargetView(target).bytes("\(container)/\(name)")
    }
}
