import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Export jobs through `iedrive daemon`: blobs stored in the job's storage account (the local
/// directory target), blank drive images delivered with `sim deliver` (loop devices attached
/// read-write, seen through udev), written by the daemon's writer process, then opened with
/// the keys `iedrive keys` gives, by dislocker-fuse + ntfs-3g and by cryptsetup.
@Suite(.requiresRoot, .requiresUdevd, .serialized)
struct DaemonExportTests {
    /// Blobs put straight into the account (`harness.target`), before the daemon starts.
    struct Account {
        let target: LocalDirectoryTarget

        init(_ harness: DaemonHarness) throws {
            try FileManager.default.createDirectory(atPath: harness.target, withIntermediateDirectories: true)
            target = LocalDirectoryTarget(root: harness.target)
        }

        func put(_ text: String, _ bytes: [UInt8], metadata: [(String, String)] = []) throws {
            let path = try BlobPath.parse(text)
            _ = try target.createContainer(path.container)
            var properties = BlobProperties()
            properties.contentType = "application/octet-stream"
            try target.putSmallBlob(bytes, at: path, stagedAs: StagedBlobID("test-\(UUID().uuidString)"), properties: properties)
            if !metadata.isEmpty {
                let described = BlobMetadata(pairs: metadata.map { BlobMetadata.Pair(name: $0.0, value: $0.1) })
                _ = try target.updateDescription(path, properties: properties, metadata: described)
            }
        }
    }

    static func exportJob(blobPaths: [String] = [], prefixes: [String] = [], listBlob: String? = nil) -> String {
        func quoted(_ values: [String]) -> String { values.map { "\"\($0)\"" }.joined(separator: ", ") }
        let export = listBlob.map { "{ \"blobListBlobPath\": \"\($0)\" }" }
            ?? "{ \"blobList\": { \"blobPath\": [\(quoted(blobPaths))], \"blobPathPrefix\": [\(quoted(prefixes))] } }"
        return """
        {
          "location": "West Europe",
          "properties": {
            "storageAccountId": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/iedrive/providers/Microsoft.Storage/storageAccounts/testdata",
            "jobType": "Export",
            "returnAddress": { "recipientName": "Intake", "streetAddress1": "1 Quay", "city": "Rotterdam", "postalCode": "3011",
                               "countryOrRegion": "Netherlands", "phone": "+31 10 000 0000", "email": "intake@example.com" },
            "returnShipping": { "carrierName": "DHL", "carrierAccountNumber": "DHL-1" },
            "diagnosticsPath": "waimportexport",
            "logLevel": "Verbose",
            "export": \(export)
          }
        }
        """
    }

    /// Creates, ships and delivers an export job with blank images of `sizes` (name → size).
    static func start(_ harness: DaemonHarness, job: String, body: String, images: [String]) throws {
        let file = harness.scratch.file("\(job).json")
        try body.write(toFile: file, atomically: true, encoding: .utf8)
        try harness.check(["jobs", "create", job, "--file", file])
        try harness.ship(job, tracking: "T-\(job)")
        try harness.deliver(job, images: images)
    }

    static func blank(_ harness: DaemonHarness, _ name: String, size: String) throws -> String {
        let image = harness.scratch.file("\(name).img")
        try CommandRunner.check(["truncate", "-s", size, image])
        return image
    }

