import Foundation
@testable import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

// Helpers of the `iedrive import` end-to-end tests: source trees with known bytes, manifests
// (scripts/make-manifest, edited as text where a test needs it), drive images
// (scripts/make-test-drive), the built binary run in the foreground or in the background (to
// be killed), and the target read back through LocalDirectoryTarget's own API.

// MARK: - Source trees

/// Files written on the host, then copied onto a drive image by make-test-drive; they stay
/// on the host as the expected bytes of every blob.
struct SourceTree {
    let root: String
    private var random: SplitMix

    init(root: String, seed: UInt64) throws {
        self.root = root
        random = SplitMix(seed: seed)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func directory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    func file(_ relative: String, _ bytes: [UInt8]) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: full, contents: Data(bytes)) else {
            throw TestSupportError.setup("cannot write \(full)")
        }
    }

    func file(_ relative: String, text: String) throws { try file(relative, Array(text.utf8)) }

    mutating func randomFile(_ relative: String, size: Int) throws { try file(relative, random.bytes(size)) }

    mutating func textFile(_ relative: String, size: Int) throws { try file(relative, random.text(size)) }

    /// A file of `size` bytes that holds random bytes only in `runs` (holes elsewhere).
    mutating func sparseFile(_ relative: String, size: Int, runs: [(offset: Int, length: Int)]) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw TestSupportError.setup("cannot create \(full)") }
        defer { close(fd) }
        for run in runs {
            let data = random.bytes(run.length)
            let written = data.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(run.offset)) }
            guard written == run.length else { throw TestSupportError.setup("cannot write \(full)") }
        }
        guard ftruncate(fd, off_t(size)) == 0 else { throw TestSupportError.setup("cannot size \(full)") }
    }

    func bytes(_ relative: String) throws -> [UInt8] { try readAll(path(relative)) }
}

/// SplitMix64, for reproducible contents.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { raw in
            var index = 0
            while index < raw.count {
                var word = next()
                for _ in 0..<8 where index < raw.count {
                    raw[index] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    index += 1
                }
            }
        }
        return result
    }

    mutating func text(_ count: Int) -> [UInt8] {
        let words = ["drive", "import", "blob", "NTFS", "volume", "Übergröße", "日本", "cluster", "record", "\n"]
        var result: [UInt8] = []
        result.reserveCapacity(count + 16)
        while result.count < count {
            result += Array(words[Int(next() % UInt64(words.count))].utf8)
            result.append(0x20)
        }
        return Array(result.prefix(count))
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

func readAll(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw TestSupportError.setup("cannot read \(path)")
    }
    return [UInt8](data)
}

// MARK: - Manifests

enum ManifestTool {
    /// Runs scripts/make-manifest on `tree`; returns its key=value lines.
    @discardableResult
    static func make(_ tree: String, _ options: [String] = []) throws -> [String: String] {
        facts(try CommandRunner.check([TestEnvironment.script("make-manifest"), tree] + options))
    }

    static func facts(_ text: String) -> [String: String] {
        var facts: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return facts
    }

    static func edit(_ path: String, _ transform: (String) throws -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = try transform(text)
        #expect(changed != text, "the manifest edit changed nothing")
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// `xml` inserted as the last children of the `Blob` whose BlobPath is `blobPath` (after
    /// its block or page range list, drive-manifest.md §1 order).
    static func appendToBlob(_ blobPath: String, _ xml: String, in text: String) throws -> String {
        let marker = "<BlobPath>\(escaped(blobPath))</BlobPath>"
        guard let start = text.range(of: marker), let end = text.range(of: "      </Blob>", range: start.upperBound..<text.endIndex)
        else { throw TestSupportError.setup("no blob \(blobPath) in the manifest") }
        return text.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: "        " + xml + "\n")
    }

    /// Replaces the text of one element of the blob `blobPath` (`<Tag>old</Tag>` → new).
    static func replaceInBlob(_ blobPath: String, _ old: String, _ new: String, in text: String) throws -> String {
        let marker = "<BlobPath>\(escaped(blobPath))</BlobPath>"
        guard let start = text.range(of: marker), let end = text.range(of: "</Blob>", range: start.upperBound..<text.endIndex),
              let found = text.range(of: old, range: start.lowerBound..<end.lowerBound)
        else { throw TestSupportError.setup("no \(old) in blob \(blobPath)") }
        return text.replacingCharacters(in: found, with: new)
    }

    static func md5(_ bytes: [UInt8]) -> String { MD5.digest(bytes).description.uppercased() }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

// MARK: - Running the binary

/// One `iedrive import` run: exit status, output, and the JSON lines it printed.
struct ImportRun: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    /// Killed by this signal instead of exiting.
    var signal: Int32?

