import IEDriveSystem
import IEDriveTestSupport
import Testing

/// The wrappers against the real system: what they do, and what their errors say.
@Suite struct SystemCallTests {
    @Test func anErrorNamesTheCallItsSubjectAndTheErrno() throws {
        let directory = try TestEnvironment.temporaryDirectory("errors")
        defer { directory.cleanup() }
        let missing = directory.file("missing")
        let error = #expect(throws: SystemCallError.self) { try SystemCall.open(missing, .readOnly) }
        #expect(error?.call == "open")
        #expect(error?.subject == missing)
        #expect(error?.errno == .noSuchFileOrDirectory)
        #expect(error?.description == "open \(missing): No such file or directory")

        let root = try SystemCall.open(directory.path, [.readOnly, .directory])
        defer { SystemCall.close(root) }
        let renamed = #expect(throws: SystemCallError.self) { try SystemCall.renameat2(root, "a", root, "b") }
        #expect(renamed?.description == "renameat2 a → b: No such file or directory")
    }

    @Test func renameNoReplaceRefusesAnExistingName() throws {
        let directory = try TestEnvironment.temporaryDirectory("noreplace")
        defer { directory.cleanup() }
        let root = try SystemCall.open(directory.path, [.readOnly, .directory])
        defer { SystemCall.close(root) }
        try write("old", to: "target", in: root)
        try write("new", to: "staged", in: root)

        let error = #expect(throws: SystemCallError.self) {
            try SystemCall.renameat2(root, "staged", root, "target", options: .noReplace)
        }
        #expect(error?.errno == .fileExists)
        #expect(try contents("target", in: root) == "old")
        #expect(try contents("staged", in: root) == "new")

        try SystemCall.renameat2(root, "staged", root, "free", options: .noReplace)
        #expect(try contents("free", in: root) == "new")
        #expect(try SystemCall.fstatatIfPresent(root, "staged") == nil)
    }

    @Test func renameExchangeSwapsTwoNames() throws {
        let directory = try TestEnvironment.temporaryDirectory("exchange")
        defer { directory.cleanup() }
        let root = try SystemCall.open(directory.path, [.readOnly, .directory])
        defer { SystemCall.close(root) }
        try write("one", to: "a", in: root)
        try write("two", to: "b", in: root)
        try SystemCall.renameat2(root, "a", root, "b", options: .exchange)
        #expect(try contents("a", in: root) == "two")
        #expect(try contents("b", in: root) == "one")
    }

    @Test func directoryEntriesLeaveOutDotAndDotDot() throws {
        let directory = try TestEnvironment.temporaryDirectory("entries")
        defer { directory.cleanup() }
        let root = try SystemCall.open(directory.path, [.readOnly, .directory])
        defer { SystemCall.close(root) }
        try write("x", to: "file", in: root)
        try SystemCall.mkdirat(root, "folder")
        try SystemCall.mkdirat(root, "folder")   // existing is fine by default
        #expect(throws: SystemCallError.self) { try SystemCall.mkdirat(root, "folder", existingIsFine: false) }
        let names = try SystemCall.directoryEntries(root, ".").map { String(decoding: $0, as: UTF8.self) }
        #expect(names.sorted() == ["file", "folder"])
        try SystemCall.unlinkat(root, "folder", removingDirectory: true)
        try SystemCall.unlinkat(root, "folder", removingDirectory: true, missingIsFine: true)
        #expect(throws: SystemCallError.self) { try SystemCall.unlinkat(root, "folder", removingDirectory: true) }
    }

    @Test func readToEndStopsOneByteOverTheLimit() throws {
        let pipe = try SystemCall.pipe()
        defer { SystemCall.close(pipe.read) }
        try SystemCall.writeAll(pipe.write, [UInt8](repeating: 7, count: 100), subject: "the test pipe")
        #expect(try SystemCall.readToEnd(pipe.read, limit: 10, subject: "the test pipe").count == 11)
        SystemCall.close(pipe.write)
        #expect(try SystemCall.readToEnd(pipe.read, limit: 1_000, subject: "the test pipe").count == 89)
    }

    @Test func aSpawnedChildGetsExactlyItsDescriptorsAndIsReaped() throws {
        let output = try SystemCall.pipe()
        defer { SystemCall.close(output.read) }
        // fd 3 is the pipe; the shell's own check that fd 4 is closed prints "closed".
        let pid = try SystemCall.spawn("/bin/sh", arguments: ["sh", "-c", "echo hello >&3; (: >&4) 2>/dev/null || echo closed >&3; exit 3"],
                                       environment: [], descriptors: [-1, -1, -1, output.write])
        SystemCall.close(output.write)
        let status = try SystemCall.waitpid(pid)
        #expect(status.terminationSignal == nil)
        #expect(status.exitStatus == 3)
        let text = String(decoding: try SystemCall.readToEnd(output.read, limit: 100, subject: "the child's output"), as: UTF8.self)
        #expect(text == "hello\nclosed\n")
    }

    @Test func aKilledChildReportsItsSignal() throws {
        let pid = try SystemCall.spawn("/bin/sleep", arguments: ["sleep", "30"], environment: [], descriptors: [-1, -1, -1])
        try SystemCall.kill(pid, .kill)
        let status = try SystemCall.waitpid(pid)
        #expect(status.terminationSignal == .kill)
        #expect(status.terminationSignal?.description == "Killed")
        let error = #expect(throws: SystemCallError.self) { try SystemCall.waitpid(pid) }
        #expect(error?.errno == .noChildProcess)
    }

    private func write(_ text: String, to name: String, in directory: Int32) throws {
        let fd = try SystemCall.openat(directory, name, [.writeOnly, .create, .truncate], permissions: 0o644)
        defer { SystemCall.close(fd) }
        try SystemCall.writeAll(fd, Array(text.utf8), subject: name)
    }

    private func contents(_ name: String, in directory: Int32) throws -> String {
        let fd = try SystemCall.openat(directory, name, .readOnly)
        defer { SystemCall.close(fd) }
        return String(decoding: try SystemCall.readToEnd(fd, limit: 1 << 20, subject: name), as: UTF8.self)
    }
}