    /// `iedrive keys JOB --json`: drive id → recovery password.
    static func keys(_ harness: DaemonHarness, _ job: String) throws -> [String: String] {
        let text = try harness.check(["keys", job, "--json"])
        let value = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["value"] as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: value.compactMap { entry in
            (entry["driveId"] as? String).flatMap { id in (entry["bitLockerKey"] as? String).map { (id, $0) } }
        })
    }

    /// A URI the daemon published (`file:///…/testdata/CONTAINER/NAME`) as a path in the account.
    static func accountPath(_ uri: String) -> String? {
        uri.range(of: "/testdata/").map { String(uri[$0.upperBound...]) }
    }

    /// The files on an exported drive, through dislocker-fuse + ntfs-3g with `password`.
    static func driveFiles(_ image: String, password: String, _ paths: [String]) throws -> [String: [UInt8]] {
        let scratch = try TestEnvironment.temporaryDirectory("export-open")
        defer { scratch.cleanup() }
        return try ScratchMount.dislockerNTFS(image: image, password: password, in: scratch) { root in
            var found: [String: [UInt8]] = [:]
            for path in paths {
                if let bytes = FileManager.default.contents(atPath: root + "/" + path) { found[path] = Array(bytes) }
            }
            return found
        }
    }

    /// `cryptsetup open --type bitlk --test-passphrase` with `password`: the exit status.
    static func cryptsetupOpens(_ image: String, password: String) throws -> Int32 {
        let scratch = try TestEnvironment.temporaryDirectory("export-cryptsetup")
        defer { scratch.cleanup() }
        let keyFile = scratch.file("key")
        try Data(password.utf8).write(to: URL(fileURLWithPath: keyFile))
        return try CommandRunner.run(["cryptsetup", "open", "--type", "bitlk", "--readonly", "--test-passphrase",
                                      "--key-file", keyFile, image]).status
    }

    static func state(_ drive: [String: Any]) -> String { drive["state"] as? String ?? "" }

    /// An image's drive id: its file name without the extension.
    static func stem(_ image: String) -> String {
        ((image as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    @Test(.requiresFUSE)
    func exportJobFillsTheDrivesInOrderAndPublishesTheKeys() throws {
        let harness = try DaemonHarness("export")
        defer { harness.stop() }
        let account = try Account(harness)
        var blobs: [String: [UInt8]] = [:]
        for (index, name) in ["data/a.bin", "data/b.bin", "data/c.bin"].enumerated() {
            blobs[name] = DaemonTests.randomBytes(10 << 20, seed: UInt64(100 + index))
        }
        blobs["data/d.bin"] = DaemonTests.randomBytes(12 << 20, seed: 104)
        blobs["data/empty.bin"] = []
        blobs["data/notes/über café.txt"] = Array("Grüße aus Rotterdam\n".utf8)
        for (name, bytes) in blobs {
            try account.put(name, bytes, metadata: name.hasSuffix(".txt") ? [("origin", "harbor")] : [])
        }
        try account.put("odd/bad:name.txt", Array("NTFS cannot name me".utf8))
        try account.put("other/not-selected.bin", [1, 2, 3])
        try harness.start()
        let first = try Self.blank(harness, "EXPA0001", size: "32M")
        let second = try Self.blank(harness, "EXPA0002", size: "32M")
        try Self.start(harness, job: "export-job", body: Self.exportJob(blobPaths: ["odd/bad:name.txt"], prefixes: ["/data/"]),
                       images: [first, second])
        #expect(try Self.keys(harness, "export-job").isEmpty, "no key before any drive was written")
        try harness.check(["sim", "advance", "2d"])
        let drives = try harness.waitForDrives("export-job", timeout: 180) { drives in
            drives.count == 2 && drives.allSatisfy { ["Completed", "CompletedMoreInfo"].contains(Self.state($0)) }
        }
        let byId = Dictionary(uniqueKeysWithValues: drives.map { ($0["driveId"] as? String ?? "", $0) })
        // Drive 1 takes a and b in order (c no longer fits, so it waits for the next drive), the
        // small blobs, and reports the name NTFS cannot hold; drive 2 takes c and d: all fit.
        #expect(Self.state(byId["EXPA0001"] ?? [:]) == "CompletedMoreInfo", "\(byId)")
        #expect(byId["EXPA0001"]?["copyStatus"] as? String == "CompletedWithErrors", "\(byId)")
        #expect(Self.state(byId["EXPA0002"] ?? [:]) == "Completed", "\(byId)")
        #expect(byId["EXPA0002"]?["bytesSucceeded"] as? Int == 22 << 20, "\(byId)")
        #expect(byId["EXPA0002"]?["percentComplete"] as? Int == 100, "\(byId)")
        let properties = try harness.jobResource("export-job")["properties"] as? [String: Any] ?? [:]
        #expect(properties["incompleteBlobListUri"] == nil, "drive 2 took what drive 1 left: nothing remains: \(properties)")

        // Keys: one per drive, through listBitLockerKeys; never in the daemon's log.
        let keys = try Self.keys(harness, "export-job")
        #expect(Set(keys.keys) == ["EXPA0001", "EXPA0002"], "\(keys)")
        for key in keys.values {
            #expect(key.count == 55 && (try? RecoveryPassword(key)) != nil, "a 48-digit recovery password: \(key)")
            #expect(!harness.log.contains(key), "a recovery key reached the daemon's log")
        }

        // What each drive holds, read with dislocker-fuse + ntfs-3g: every selected blob on exactly
        // one drive, byte-identical; beside it its .properties, .metadata when it has metadata.
        let paths = blobs.keys.sorted() + ["odd/bad:name.txt", "other/not-selected.bin"]
        let held = try [first, second].map { image in
            try Self.driveFiles(image, password: keys[Self.stem(image)] ?? "",
                                paths + blobs.keys.map { $0 + ".properties" } + ["data/notes/über café.txt.metadata",
                                                                                 Self.stem(image) + ".manifest"])
        }
        for (name, bytes) in blobs {
            let copies = held.filter { $0[name] != nil }
            #expect(copies.count == 1, "\(name) is on \(copies.count) drives")
            #expect(copies.first?[name] == bytes, "\(name) differs on the drive")
            #expect(copies.first?[name + ".properties"] != nil, "\(name).properties")
        }
        #expect(held[0]["data/a.bin"] != nil && held[0]["data/b.bin"] != nil, "drive 1 takes the first blobs in order")
        #expect(held[1]["data/c.bin"] != nil && held[1]["data/d.bin"] != nil, "drive 2 takes what drive 1 left")
        #expect(held.allSatisfy { $0["other/not-selected.bin"] == nil && $0["odd/bad:name.txt"] == nil })
        let metadata = String(decoding: held[0]["data/notes/über café.txt.metadata"] ?? [], as: UTF8.self)
        #expect(metadata.contains("origin") && metadata.contains("harbor"), "\(metadata)")
        let manifest = String(decoding: held[0]["EXPA0001.manifest"] ?? [], as: UTF8.self)
        #expect(manifest.contains("data/a.bin") && manifest.contains("<DriveId>EXPA0001</DriveId>"), "\(manifest.prefix(2000))")

        // cryptsetup opens both with their keys, and not with each other's.
        #expect(try Self.cryptsetupOpens(first, password: keys["EXPA0001"] ?? "") == 0)
        #expect(try Self.cryptsetupOpens(second, password: keys["EXPA0002"] ?? "") == 0)
        #expect(try Self.cryptsetupOpens(first, password: keys["EXPA0002"] ?? "") != 0)

        // Drive 1's error log names the blob NTFS cannot hold.
        let errorLogURI = byId["EXPA0001"]?["errorLogUri"] as? String
        let errorLog = try #require(errorLogURI.flatMap { Self.accountPath($0) }, "\(byId)")
        let log = String(decoding: try TargetView(harness.target).bytes(errorLog), as: UTF8.self)
        #expect(log.contains("odd/bad:name.txt") && log.contains("FileNameInvalid"), "\(log)")
        // logLevel Verbose: drive 2's verbose log lists the blobs it took.
        let verboseURI = byId["EXPA0002"]?["verboseLogUri"] as? String
        let verbosePath = try #require(verboseURI.flatMap { Self.accountPath($0) }, "\(byId)")
        let verbose = String(decoding: try TargetView(harness.target).bytes(verbosePath), as: UTF8.self)
        #expect(verbose.contains("data/c.bin") && verbose.contains("data/d.bin") && verbose.contains("Completed"), "\(verbose)")

        // The drives go back as for import.
        try harness.check(["sim", "ship-back", "export-job"])
        #expect(try harness.drives("export-job").allSatisfy { Self.state($0) == "ShippedBack" })
    }

    /// Each failure state produced for real, one job each, while a good export job's drive is
    /// written meanwhile: an invalid blob list blob, a missing one, a drive too small for the
    /// first blob, a drive that fails writes (faultfs under the loop device).
    @Test(.requiresFUSE)
    func failureStatesLeaveTheOtherDrivesServed() throws {
        let harness = try DaemonHarness("export-fail")
        defer { harness.stop() }
        let account = try Account(harness)
        try account.put("lists/bad.xml", Array("<BlobList><BlobPathPrefix>no-slash</BlobPathPrefix></BlobList>".utf8))
        try account.put("lists/good.xml", Array("<BlobList><BlobPath>data/fits.bin</BlobPath><BlobPath>data/large.bin</BlobPath></BlobList>".utf8))
        let fits = DaemonTests.randomBytes(6 << 20, seed: 201)
        try account.put("data/fits.bin", fits)
        try account.put("data/large.bin", DaemonTests.randomBytes(30 << 20, seed: 202))
        try account.put("data/filler.bin", DaemonTests.randomBytes(36 << 20, seed: 203))
        try harness.start()
        let faulty = try Self.blank(harness, "FAULTY01", size: "64M")
        try FaultFS.with(image: faulty, faults: [.writeEIOAfter(offset: 20 << 20)], writable: true) { mount in
            defer { harness.shutdown() }
            try Self.start(harness, job: "bad-list", body: Self.exportJob(listBlob: "lists/bad.xml"),
                           images: [try Self.blank(harness, "BADLIST1", size: "16M")])
            try Self.start(harness, job: "no-list", body: Self.exportJob(listBlob: "lists/missing.xml"),
                           images: [try Self.blank(harness, "NOLIST01", size: "16M")])
            try Self.start(harness, job: "too-small", body: Self.exportJob(blobPaths: ["data/large.bin"]),
                           images: [try Self.blank(harness, "SMALL001", size: "16M")])
            try Self.start(harness, job: "failing", body: Self.exportJob(blobPaths: ["data/filler.bin"]), images: [mount.imagePath])
            try Self.start(harness, job: "good", body: Self.exportJob(listBlob: "/lists/good.xml"),
                           images: [try Self.blank(harness, "GOOD0001", size: "32M")])
            try harness.check(["sim", "advance", "2d"])
            let expected: [(job: String, state: String, copyStatus: String)] = [
                ("bad-list", "CompletedMoreInfo", "ExportBlobListFormatInvalid"),
                ("no-list", "CompletedMoreInfo", "BlobAccessForbidden"),
                ("too-small", "CompletedMoreInfo", "UnsupportedDisk"),
                ("failing", "CompletedMoreInfo", "HardwareError"),
                ("good", "CompletedMoreInfo", "CompletedWithWarnings"),
            ]
            for (job, state, copyStatus) in expected {
                let drives = try harness.waitForDrives(job, timeout: 180) { drives in
                    drives.count == 1 && ["Completed", "CompletedMoreInfo"].contains(Self.state(drives[0]))
                }
                #expect(drives.first.map(Self.state) == state, "\(job): \(drives)")
                #expect(drives.first?["copyStatus"] as? String == copyStatus, "\(job): \(drives)\n\(harness.log)")
                #expect(try Self.keys(harness, job).isEmpty == (job != "good"), "\(job): a key only for the drive written")
            }
            #expect(try mount.stats().failed > 0, "the write fault was hit")

            // The good drive holds what fit; what did not is in the incomplete blob list.
            let properties = try harness.jobResource("good")["properties"] as? [String: Any] ?? [:]
            let listURI = properties["incompleteBlobListUri"] as? String
            let listPath = try #require(listURI.flatMap { Self.accountPath($0) }, "\(properties)")
            let list = String(decoding: try TargetView(harness.target).bytes(listPath), as: UTF8.self)
            #expect(list.contains("<BlobPath IncludeSnapshots=\"false\">data/large.bin</BlobPath>") && !list.contains("fits.bin"), "\(list)")
            let key = try #require(try Self.keys(harness, "good")["GOOD0001"])
            let held = try Self.driveFiles(harness.scratch.file("GOOD0001.img"), password: key, ["data/fits.bin", "data/large.bin"])
            #expect(held["data/fits.bin"] == fits)
            #expect(held["data/large.bin"] == nil)
        }
    }

    /// A drive that stops answering writes (faultfs holds every write): the writer's watchdog
    /// (writer_timeout_seconds) kills the writer and the drive fails alone with "Hardware
    /// error"; another job's drive is written meanwhile.
    @Test(.requiresFUSE)
    func hungDriveFailsByTheWriterWatchdog() throws {
        let harness = try DaemonHarness("export-hung", extraConfig: "writer_timeout_seconds = 3\n")
        defer { harness.stop() }
        let account = try Account(harness)
        let blob = DaemonTests.randomBytes(2 << 20, seed: 501)
        try account.put("data/blob.bin", blob)
        try harness.start()
        let image = try Self.blank(harness, "HUNG0001", size: "32M")
        try FaultFS.with(image: image, faults: [.writeHang(offset: 0, length: 32 << 20)], writable: true) { mount in
            defer {
                try? mount.setFaults([])
                harness.shutdown()
            }
            try Self.start(harness, job: "hung-job", body: Self.exportJob(prefixes: ["/"]), images: [mount.imagePath])
            try Self.start(harness, job: "steady-job", body: Self.exportJob(prefixes: ["/"]),
                           images: [try Self.blank(harness, "STEADY01", size: "32M")])
            try harness.check(["sim", "advance", "2d"])
            let hung = try harness.waitForDrives("hung-job", timeout: 120) { drives in
                drives.first.map(Self.state) == "CompletedMoreInfo"
            }
            #expect(hung.first?["copyStatus"] as? String == "HardwareError", "\(hung)\n\(harness.log)")
            #expect(harness.log.contains("did not answer the writer for 3 s"), "\(harness.log)")
            #expect(try mount.stats().hung > 0, "the writes were held")
            let steady = try harness.waitForDrives("steady-job", timeout: 120) { drives in
                drives.first.map(Self.state) == "Completed"
            }
            #expect(steady.first.map(Self.state) == "Completed", "\(steady)")
            let key = try #require(try Self.keys(harness, "steady-job")["STEADY01"])
            #expect(try Self.driveFiles(harness.scratch.file("STEADY01.img"), password: key, ["data/blob.bin"])["data/blob.bin"] == blob)
        }
    }

    /// The host cannot write (its writer program is missing): the drive stays `Transferring`,
    /// without a key, and is not started again and again while it stays attached.
    @Test func aHostThatCannotWriteLeavesTheDriveWaiting() throws {
        let harness = try DaemonHarness("export-nowriter")
        defer { harness.stop() }
        try Account(harness).put("data/blob.bin", [1, 2, 3])
        try harness.start(environment: ["IEDRIVE_WRITER": harness.scratch.file("no-such-writer")])
        try Self.start(harness, job: "nowriter-job", body: Self.exportJob(prefixes: ["/"]),
                       images: [try Self.blank(harness, "NOWRITE1", size: "16M")])
        try harness.check(["sim", "advance", "2d"])
        let waiting = "written again at its next attachment"
        let deadline = Date().addingTimeInterval(60)
        while !harness.log.contains(waiting), Date() < deadline { usleep(100_000) }
        sleep(3)   // the clock service re-evaluates every second: a spinning drive would start again
        #expect(harness.log.components(separatedBy: waiting).count - 1 == 1, "\(harness.log)")
        #expect(harness.log.contains("the writer program") && harness.log.contains("is missing"), "\(harness.log)")
        let drives = try harness.drives("nowriter-job")
        #expect(drives.first.map(Self.state) == "Transferring", "\(drives)")
        #expect(try Self.keys(harness, "nowriter-job").isEmpty)
    }

    /// kill -9 of the daemon while a drive is being written (its writes held by faultfs), then
    /// a restart: the drive, still `Transferring`, is written again from the start with a new
    /// key, and ends complete. The writer process dies with the daemon.
    @Test(.requiresFUSE)
    func killedDaemonRewritesTheDriveFromTheStart() throws {
        let harness = try DaemonHarness("export-kill")
        defer { harness.stop() }
        let account = try Account(harness)
        let blob = DaemonTests.randomBytes(40 << 20, seed: 301)
        try account.put("data/big.bin", blob)
        try harness.start()
        let image = try Self.blank(harness, "KILLED01", size: "64M")
        try FaultFS.with(image: image, faults: [.writeHang(offset: 16 << 20, length: 32 << 20)], writable: true) { mount in
            defer {
                try? mount.setFaults([])
                harness.shutdown()
            }
            try Self.start(harness, job: "kill-job", body: Self.exportJob(prefixes: ["/"]), images: [mount.imagePath])
            try harness.check(["sim", "advance", "2d"])
            let deadline = Date().addingTimeInterval(60)
            while try mount.stats().hanging == 0, Date() < deadline { usleep(50_000) }
            #expect(try mount.stats().hanging > 0, "the writes never reached the held region")
            let writing = try harness.drives("kill-job")
            #expect(writing.first.map(Self.state) == "Transferring", "\(writing)")
            #expect(try Self.keys(harness, "kill-job").isEmpty, "no key while the drive is Transferring")
            harness.daemon?.signal(SIGKILL)
            _ = harness.daemon?.wait(timeout: 10)
            try mount.setFaults([])
            try harness.start()
            let drives = try harness.waitForDrives("kill-job", timeout: 180) { drives in
                ["Completed", "CompletedMoreInfo"].contains(drives.first.map(Self.state) ?? "")
            }
            #expect(drives.first.map(Self.state) == "Completed", "\(drives)\n\(harness.log)")
            #expect(harness.log.contains("writing export drive again from the start"), "\(harness.log)")
            let key = try #require(try Self.keys(harness, "kill-job")["KILLED01"])
            let held = try Self.driveFiles(image, password: key, ["data/big.bin"])
            #expect(held["data/big.bin"] == blob, "the rewritten drive holds the blob")
        }
    }
}