    var events: [[String: Any]] {
        stdout.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    func events(_ kind: String) -> [[String: Any]] { events.filter { $0["event"] as? String == kind } }
    var summary: [String: Any]? { events("summary").last }
    var failure: [String: Any]? { events("failure").last }
    var blobEvents: [[String: Any]] { events("blob") }

    func summaryInt(_ key: String) -> Int? { (summary?[key] as? NSNumber)?.intValue }

    var description: String {
        "exit \(signal.map { "signal \($0)" } ?? String(status))\n--- stdout\n\(stdout.suffix(4000))\n--- stderr\n\(stderr.suffix(4000))"
    }
}

enum Importer {
    /// `iedrive import DEVICE --allow-unencrypted? --target --journal --json` plus `extra`.
    static func arguments(_ device: String, target: String, journal: String, unencrypted: Bool = true,
                          extra: [String] = []) -> [String] {
        [TestEnvironment.iedriveBinary, "import", device, "--target", target, "--journal", journal, "--json"]
            + (unencrypted ? ["--allow-unencrypted"] : []) + extra
    }

    static func run(_ device: String, target: String, journal: String, unencrypted: Bool = true,
                    extra: [String] = []) throws -> ImportRun {
        let result = try CommandRunner.run(arguments(device, target: target, journal: journal, unencrypted: unencrypted, extra: extra))
        return ImportRun(status: result.status, stdout: result.stdout, stderr: result.stderr, signal: nil)
    }
}

/// The binary started in the background with its output in files, to be waited for or killed.
/// Spawned and reaped with posix_spawn and waitpid, not Foundation's Process: a child that
/// crashed while its backtracer ran was seen to stay an unreaped zombie under Process, and
/// waitUntilExit never returned.
final class BackgroundImport {
    let pid: pid_t
    let outPath: String
    let errPath: String
    private var exitStatus: Int32?

    init(_ arguments: [String], scratch: String) throws {
        let label = UUID().uuidString.prefix(8)
        outPath = "\(scratch)/import-\(label).out"
        errPath = "\(scratch)/import-\(label).err"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Nothing else of the test process: a pipe another test's command holds open (Foundation
        // makes them without close-on-exec) would not see its end while this import runs.
        _ = Pipes.addCloseFrom(&actions, 3)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let error = posix_spawn(&child, arguments[0], &actions, nil, argv, environ)
        guard error == 0 else { throw TestSupportError.setup("posix_spawn \(arguments[0]): \(String(cString: strerror(error)))") }
        pid = child
    }

    /// Not yet exited (reaps it when it has).
    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || (result < 0 && errno == ECHILD) {
            exitStatus = result == pid ? status : -1
            return false
        }
        return true
    }

    /// Standard error so far.
    var stderrText: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }

    /// The `iedrive-reader` child, when it runs.
    func readerPID() -> Int32? {
        ProcessTree.children(of: pid).first { ProcessTree.command(of: $0) == "iedrive-reader" }
    }

    func kill(_ signal: Int32 = SIGKILL) {
        if isRunning { Glibc.kill(pid, signal) }
    }

    /// Whether the Swift runtime reported a crash on standard error (it then runs its
    /// backtracer, which takes a while: let it finish rather than kill it).
    var crashed: Bool {
        ((try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "").contains("Backtracing from")
    }

    /// Waits for the exit (at most `timeout` seconds, then kills it).
    func wait(timeout: Double = 120) -> ImportRun {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning, Date() < deadline { usleep(5_000) }
        if isRunning {
            Glibc.kill(pid, SIGKILL)
            while isRunning { usleep(5_000) }
        }
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        let status = exitStatus ?? -1
        let signaled = status >= 0 && (status & 0x7F) != 0 && (status & 0x7F) != 0x7F
        return ImportRun(status: signaled ? -1 : (status >> 8) & 0xFF, stdout: out, stderr: err,
                         signal: signaled ? status & 0x7F : nil)
    }
}

enum ProcessTree {
    static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var result: [Int32] = []
        for task in tasks {
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            result += text.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        return result
    }

    static func command(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Alive and not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }

    /// Waits until `pid` is gone; kills it (by pid: a process this test started) after `timeout`.
    static func waitGone(_ pid: Int32, timeout: Double = 10) {
        let deadline = Date().addingTimeInterval(timeout)
        while isAlive(pid), Date() < deadline { usleep(10_000) }
        if isAlive(pid) {
            kill(pid, SIGKILL)
            while isAlive(pid) { usleep(10_000) }
        }
    }
}

// MARK: - The target, read back

/// A LocalDirectoryTarget read through its own API (info, openBlob, list).
struct TargetView {
    let target: LocalDirectoryTarget

    init(_ root: String) { target = LocalDirectoryTarget(root: root) }

    func path(_ text: String) throws -> BlobPath { try BlobPath.parse(text) }

    func info(_ text: String) throws -> StoredBlobInfo? { try target.info(try path(text)) }

