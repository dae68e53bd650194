import Foundation
import IEDriveSystem

/// Source trees for `make-test-drive --files`, made from a fixed seed so every run (and the
/// image cache) sees the same bytes. Built once into the test-drive cache; treat as read-only.
public enum TestTrees {
    /// The reader tree (version in the name: change it when the contents change):
    ///
    ///     empty.txt                       0 bytes
    ///     tiny.txt                        5 bytes (resident in its MFT record)
    ///     Übergrößé — 日本.txt            Unicode name
    ///     A Long File Name With Spaces.document
    ///     random-5MiB.bin                 5 MiB of random bytes (written by ntfscp)
    ///     sparse.bin                      16 MiB with three small data runs, the rest holes
    ///     link-to-tiny                    a symlink (an NTFS reparse point)
    ///     Nested/Level 2/Level 3/deep.txt, Nested/Level 2/sibling.bin, Nested/empty dir/
    ///     Compressed/                     NTFS-compressed (--compressed-dir Compressed):
    ///       text.txt (400 KB), random.bin (300 KB), Inner/zeros.bin (256 KiB of zeros)
    ///     Many/file-0000.txt … file-0599.txt
    ///
    /// Every regular file has a fixed mtime (whole seconds, from 2024-05-01).
    public static func readerTree() throws -> String {
        let directory = try TestDrives.cacheDirectory() + "/trees/reader-v1"
        let lock = try FileLock(path: directory + ".lock")
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: directory + "/.complete") {
            return directory + "/tree"
        }
        try? FileManager.default.removeItem(atPath: directory)
        let tree = directory + "/tree"
        var generator = TreeGenerator(root: tree)
        try generator.makeReaderTree()
        guard FileManager.default.createFile(atPath: directory + "/.complete", contents: nil) else {
            throw TestSupportError.setup("cannot write \(directory)/.complete")
        }
        return tree
    }

    /// The regular files below `root`, as volume paths (`/a/b.txt`), sorted.
    public static func files(in root: String) throws -> [String] {
        try entries(in: root).filter { $0.kind == .file }.map(\.path)
    }

    public enum Kind: Equatable, Sendable { case file, directory, symlink }

    /// Every entry below `root` (not following symlinks): volume path and kind, sorted.
    public static func entries(in root: String) throws -> [(path: String, kind: Kind)] {
        var result: [(path: String, kind: Kind)] = []
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: root) else { return [] }
        for case let relative as String in enumerator {
            let attributes = try manager.attributesOfItem(atPath: root + "/" + relative)
            let type = attributes[.type] as? FileAttributeType
            let kind: Kind = type == .typeDirectory ? .directory : type == .typeSymbolicLink ? .symlink : .file
            result.append(("/" + relative, kind))
        }
        return result.sorted { $0.path < $1.path }
    }
}

private struct TreeGenerator {
    let root: String
    var random = SeededRandom(seed: 0x1ED_71E_0001)
    var fileCount = 0

    init(root: String) { self.root = root }

    mutating func makeReaderTree() throws {
        try directory("")
        try file("empty.txt", [])
        try file("tiny.txt", Array("tiny\n".utf8))
        try file("Übergrößé — 日本.txt", text(3000))
        try file("A Long File Name With Spaces.document", text(1200))
        try file("random-5MiB.bin", bytes(5 << 20))
        try sparseFile("sparse.bin", size: 16 << 20, runs: [(0, 4096), (5 << 20 + 123, 10_000), ((16 << 20) - 100, 100)])
        try FileManager.default.createSymbolicLink(atPath: root + "/link-to-tiny", withDestinationPath: "tiny.txt")
        try directory("Nested/Level 2/Level 3")
        try directory("Nested/empty dir")
        try file("Nested/Level 2/Level 3/deep.txt", text(777))
        try file("Nested/Level 2/sibling.bin", bytes(70_000))
        try directory("Compressed/Inner")
        try file("Compressed/text.txt", text(400_000))
        try file("Compressed/random.bin", bytes(300_000))
        try file("Compressed/Inner/zeros.bin", [UInt8](repeating: 0, count: 256 << 10))
        try directory("Many")
        for index in 0..<600 {
            let name = "Many/file-" + String(repeating: "0", count: 4 - String(index).count) + String(index) + ".txt"
            try file(name, text(Int(random.next() % 300)))
        }
    }

    private func directory(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: root + "/" + relative, withIntermediateDirectories: true)
    }

    private mutating func file(_ relative: String, _ contents: [UInt8]) throws {
        let path = root + "/" + relative
        guard FileManager.default.createFile(atPath: path, contents: Data(contents)) else {
            throw TestSupportError.setup("cannot write \(path)")
        }
        try setTime(path)
    }

    private mutating func sparseFile(_ relative: String, size: Int, runs: [(offset: Int, length: Int)]) throws {
        let path = root + "/" + relative
        guard let fd = try? SystemCall.open(path, [.writeOnly, .create, .truncate], permissions: 0o644) else {
            throw TestSupportError.setup("cannot create \(path)")
        }
        defer { SystemCall.close(fd) }
        for run in runs {
            let data = bytes(run.length)
            let written = data.withUnsafeBytes { (try? SystemCall.pwrite(fd, $0, at: UInt64(run.offset), subject: path)) ?? -1 }
            guard written == run.length else { throw TestSupportError.setup("cannot write \(path)") }
        }
        guard (try? SystemCall.ftruncate(fd, length: UInt64(size), subject: path)) != nil else {
            throw TestSupportError.setup("cannot size \(path)")
        }
        try setTime(path)
    }

    private mutating func setTime(_ path: String) throws {
        fileCount += 1
        let seconds = 1_714_521_600 + fileCount * 3_607   // 2024-05-01 onwards, whole seconds
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
    }

    private mutating func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { raw in
            var index = 0
            while index < raw.count {
                var word = random.next()
                for _ in 0..<8 where index < raw.count {
                    raw[index] = UInt8(truncatingIfNeeded: word)
                    word >>= 8
                    index += 1
                }
            }
        }
        return result
    }

    /// Compressible text: words from a small vocabulary.
    private mutating func text(_ count: Int) -> [UInt8] {
        let words = ["drive", "import", "blob", "NTFS", "volume", "Übergröße", "日本", "cluster", "record", "\n"]
        var result: [UInt8] = []
        result.reserveCapacity(count + 16)
        while result.count < count {
            result += Array(words[Int(random.next() % UInt64(words.count))].utf8)
            result.append(0x20)
        }
        return Array(result.prefix(count))
    }
}

/// SplitMix64: a tiny seeded generator.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
