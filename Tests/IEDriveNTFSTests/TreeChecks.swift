import Foundation
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Checks shared by the plain and BitLocker tree tests: a reader on a volume holding
/// TestTrees.readerTree must show exactly that tree and give back every byte.
enum TreeChecks {
    /// walk("/") lists exactly the source tree: no 8.3 aliases, no $ files, no System
    /// Volume Information; parents before children; sizes, times and flags right.
    static func walkMatches(_ client: ReaderTestClient, tree: String) throws {
        let walked = try client.walk("/").get("walk /")
        let expected = try TestTrees.entries(in: tree)
        #expect(walked.map(\.path).sorted() == expected.map(\.path), "walk lists exactly the source tree")
        #expect(Set(walked.map(\.path)).count == walked.count, "no path twice")
        #expect(client.lastEntryFrames >= 3, "600+ entries come in several frames of at most 256")

        var seen: Set<String> = ["/"]
        let byPath = Dictionary(uniqueKeysWithValues: expected.map { ($0.path, $0.kind) })
        for entry in walked {
            let parent = String(entry.path[..<entry.path.lastIndex(of: "/")!])
            #expect(seen.contains(parent.isEmpty ? "/" : parent), "\(entry.path) comes after its directory")
            seen.insert(entry.path)
            #expect(entry.name.range(of: #"~\d"#, options: .regularExpression) == nil, "no 8.3 alias: \(entry.path)")
            #expect(!entry.name.hasPrefix("$"), "no NTFS metadata file: \(entry.path)")
            switch byPath[entry.path] {
            case .file?:
                let attributes = try FileManager.default.attributesOfItem(atPath: tree + entry.path)
                #expect(entry.kind == .file, "\(entry.path)")
                #expect(entry.size == (attributes[.size] as! NSNumber).uint64Value, "\(entry.path) size")
                let modified = Int64((attributes[.modificationDate] as! Date).timeIntervalSince1970.rounded(.down))
                #expect(entry.modified == modified, "\(entry.path) mtime")
                #expect(entry.compressed == entry.path.hasPrefix("/Compressed/"), "\(entry.path) compressed flag")
                #expect(entry.sparse == (entry.path == "/sparse.bin"), "\(entry.path) sparse flag")
            case .directory?:
                #expect(entry.kind == .directory, "\(entry.path)")
                #expect(entry.size == 0)
            case .symlink?:
                // ntfs-3g stores it as an Interix symlink (a system file holding "IntxLNK"),
                // Windows as a reparse point: other either way, never read.
                #expect(entry.kind == .other, "a symlink is listed as other: \(entry.path)")
            case nil:
                Issue.record("unexpected \(entry.path)")
            }
        }
    }

    /// Every file read whole equals its source, in pieces of at most 1 MiB.
    static func everyFileMatches(_ client: ReaderTestClient, tree: String) throws {
        for path in try TestTrees.files(in: tree) {
            let source = try ReaderDrives.sourceBytes(tree, path)
            let result = try client.read(ReadRange(path: path, length: .max)).get("read \(path)")
            #expect(result.bytes == source, "\(path): bytes read back differ from the source")
            #expect(result.end == ReplyEnd(count: UInt64(source.count), fileSize: UInt64(source.count)), "\(path)")
            #expect(result.pieces == (source.count + ReaderFrame.dataPieceSize - 1) / ReaderFrame.dataPieceSize, "\(path)")
        }
    }