    func bytes(_ text: String) throws -> [UInt8] {
        let fd = try target.openBlob(try path(text))
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TestSupportError.setup("fstat \(text)") }
        var result = [UInt8](repeating: 0, count: Int(info.st_size))
        let filled = try readFull(fd, &result)
        guard filled == result.count else { throw TestSupportError.setup("\(text): \(filled) of \(result.count) bytes read") }
        return result
    }

    /// Bytes allocated on disk for the blob's data (st_blocks × 512).
    func allocatedBytes(_ text: String) throws -> Int {
        let fd = try target.openBlob(try path(text))
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw TestSupportError.setup("fstat \(text)") }
        return Int(info.st_blocks) * 512
    }

    /// Every blob of `container`, in listing order (pages of `page`).
    func list(_ container: String, page: Int = 7) throws -> [StoredBlobInfo] {
        var all: [StoredBlobInfo] = []
        var after: String?
        while true {
            let batch = try target.list(container: container, prefix: "", startAfter: after, limit: page)
            all += batch
            guard batch.count == page, let last = batch.last else { return all }
            after = last.path.name
        }
    }

    /// Blob paths (`container/name`) of every listed blob of the containers.
    func names(_ containers: Set<String>) throws -> Set<String> {
        var names = Set<String>()
        for container in containers { for blob in try list(container) { names.insert(blob.path.text) } }
        return names
    }

    /// Staged entries left under `.iedrive/staging`.
    func stagingEntries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: target.root + "/.iedrive/staging")) ?? []
    }
}

/// `expected`: blob path text → the source file's bytes.
typealias ExpectedBlobs = [String: [UInt8]]

/// The target holds exactly `expected` (names from `list`, bytes from `openBlob`), each blob's
/// length as recorded, MD5 and bytes equal to the source.
func expectTarget(_ view: TargetView, holdsExactly expected: ExpectedBlobs, _ context: String = "",
                  sourceLocation: SourceLocation = #_sourceLocation) throws {
    let containers = Set(expected.keys.compactMap { $0.split(separator: "/").first.map(String.init) })
    let names = try view.names(containers)
    let extra = names.subtracting(expected.keys).sorted()
    let missing = Set(expected.keys).subtracting(names).sorted()
    #expect(names == Set(expected.keys), "\(context): blobs in the target differ: extra \(extra), missing \(missing)",
            sourceLocation: sourceLocation)
    for (name, source) in expected.sorted(by: { $0.key < $1.key }) where names.contains(name) {
        try expectBlob(view, name, equals: source, context, sourceLocation: sourceLocation)
    }
}

/// Every blob in the target is one of `expected` and complete (after a kill: some may be
/// missing, none may be partial or foreign).
func expectTarget(_ view: TargetView, holdsOnlyCompleteBlobsOf expected: ExpectedBlobs, _ context: String = "",
                  sourceLocation: SourceLocation = #_sourceLocation) throws -> Int {
    let containers = Set(expected.keys.compactMap { $0.split(separator: "/").first.map(String.init) })
    let names = try view.names(containers)
    #expect(names.isSubset(of: Set(expected.keys)), "\(context): unexpected blobs \(names.subtracting(expected.keys).sorted())",
            sourceLocation: sourceLocation)
    for name in names.sorted() {
        guard let source = expected[name] else { continue }
        try expectBlob(view, name, equals: source, context, sourceLocation: sourceLocation)
    }
    return names.count
}

func expectBlob(_ view: TargetView, _ name: String, equals source: [UInt8], _ context: String = "",
                sourceLocation: SourceLocation = #_sourceLocation) throws {
    let info = try view.info(name)
    #expect(info?.length == UInt64(source.count), "\(context): \(name) length", sourceLocation: sourceLocation)
    let stored = try view.bytes(name)
    #expect(MD5.digest(stored) == MD5.digest(source), "\(context): \(name) MD5", sourceLocation: sourceLocation)
    // memcmp: Array's == goes element by element in a debug build.
    if stored.count != source.count || memcmp(stored, source, stored.count) != 0 {
        let first = zip(stored, source).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(stored.count, source.count)
        Issue.record("\(context): \(name) differs from its source at byte \(first) (\(stored.count) vs \(source.count) bytes)",
                     sourceLocation: sourceLocation)
    }
}

// MARK: - Drives

enum ImportDrives {
    /// A plain NTFS image of `tree` (manifest already in it) at `path`.
    static func plain(_ tree: String, at path: String, size: String = "64M", extra: [String] = []) throws -> TestDrives.Drive {
        try TestDrives.build("plain-ntfs", at: path, options: ["--files", tree, "--size", size] + extra)
    }
}

/// Records the sha256 of drive images and checks at the end that none changed.
struct ReadOnlyProof {
    private var digests: [(String, String)] = []

    mutating func record(_ path: String) throws { digests.append((path, try sha256(of: path))) }

    func check(sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (path, digest) in digests {
            #expect(try sha256(of: path) == digest, "\(path) changed: an import must never write to the drive",
                    sourceLocation: sourceLocation)
        }
    }
}

/// Runs a command that must succeed (mount, mkfs, …).
@discardableResult
func sh(_ arguments: String...) throws -> String {
    try CommandRunner.check(Array(arguments), environment: ["PATH": "/usr/sbin:/sbin:/usr/bin:/bin"])
}

/// Unmounts `mountpoint` if mounted (lazily as a last resort), for `defer`.
func unmountQuietly(_ mountpoint: String) {
    for _ in 0..<20 {
        guard FaultFS.isMounted(mountpoint) else { return }
        if (try? CommandRunner.run(["umount", mountpoint]))?.status == 0 { return }
        usleep(100_000)
    }
    _ = try? CommandRunner.run(["umount", "-l", mountpoint])
}
