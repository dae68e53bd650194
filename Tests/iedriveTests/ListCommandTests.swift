import Foundation
import IEDriveTestSupport
import Testing

/// `iedrive ls DEVICE [PATH]` on real volumes: the tree as put on the drive, without DOS 8.3
/// aliases (the plain tree drive gives every long name one) or NTFS system files.
@Suite(.requiresRoot)
struct ListCommandTests {
    /// The paths of a listing: `<kind><sparse><compressed> <size right-aligned in 14>  <path>`.
    func paths(_ stdout: String) -> [String] {
        stdout.split(separator: "\n").map { String($0.dropFirst(20)) }
    }

    /// One line of a text listing.
    func line(_ flags: String, _ size: Int, _ path: String) -> String {
        let digits = String(size)
        return flags + " " + String(repeating: " ", count: 14 - digits.count) + digits + "  " + path + "\n"
    }

    func expectClean(_ paths: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for path in paths {
            let name = (path as NSString).lastPathComponent
            #expect(!name.hasPrefix("$"), "system file listed: \(path)", sourceLocation: sourceLocation)
            #expect(!name.contains("~"), "8.3 alias listed: \(path)", sourceLocation: sourceLocation)
            #expect(name != "System Volume Information", sourceLocation: sourceLocation)
        }
    }

    @Test("plain: the root, then -R the whole tree, exactly as written; no aliases, no $ files")
    func plainTree() throws {
        let plain = try VerifyDrives.plainTree()
        let (root, recursive) = try expectUnchanged([plain.path]) {
            (try CLI.iedrive(["ls", plain.path, "--allow-unencrypted"]),
             try CLI.iedrive(["ls", plain.path, "-R", "--allow-unencrypted"]))
        }
        #expect(root.status == 0, "\(root)")
        let topLevel = Set(plain.files.keys.map { "/" + $0 } + plain.directories.map { "/" + $0 })
            .filter { $0.dropFirst().contains("/") == false }
        #expect(Set(paths(root.stdout)) == topLevel)
        #expect(root.stdout.contains(line("d--", 0, "/folder")), "\(root.stdout)")
        #expect(root.stdout.contains(line("---", 1, "/tiny.txt")), "\(root.stdout)")
        #expect(root.stdout.contains(line("-s-", 16 << 20, "/sparse.bin")), "\(root.stdout)")
        expectClean(paths(root.stdout))

        #expect(recursive.status == 0, "\(recursive)")
        let everything = Set(plain.files.keys.map { "/" + $0 } + plain.directories.map { "/" + $0 })
        #expect(Set(paths(recursive.stdout)) == everything)
        #expect(paths(recursive.stdout).count == everything.count, "an entry listed twice")
        #expect(recursive.stdout.contains("/\(VerifyDrives.unicodeFile)\n"))
        expectClean(paths(recursive.stdout))
    }

    @Test("plain: --json lines with kind, size, sparse and compressed; a sub-path with backslashes; a file")
    func plainJSON() throws {
        let plain = try VerifyDrives.plainTree()
        let (all, folder, file) = try expectUnchanged([plain.path]) {
            (try CLI.iedrive(["ls", plain.path, "-R", "--json", "--allow-unencrypted"]),
             try CLI.iedrive(["ls", plain.path, "\\folder\\sub", "--allow-unencrypted"]),
             try CLI.iedrive(["ls", plain.path, "/" + VerifyDrives.randomFile, "--json", "--allow-unencrypted"]))
        }
        #expect(all.status == 0, "\(all)")
        var entries: [String: [String: Any]] = [:]
        for line in all.stdout.split(separator: "\n") {
            let object = try jsonObject(String(line))
            entries[try #require(object["path"] as? String)] = object
        }
        #expect(entries.count == plain.files.count + plain.directories.count)
        for (path, size) in plain.files {
            let entry = try #require(entries["/" + path], "\(path) not listed")
            #expect(entry["kind"] as? String == "file", "\(path)")
            #expect(entry["size"] as? Int == size, "\(path)")
            #expect(entry["modified"] is Int)
        }
        for path in plain.directories {
            #expect(entries["/" + path]?["kind"] as? String == "directory", "\(path)")
        }
        #expect(entries["/sparse.bin"]?["sparse"] as? Bool == true)
        #expect(entries["/pages/disk.vhd"]?["sparse"] as? Bool == true)
        #expect(entries["/comp/numbers.txt"]?["compressed"] as? Bool == true)
        #expect(entries["/comp/nested/notes.txt"]?["compressed"] as? Bool == true)
        #expect(entries["/tiny.txt"]?["compressed"] as? Bool == false)
        #expect(entries["/" + VerifyDrives.randomFile]?["sparse"] as? Bool == false)

        #expect(folder.status == 0, "\(folder)")
        #expect(Set(paths(folder.stdout)) == ["/folder/sub/deeper", "/folder/sub/note.txt"])

        #expect(file.status == 0, "\(file)")
        let single = try jsonObject(file.stdout)
        #expect(single["path"] as? String == "/" + VerifyDrives.randomFile)
        #expect(single["size"] as? Int == 5 << 20)
    }

    @Test("a path not on the volume: exit 7; a plain drive without --allow-unencrypted: exit 4")
    func missingPath() throws {
        let plain = try VerifyDrives.plainTree()
        let (missing, refused) = try expectUnchanged([plain.path]) {
            (try CLI.iedrive(["ls", plain.path, "/folder/nope", "--allow-unencrypted"]),
             try CLI.iedrive(["ls", plain.path]))
        }
        #expect(missing.status == 7, "\(missing)")
        #expect(missing.stderr.contains("/folder/nope"))
        #expect(missing.stdout.isEmpty)
        try expectDriveFailure(refused, label: "BitLocker volume not found", token: "BitLockerVolumeNotFound", json: false, command: "ls")
    }

    @Test("BitLocker: -R lists the tree (the hidden System Volume Information is not shown); a wrong key fails",
          .requiresFixtures)
    func bitLocker() throws {
        let encrypted = try VerifyDrives.bitLockerTree()
        let key = try #require(encrypted.drive.recoveryKey)
        let scratch = try TestEnvironment.temporaryDirectory("vt-ls-bitlocker")
        defer { scratch.cleanup() }
        let keyFile = try writeFile(key, in: scratch, named: "key")
        let (listed, wrong) = try expectUnchanged([encrypted.path]) {
            (try CLI.iedrive(["ls", encrypted.path, "-R", "--recovery-key-file", keyFile]),
             try CLI.iedrive(["ls", encrypted.path, "--recovery-key", VerifyFailureTests.wrongKey]))
        }
        #expect(listed.status == 0, "\(listed)")
        let expected = Set(encrypted.files.keys.map { "/" + $0 } + encrypted.directories.map { "/" + $0 })
        #expect(Set(paths(listed.stdout)) == expected)
        expectClean(paths(listed.stdout))
        expectNoKey(key, in: listed.stdout + listed.stderr)

        try expectDriveFailure(wrong, label: "BitLocker key invalid", token: "BitLockerKeyInvalid", json: false, command: "ls")
    }
}