    /// Ranged reads at odd offsets, across 1 MiB pieces and 64 KiB compression units, in
    /// holes, and past the end (clamped: the end frame says what exists).
    static func rangesMatch(_ client: ReaderTestClient, tree: String) throws {
        let cases: [(path: String, offset: UInt64, length: UInt64)] = [
            ("/random-5MiB.bin", 1, 3),
            ("/random-5MiB.bin", 1_048_575, 2),
            ("/random-5MiB.bin", 1_048_577, 2_097_153),
            ("/random-5MiB.bin", (5 << 20) - 7, 100),
            ("/random-5MiB.bin", 5 << 20, 10),
            ("/random-5MiB.bin", (5 << 20) + 1000, 10),
            ("/random-5MiB.bin", 3, 0),
            ("/sparse.bin", (5 << 20) + 100, 200),
            ("/sparse.bin", 4000, 1 << 20),
            ("/sparse.bin", (16 << 20) - 150, .max),
            ("/Compressed/text.txt", 65_537, 70_001),
            ("/Compressed/random.bin", 131_071, 3),
            ("/Compressed/Inner/zeros.bin", 12_345, 99_999),
            ("/tiny.txt", 2, .max),
            ("/empty.txt", 0, 10),
            ("/Übergrößé — 日本.txt", 17, 1000),
        ]
        for (path, offset, length) in cases {
            let source = try ReaderDrives.sourceBytes(tree, path)
            let start = Int(min(offset, UInt64(source.count)))
            let end = start + Int(min(length, UInt64(source.count - start)))
            let result = try client.read(ReadRange(path: path, offset: offset, length: length)).get("read \(path)@\(offset)")
            #expect(result.bytes == Array(source[start..<end]), "\(path) @\(offset)+\(length)")
            #expect(result.end.count == UInt64(end - start), "\(path) @\(offset)+\(length) count")
            #expect(result.end.fileSize == UInt64(source.count), "\(path) fileSize")
        }
    }

    /// One-file answers: stat, list, and the per-file failures (not fatal: the session goes on).
    static func singleAnswers(_ client: ReaderTestClient, tree: String) throws {
        let root = try client.stat("/").get("stat /")
        #expect(root.kind == .directory && root.path == "/")
        let tiny = try client.stat("/tiny.txt").get("stat /tiny.txt")
        #expect(tiny.kind == .file && tiny.size == 5 && !tiny.sparse && !tiny.compressed)
        #expect(try client.stat("/Nested/Level 2/").get("trailing slash").path == "/Nested/Level 2")

        let top = try client.list("/").get("list /")
        let expectedTop = try FileManager.default.contentsOfDirectory(atPath: tree).map { "/" + $0 }.sorted()
        #expect(top.map(\.path).sorted() == expectedTop)
        let many = try client.list("/Many").get("list /Many")
        #expect(many.count == 600)
        #expect(client.lastEntryFrames == 3, "600 entries: 256 + 256 + 88")

        let failures: [(Result<Void, ReaderFailure>, ReaderFailure.Kind, String)] = [
            (try client.stat("/no such file").map { _ in }, .notFound, "missing file"),
            (try client.stat("/tiny.txt/below").map { _ in }, .notFound, "below a file"),
            (try client.stat("/TINY.TXT").map { _ in }, .notFound, "lookups are case-sensitive"),
            (try client.stat("/$MFT").map { _ in }, .notFound, "NTFS metadata files are not paths"),
            (try client.stat("/$Extend/$Quota").map { _ in }, .notFound, "nor is anything below $Extend"),
            (try client.stat("relative").map { _ in }, .badRequest, "relative path"),
            (try client.stat("/a/../tiny.txt").map { _ in }, .badRequest, "dot-dot"),
            (try client.read(ReadRange(path: "/Nested", length: 1)).map { _ in }, .wrongKind, "read a directory"),
            (try client.read(ReadRange(path: "/link-to-tiny", length: 1)).map { _ in }, .wrongKind, "read a symlink"),
            (try client.list("/tiny.txt").map { _ in }, .wrongKind, "list a file"),
            (try client.walk("/tiny.txt").map { _ in }, .wrongKind, "walk a file"),
            (try client.read(ReadRange(path: "/missing.bin", length: 1)).map { _ in }, .notFound, "read a missing file"),
        ]
        for (result, kind, what) in failures {
            let failure = try result.failure(what)
            #expect(failure.kind == kind, "\(what): \(failure)")
            #expect(!failure.isFatal)
        }
        // 8.3 aliases resolve, as on Windows (walks never show them); names are case-sensitive.
        let alias = try client.stat("/ALONGF~1.DOC").get("stat an 8.3 alias")
        #expect(alias.size == (try client.stat("/A Long File Name With Spaces.document").get("stat").size))
        // Still serving after all that.
        #expect(try client.read(ReadRange(path: "/tiny.txt", length: 100)).get("read after failures").bytes == Array("tiny\n".utf8))
    }
}
