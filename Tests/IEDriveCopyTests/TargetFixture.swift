import Glibc
@testable import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// A local directory target on a fresh directory, with shortcuts for staging and publishing.
struct TargetFixture {
    let root: String
    let target: LocalDirectoryTarget
    private let scratch: TemporaryDirectory?

    /// A target in a new temporary directory (`cleanup()` removes it).
    init(_ label: String) throws {
        let scratch = try TestEnvironment.temporaryDirectory(label)
        self.scratch = scratch
        root = scratch.path
        target = LocalDirectoryTarget(root: root)
    }

    /// A target on an existing directory (a mount point), removed by its owner.
    init(root: String) {
        scratch = nil
        self.root = root
        target = LocalDirectoryTarget(root: root)
    }

    func cleanup() { scratch?.cleanup() }

    /// Stages `bytes` under `id` (written with pwrite, descriptor closed).
    func stage(_ id: String, _ bytes: [UInt8]) throws {
        let fd = try target.openStaging(StagedBlobID(id), length: UInt64(bytes.count))
        defer { close(fd) }
        try writeAll(fd, bytes, at: 0)
    }

    /// Stages and publishes one blob; returns its outcome.
    @discardableResult
    func put(_ path: String, _ bytes: [UInt8], disposition: ImportDisposition = .rename, id: String? = nil,
             type: BlobType = .block, properties: BlobProperties = BlobProperties(),
             metadata: BlobMetadata = BlobMetadata()) throws -> PublishOutcome {
        let blob = try BlobPath.parse(path)
        let staged = id ?? "put-\(path)-\(UInt64.random(in: 0...UInt64.max))"
        try stage(staged, bytes)
        let request = PublishRequest(staged: StagedBlobID(staged), path: blob, type: type, length: UInt64(bytes.count),
                                     disposition: disposition, properties: properties, metadata: metadata)
        return try #require(try target.publish([request]).first)
    }

    /// The bytes of a published blob.
    func contents(_ path: String) throws -> [UInt8] {
        let fd = try target.openBlob(try BlobPath.parse(path))
        defer { close(fd) }
        return try readAll(fd)
    }

    /// Every name of `container`, page by page of `pageSize`.
    func allNames(_ container: String, prefix: String = "", pageSize: Int = 1_000) throws -> [String] {
        var names: [String] = []
        var after: String?
        while true {
            let page = try target.list(container: container, prefix: prefix, startAfter: after, limit: pageSize)
            names += page.map(\.path.name)
            guard page.count == pageSize, let last = page.last else { return names }
            after = last.path.name
        }
    }
}

struct TestIOError: Error, CustomStringConvertible {
    var errno: Int32
    var description: String { String(cString: strerror(errno)) }
}

func writeAll(_ fd: Int32, _ bytes: [UInt8], at offset: UInt64) throws {
    var done = 0
    while done < bytes.count {
        let count = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + done, $0.count - done, off_t(offset) + off_t(done)) }
        guard count > 0 else { throw TestIOError(errno: errno) }
        done += count
    }
}

func readAll(_ fd: Int32) throws -> [UInt8] {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw TestIOError(errno: errno) }
        if count == 0 { return out }
        out += buffer[..<count]
    }
}

/// Sorts names the way the target lists them: by UTF-8 bytes.
func byteSorted(_ names: [String]) -> [String] {
    names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}

/// Every path below `root` (relative, without the root), with its lstat mode.
func walk(_ root: String) -> [(path: String, mode: mode_t, nameLength: Int)] {
    var out: [(String, mode_t, Int)] = []
    func visit(_ relative: String) {
        guard let stream = opendir(relative.isEmpty ? root : root + "/" + relative) else { return }
        defer { closedir(stream) }
        var children: [String] = []
        while let entry = readdir(stream) {
            let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name)!
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self))
            if name == "." || name == ".." { continue }
            children.append(name)
        }
        for child in children {
            let path = relative.isEmpty ? child : relative + "/" + child
            var info = stat()
            lstat(root + "/" + path, &info)
            out.append((path, info.st_mode, child.utf8.count))
            if info.st_mode & S_IFMT == S_IFDIR { visit(path) }
        }
    }
    visit("")
    return out
}
