import Foundation
import IEDriveCore
import IEDriveTestSupport
import Testing

/// The real iedrive-reader executable, spawned as iedrive spawns it.
@Suite(.requiresRoot)
struct ReaderProcessTests {
    @Test("spawned as root it drops to an unprivileged user, sandboxes itself and serves")
    func dropsPrivilegesAndServes() throws {
        let drive = try ReaderDrives.plainTree()
        let tree = try TestTrees.readerTree()
        let before = try sha256(of: drive.path)
        let process = try ReaderProcess(device: drive.path)
        let ready = try process.client.ready()
        #expect(ready.uid != 0 && ready.gid != 0, "ready from uid \(ready.uid) gid \(ready.gid)")
        #expect(ready.pid == process.pid)
        #expect(ready.version == "0.1.0")
        let status = try String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8)
        #expect(status.contains("NoNewPrivs:\t1"))
        #expect(status.range(of: #"Groups:\s*\n"#, options: .regularExpression) != nil, "no supplementary groups")
        let limits = try String(contentsOfFile: "/proc/\(process.pid)/limits", encoding: .utf8)
        #expect(limits.range(of: #"Max file size\s+0\s+0"#, options: .regularExpression) != nil)
        #expect(limits.range(of: #"Max core file size\s+0\s+0"#, options: .regularExpression) != nil)

        _ = try process.client.open(VolumeOpening(encryption: .none)).get("open")
        for path in ["/random-5MiB.bin", "/Übergrößé — 日本.txt", "/Compressed/text.txt"] {
            let read = try process.client.read(ReadRange(path: path, length: .max)).get("read \(path)")
            #expect(read.bytes == (try ReaderDrives.sourceBytes(tree, path)), "\(path)")
        }
        try process.client.shutdown()
        #expect(try process.client.atEndOfStream())
        #expect(try process.waitForExit() == 0, "stderr: \(process.stderr)")
        #expect(process.stderr.contains("opened NTFS"))
        #expect(try sha256(of: drive.path) == before)
    }

    @Test("as nobody it unlocks BitLocker on a root-only image through the inherited descriptor", .requiresFixtures)
    func unlocksThroughDescriptor() throws {
        let drive = try ReaderDrives.bitLockerTree()
        let scratch = try TestEnvironment.temporaryDirectory("reader-0600")
        defer { scratch.cleanup() }
        let image = scratch.file("root-only.img")
        try CommandRunner.check(["cp", "--sparse=always", drive.path, image])
        #expect(chmod(image, 0o600) == 0)
        let key = try ReaderDrives.key(of: drive)
        let process = try ReaderProcess(device: image)
        #expect(try process.client.ready().uid != 0)
        let info = try process.client.open(VolumeOpening(encryption: .bitLocker(key))).get("open")
        #expect(info.encrypted)
        #expect(try process.client.read(ReadRange(path: "/tiny.txt", length: 100)).get("read").bytes == Array("tiny\n".utf8))
        process.closeRequests()
        #expect(try process.waitForExit() == 0, "stderr: \(process.stderr)")
        #expect(!process.stderr.contains(key.revealedForUnlock), "the key never reaches the log")
        #expect(try sha256(of: image) == (try sha256(of: drive.path)))
    }

    @Test("run by hand (no descriptors 3–5) it explains itself and exits 2")
    func byHand() throws {
        let (status, stderr) = try ReaderProcess.runWithoutDescriptors()
        #expect(status == 2)
        #expect(stderr.contains("internal helper of iedrive"))
        #expect(stderr.contains("3") && stderr.contains("4") && stderr.contains("5"))
        let (unknown, _) = try ReaderProcess.runWithoutDescriptors(arguments: ["--frobnicate"])
        #expect(unknown == 2)
    }

    @Test("a user that does not exist: a failure frame for request 0, exit 1, before any parsing")
    func unknownUser() throws {
        let drive = try ReaderDrives.plainTree()
        let process = try ReaderProcess(arguments: ["--user", "no-such-user-iedrive"], device: drive.path)
        let failure = try ReaderFailure(frame: try process.client.reply(to: 0))
        #expect(failure.kind == .internalError)
        #expect(try process.waitForExit() == 1)
    }
}
