import Foundation
import IEDriveSystem

/// A directory tree to put on a test drive (`make-test-drive --files`), written file by file,
/// and its drive manifest made by scripts/make-manifest, as the customer's tool would.
///
/// Contents can be made reproducible (``writeRandom(_:count:seed:)``), so ``fingerprint()``
/// names the tree's exact contents and ``drive(_:options:label:)`` can cache the image built
/// from it across test runs.
public struct TestTree: Sendable {
    public let root: String

    /// Creates `root` (which must not exist yet) as an empty tree.
    public init(root: String) throws {
        self.root = root
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    public func path(_ relativePath: String) -> String { root + "/" + relativePath }

    public func makeDirectory(_ relativePath: String) throws {
        try FileManager.default.createDirectory(atPath: path(relativePath), withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `relativePath`, creating its parent directories.
    public func write(_ relativePath: String, _ bytes: [UInt8]) throws {
        try makeParent(relativePath)
        guard FileManager.default.createFile(atPath: path(relativePath), contents: Data(bytes)) else {
            throw TestSupportError.setup("cannot write \(path(relativePath))")
        }
    }

    public func write(_ relativePath: String, text: String) throws {
        try write(relativePath, Array(text.utf8))
    }

    /// `count` pseudo-random bytes, the same for the same seed on every run (Python's
    /// `random.Random(seed).randbytes`, fast for tens of MiB).
    public func writeRandom(_ relativePath: String, count: Int, seed: Int) throws {
        try makeParent(relativePath)
        try CommandRunner.check([
            "python3", "-c",
            "import random, sys\nwith open(sys.argv[3], 'wb') as f: f.write(random.Random(int(sys.argv[1])).randbytes(int(sys.argv[2])))",
            String(seed), String(count), path(relativePath),
        ])
    }

    /// A sparse file of `size` bytes: holes everywhere but at the given pieces.
    public func writeSparse(_ relativePath: String, size: Int, pieces: [(offset: Int, bytes: [UInt8])]) throws {
        try makeParent(relativePath)
        let file = path(relativePath)
        guard let fd = try? SystemCall.open(file, [.writeOnly, .create, .truncate], permissions: 0o644) else {
            throw TestSupportError.setup("cannot create \(file)")
        }
        defer { SystemCall.close(fd) }
        guard (try? SystemCall.ftruncate(fd, length: UInt64(size), subject: file)) != nil else {
            throw TestSupportError.setup("cannot size \(file)")
        }
        for piece in pieces {
            let written = piece.bytes.withUnsafeBytes { (try? SystemCall.pwrite(fd, $0, at: UInt64(piece.offset), subject: file)) ?? -1 }
            guard written == piece.bytes.count else { throw TestSupportError.setup("cannot write \(file)") }
        }
    }

    public func contents(_ relativePath: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path(relativePath)) else {
            throw TestSupportError.setup("cannot read \(path(relativePath))")
        }
        return Array(data)
    }

    /// What scripts/make-manifest wrote.
    public struct Manifest: Sendable {
        public var path: String
        /// The manifest file's MD5 (the job's manifestHash), upper-case hex.
        public var md5: String
        public var blobCount: Int
        public var text: String
    }

    /// Runs scripts/make-manifest over the tree. `output` defaults to `DriveManifest.xml` in the
    /// tree's root; a manifest written elsewhere can be placed on the drive under any name.
    public func makeManifest(driveID: String = "DRIVE01", pages: [String] = [], blockSize: Int? = nil,
                             output: String? = nil) throws -> Manifest {
        var arguments = [TestEnvironment.script("make-manifest"), root, "--drive-id", driveID]
        for glob in pages { arguments += ["--page", glob] }
        if let blockSize { arguments += ["--block-size", String(blockSize)] }
        if let output { arguments += ["--output", output] }
        let facts = TestDrives.parseFacts(try CommandRunner.check(arguments))
        guard let path = facts["manifest"], let md5 = facts["manifest_md5"], let blobs = facts["blobs"].flatMap(Int.init) else {
            throw TestSupportError.setup("make-manifest printed no manifest, manifest_md5 or blobs")
        }
        return Manifest(path: path, md5: md5, blobCount: blobs, text: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// 16 hex digits naming every file's path and contents and every directory (not times,
    /// not holes): equal fingerprints, equal trees.
    public func fingerprint() throws -> String {
        let script = #"cd "$0" && find . -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' p; do if [ -f "$p" ]; then printf 'f %s ' "$p"; sha256sum < "$p"; else printf 'd %s\n' "$p"; fi; done | sha256sum | cut -c1-16"#
        return try CommandRunner.check(["bash", "-c", script, root]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The image `make-test-drive KIND --files ROOT OPTIONS` builds, cached by `TestDrives`
    /// under a name made of `label`, the kind, the options and the tree's fingerprint, so an
    /// unchanged tree is built once, however often the tests run.
    public func drive(_ kind: String, options: [String] = [], label: String) throws -> TestDrives.Drive {
        let optionText = options.joined(separator: "_").map { $0.isLetter || $0.isNumber ? $0 : "_" }
        let name = "\(label)-\(kind)\(optionText.isEmpty ? "" : "-" + String(optionText))-\(try fingerprint())"
        return try TestDrives.drive(kind, options: ["--files", root] + options, name: name)
    }

    private func makeParent(_ relativePath: String) throws {
        let parent = (path(relativePath) as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
    }
}
