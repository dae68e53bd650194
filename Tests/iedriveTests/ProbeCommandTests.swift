import Foundation
import IEDriveTestSupport
import Testing

/// End to end through the built `iedrive` binary: exit codes, messages, JSON, read-only.
@Suite struct ProbeCommandTests {
    func iedrive(_ arguments: [String]) throws -> CommandResult {
        try CommandRunner.run([TestEnvironment.iedriveBinary] + arguments)
    }

    func json(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any])
    }

    @Test func helpDocumentsExitCodes() throws {
        let result = try iedrive(["probe", "--help"])
        #expect(result.status == 0)
        for line in ["0  probed; the drive is acceptable", "3  probed; the drive is not acceptable",
                     "1  cannot be probed", "2  usage error", "--allow-unencrypted", "--json"] {
            #expect(result.stdout.contains(line), "help lacks: \(line)")
        }
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try iedrive(["probe"]).status == 2)
        #expect(try iedrive(["probe", "/x", "--no-such-flag"]).status == 2)
        #expect(try iedrive(["no-such-command"]).status == 2)
        #expect(try iedrive(["probe", ""]).status == 2)
    }

    /// `probe PATH` skips ArgumentParser (ProbeInvocation.fastPath); `probe -- PATH` goes
    /// through it. Both must print the same and exit the same, whatever the input.
    @Test("the fast path and ArgumentParser give the same output and status", .requiresRoot)
    func fastPathMatchesParser() throws {
        let scratch = try TestEnvironment.temporaryDirectory("cli-fast")
        defer { scratch.cleanup() }
        let empty = scratch.file("empty.img")
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        let inputs = [try TestDrives.drive("plain-ntfs").path, try TestDrives.drive("truncated").path,
                      empty, scratch.file("absent.img"), scratch.path]
        for input in inputs {
            for flags in [[], ["--json"], ["--allow-unencrypted", "--json"], ["--allow-unencrypted"]] {
                let fast = try iedrive(["probe"] + flags + [input])
                let parsed = try iedrive(["probe"] + flags + ["--", input])
                #expect(fast.status == parsed.status, "\(flags) \(input)")
                #expect(fast.stdout == parsed.stdout, "\(flags) \(input)")
                #expect(fast.stderr == parsed.stderr, "\(flags) \(input)")
            }
        }
    }

    @Test func unprobeablePathsExitOneWithAnActionableMessage() throws {
        let scratch = try TestEnvironment.temporaryDirectory("cli-errors")
        defer { scratch.cleanup() }
        let missing = try iedrive(["probe", scratch.file("absent.img")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no such file or device"))
        #expect(missing.stdout.isEmpty)

        let directory = try iedrive(["probe", scratch.path])
        #expect(directory.status == 1)
        #expect(directory.stderr.contains("is a directory"))

        let empty = scratch.file("empty.img")
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        let emptyResult = try iedrive(["probe", empty, "--json"])
        #expect(emptyResult.status == 1)
        #expect(emptyResult.stderr.contains("empty"))
        let error = try #require(try json(emptyResult.stdout)["error"] as? [String: Any])
        #expect(error["code"] as? String == "empty")
    }

    @Test("permission denied for an unprivileged user", .requiresRoot)
    func permissionDenied() throws {
        let scratch = try TestEnvironment.temporaryDirectory("cli-perm")
        defer { scratch.cleanup() }
        let secret = scratch.file("root-only.img")
        try CommandRunner.check(["truncate", "-s", "1M", secret])
        try CommandRunner.check(["chmod", "0600", secret])
        try CommandRunner.check(["chmod", "0755", scratch.path])
        let result = try CommandRunner.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                            TestEnvironment.iedriveBinary, "probe", secret])
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("permission denied"))
        #expect(result.stderr.contains("Run as root"))
    }

    @Test("plain NTFS: not acceptable (3) unless --allow-unencrypted (0); image unchanged", .requiresRoot)
    func plainNTFS() throws {
        let drive = try TestDrives.drive("plain-ntfs", options: ["--label", "PLAIN"])
        let before = try sha256(of: drive.path)

        let refused = try iedrive(["probe", drive.path])
        #expect(refused.status == 3)
        #expect(refused.stdout.contains("BitLocker volume not found"))

        let accepted = try iedrive(["probe", drive.path, "--allow-unencrypted", "--json"])
        #expect(accepted.status == 0)
        let object = try json(accepted.stdout)
        #expect(object["path"] as? String == drive.path)
        #expect(object["source"] as? String == "imageFile")
        #expect(object["sectorSize"] as? Int == 512)
        #expect(object["partitionTable"] is NSNull)
        #expect(object["device"] is NSNull)
        let volumes = try #require(object["volumes"] as? [[String: Any]])
        #expect(volumes.first?["type"] as? String == "ntfs")
        #expect(volumes.first?["label"] as? String == "PLAIN")
        let verdict = try #require(object["verdict"] as? [String: Any])
        #expect(verdict["acceptable"] as? Bool == true)
        #expect(verdict["state"] is NSNull)

        #expect(try sha256(of: drive.path) == before)
    }

    @Test("truncated NTFS: a damaged table, Unsupported disk (3)", .requiresRoot)
    func truncated() throws {
        let drive = try TestDrives.drive("truncated")
        let result = try iedrive(["probe", drive.path, "--json"])
        #expect(result.status == 3)
        let object = try json(result.stdout)
        #expect(object["partitionTable"] as? String == "dos")
        #expect((object["partitions"] as? [Any])?.isEmpty == true)
        #expect(object["partitionTableDamage"] is String)
        let verdict = try #require(object["verdict"] as? [String: Any])
        #expect(verdict["state"] as? String == "Unsupported disk")
        #expect(verdict["token"] as? String == "UnsupportedDisk")
    }

    @Test("BitLocker in GPT on a loop device: acceptable, JSON lists partition and device", .requiresLoopDevices, .requiresFixtures)
    func bitlockerInGPTLoop() throws {
        let drive = try TestDrives.drive("bitlocker-in-gpt")
        let before = try sha256(of: drive.path)
        try LoopDevice.with(drive.path) { loop in
            let result = try iedrive(["probe", loop.path, "--json"])
            #expect(result.status == 0, "\(result)")
            let object = try json(result.stdout)
            #expect(object["partitionTable"] as? String == "gpt")
            let partitions = try #require(object["partitions"] as? [[String: Any]])
            #expect(partitions.count == 1)
            #expect(partitions.first?["offset"] as? Int == 1_048_576)
            #expect(partitions.first?["number"] as? Int == 1)
            let volumes = try #require(object["volumes"] as? [[String: Any]])
            #expect(volumes.first?["type"] as? String == "BitLocker")
            #expect(volumes.first?["offset"] as? Int == 1_048_576)
            #expect(volumes.first?["bitlockerToGo"] as? Bool == false)
            let device = try #require(object["device"] as? [String: Any])
            #expect(device["backingFile"] as? String == drive.path)
            #expect(device["diskseq"] is Int)
            let verdict = try #require(object["verdict"] as? [String: Any])
            #expect(verdict["acceptable"] as? Bool == true)
            #expect(verdict["partition"] as? Int == 1)

            let text = try iedrive(["probe", loop.path])
            #expect(text.status == 0)
            #expect(text.stdout.contains("backing file \(drive.path)"))
            #expect(text.stdout.contains("verdict: acceptable"))
        }
        #expect(try sha256(of: drive.path) == before)
    }
}
