import Foundation
import IEDriveTestSupport

/// A drive image built from a `TestTree` and what its manifest says, read back independently.
struct ManifestDrive: Sendable {
    var drive: TestDrives.Drive
    /// The manifest on the drive, as `make-manifest` wrote it.
    var manifest: TestTree.Manifest
    var parsed: XMLDriveDocument
    /// Every regular file put on the drive: POSIX path below the root (`folder/a.txt`) → size.
    var files: [String: Int]
    /// Every directory put on the drive, POSIX path below the root.
    var directories: Set<String>

    var path: String { drive.path }
    var blobCount: Int { parsed.blobs.count }
    var totalLength: UInt64 { parsed.blobs.reduce(0) { $0 + $1.length } }
    /// What `verify --full` hashes: every block and page range.
    var pieceBytes: UInt64 { parsed.blobs.reduce(0) { $0 + $1.pieceBytes } }
}

/// The drives the verify, ls and fault tests share, built once per test process (and cached
/// across runs by `TestDrives`, named by the tree's fingerprint: the trees are reproducible).
enum VerifyDrives {
    static let mib = 1 << 20

    // MARK: Plain NTFS with everything a tree can hold

    /// The manifests in `variants/` of the plain tree drive (not blobs themselves: they are
    /// written after make-manifest ran). Each breaks the good manifest in one way.
    enum Variant: String, CaseIterable, Sendable {
        /// The second block of `random-5m.bin` declares a wrong MD5.
        case corruptBlock = "corrupt-block"
        /// An extra blob whose file is not on the drive.
        case missingFile = "missing-file"
        /// The second block of `random-5m.bin` starts one byte late: blocks not contiguous.
        case blockGap = "block-gap"
        /// `tiny.txt`'s FilePath goes through `..`.
        case dotDotPath = "dot-dot-path"
        /// `tiny.txt`'s FilePath holds a `?`, which NTFS names cannot.
        case invalidName = "invalid-name"
        /// A billion-laughs entity bomb in a DTD.
        case entityBomb = "entity-bomb"

        /// The manifest's path on the drive, as `--manifest` takes it.
        var drivePath: String { "\\variants\\\(rawValue).xml" }
    }

    static let randomFile = "folder/sub/deeper/random-5m.bin"
    static let unicodeFile = "folder/Übergrößé — 日本.txt"

    static func plainTree() throws -> ManifestDrive { try plainTreeResult.get() }

    private static let plainTreeResult = Result { try buildPlainTree() }

    private static func buildPlainTree() throws -> ManifestDrive {
        let scratch = try TestEnvironment.temporaryDirectory("vt-plain-tree")
        defer { scratch.cleanup() }
        let tree = try TestTree(root: scratch.file("tree"))
        try tree.write("tiny.txt", text: "x")
        try tree.write("empty.bin", [])
        try tree.write(unicodeFile, text: "Grüße aus 日本 — unicode all the way down\n")
        try tree.writeRandom(randomFile, count: 5 * mib, seed: 1)
        try tree.write("folder/sub/note.txt", text: "a note in a nested folder\n")
        // 16 MiB with two 4 KiB islands of data: NTFS keeps it sparse.
        try tree.writeSparse("sparse.bin", size: 16 * mib, pieces: [
            (offset: 0, bytes: Array(repeating: 0xA5, count: 4096)),
            (offset: 9 * mib + 512, bytes: Array("island in the middle of nothing".utf8)),
        ])
        // NTFS-compressed (LZNT1) directory with compressible text.
        try tree.write("comp/numbers.txt", text: (1...60_000).map { "line \($0) of a compressible file\n" }.joined())
        try tree.write("comp/nested/notes.txt", text: String(repeating: "compress me ", count: 4000))
        // A page blob: 2 MiB, pages of data at 0 and 1 MiB + 512, zeros elsewhere (holes the
        // manifest does not list).
        try tree.writeSparse("pages/disk.vhd", size: 2 * mib, pieces: [
            (offset: 0, bytes: (0..<2048).map { UInt8($0 % 251) }),
            (offset: mib + 512, bytes: Array(repeating: 0x5A, count: 1536)),
        ])
        let files = try fileSizes(tree)
        let directories = try directoryPaths(tree)
        let manifest = try tree.makeManifest(driveID: "PLAINTREE01", pages: ["pages/*.vhd"], output: scratch.file("DriveManifest.xml"))
        try tree.write("DriveManifest.xml", text: manifest.text)
        for variant in Variant.allCases {
            try tree.write("variants/\(variant.rawValue).xml", text: try variantText(variant, of: manifest.text))
        }
        let drive = try tree.drive("plain-ntfs", options: ["--compressed-dir", "comp", "--dos-names", "--label", "PLAINTREE"],
                                   label: "vt-plain")
        var allFiles = files
        allFiles["DriveManifest.xml"] = manifest.text.utf8.count
        for variant in Variant.allCases {
            allFiles["variants/\(variant.rawValue).xml"] = try tree.contents("variants/\(variant.rawValue).xml").count
        }
        return ManifestDrive(drive: drive, manifest: manifest, parsed: try XMLDriveDocument.parse(text: manifest.text),
                             files: allFiles, directories: directories.union(["variants"]))
    }

    /// The text of a broken manifest, made from the good one.
    static func variantText(_ variant: Variant, of manifest: String) throws -> String {
        var lines = manifest.components(separatedBy: "\n")
        func index(of needle: String, after start: Int = 0) throws -> Int {
            guard let found = lines[start...].firstIndex(where: { $0.contains(needle) }) else {
                throw TestSupportError.setup("the manifest has no line with \(needle)")
            }
            return found
        }
        let randomBlob = try index(of: "<FilePath>\\\(randomFile.replacingOccurrences(of: "/", with: "\\"))</FilePath>")
        let secondBlock = try index(of: "<Block Offset=\"4194304\"", after: randomBlob)
        switch variant {
        case .corruptBlock:
            lines[secondBlock] = try replacingHash(in: lines[secondBlock], with: corruptHash)
        case .missingFile:
            let end = try index(of: "</BlobList>")
            lines.insert(contentsOf: [
                "      <Blob>",
                "        <BlobPath>import/folder/gone.bin</BlobPath>",
                "        <FilePath>\\folder\\gone.bin</FilePath>",
                "        <Length>10</Length>",
                "        <BlockList>",
                "          <Block Offset=\"0\" Length=\"10\" Id=\"YmxrMDAwMDAwMA==\" Hash=\"0123456789ABCDEF0123456789ABCDEF\"/>",
                "        </BlockList>",
                "      </Blob>",
            ], at: end)
        case .blockGap:
            lines[secondBlock] = lines[secondBlock].replacingOccurrences(of: "Offset=\"4194304\"", with: "Offset=\"4194305\"")
        case .dotDotPath:
            let line = try index(of: "<FilePath>\\tiny.txt</FilePath>")
            lines[line] = lines[line].replacingOccurrences(of: "\\tiny.txt", with: "\\folder\\..\\tiny.txt")
        case .invalidName:
            let line = try index(of: "<FilePath>\\tiny.txt</FilePath>")
            lines[line] = lines[line].replacingOccurrences(of: "\\tiny.txt", with: "\\folder\\tiny?.txt")
        case .entityBomb:
            var bomb = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!DOCTYPE DriveManifest [", "  <!ENTITY lol0 \"lol\">"]
            for level in 1...10 {
                bomb.append("  <!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">")
            }
            bomb += ["]>", "<DriveManifest Version=\"2014-11-01\"><Drive><DriveId>&lol10;</DriveId></Drive></DriveManifest>", ""]
            return bomb.joined(separator: "\n")
        }
        return lines.joined(separator: "\n")
    }

    static let corruptHash = "0123456789ABCDEF0123456789ABCDEF"

    /// The 1-based line of a variant holding `needle` (for the line a structural error names).
    static func line(of needle: String, in text: String) -> Int? {
        text.components(separatedBy: "\n").firstIndex { $0.contains(needle) }.map { $0 + 1 }
    }

    private static func replacingHash(in line: String, with hash: String) throws -> String {
        guard let range = line.range(of: #"Hash="[0-9A-F]{32}""#, options: .regularExpression) else {
            throw TestSupportError.setup("no Hash in \(line)")
        }
        return line.replacingCharacters(in: range, with: "Hash=\"\(hash)\"")
    }

    // MARK: BitLocker

    static let bitLockerRandomFile = "data/random-2m.bin"

    /// A BitLocker volume (fixture bitlk-aes-xts-128, unlocks with `drive.recoveryKey`) whose
    /// NTFS holds a small tree and its manifest.
    static func bitLockerTree() throws -> ManifestDrive { try bitLockerTreeResult.get() }

    private static let bitLockerTreeResult = Result { try buildBitLockerTree() }

    private static func buildBitLockerTree() throws -> ManifestDrive {
        let scratch = try TestEnvironment.temporaryDirectory("vt-bitlocker-tree")
        defer { scratch.cleanup() }
        let tree = try TestTree(root: scratch.file("tree"))
        try tree.write("docs/Übergrößé — 日本.txt", text: "encrypted greetings, Grüße\n")
        try tree.writeRandom(bitLockerRandomFile, count: 2 * mib + 12345, seed: 2)
        try tree.write("data/nested/small.txt", text: "small\n")
        try tree.write("empty.bin", [])
        let files = try fileSizes(tree)
        let directories = try directoryPaths(tree)
        let manifest = try tree.makeManifest(driveID: "BITLOCKER01", blockSize: mib, output: scratch.file("DriveManifest.xml"))
        try tree.write("DriveManifest.xml", text: manifest.text)
        let drive = try tree.drive("bitlocker-ntfs", label: "vt-bitlocker")
        guard drive.recoveryKey != nil else { throw TestSupportError.setup("make-test-drive printed no recovery_key") }
        var allFiles = files
        allFiles["DriveManifest.xml"] = manifest.text.utf8.count
        return ManifestDrive(drive: drive, manifest: manifest, parsed: try XMLDriveDocument.parse(text: manifest.text),
                             files: allFiles, directories: directories)
    }

    // MARK: One big file, for faults and the reader's death

    static let bigFileSize = 60 * mib

    /// Plain NTFS (80 MiB) holding a 60 MiB random file `big.bin`, `small.txt` and the manifest.
    static func bigFile() throws -> (drive: ManifestDrive, runs: [NTFSLayout.Run], layout: NTFSLayout) {
        try bigFileResult.get()
    }

    private static let bigFileResult = Result { try buildBigFile() }

    private static func buildBigFile() throws -> (drive: ManifestDrive, runs: [NTFSLayout.Run], layout: NTFSLayout) {
        let scratch = try TestEnvironment.temporaryDirectory("vt-big-file")
        defer { scratch.cleanup() }
        let tree = try TestTree(root: scratch.file("tree"))
        try tree.writeRandom("big.bin", count: bigFileSize, seed: 3)
        try tree.write("small.txt", text: "small\n")
        let files = try fileSizes(tree)
        let manifest = try tree.makeManifest(driveID: "BIGFILE01", output: scratch.file("DriveManifest.xml"))
        try tree.write("DriveManifest.xml", text: manifest.text)
        let drive = try tree.drive("plain-ntfs", options: ["--size", "80M"], label: "vt-big")
        var allFiles = files
        allFiles["DriveManifest.xml"] = manifest.text.utf8.count
        let built = ManifestDrive(drive: drive, manifest: manifest, parsed: try XMLDriveDocument.parse(text: manifest.text),
                                  files: allFiles, directories: [])
        return (built, try NTFSLayout.dataRuns(of: "/big.bin", in: drive.path), try NTFSLayout(image: drive.path))
    }

    // MARK: -

    private static func fileSizes(_ tree: TestTree) throws -> [String: Int] {
        var sizes: [String: Int] = [:]
        for relative in try FileManager.default.subpathsOfDirectory(atPath: tree.root) {
            let attributes = try FileManager.default.attributesOfItem(atPath: tree.path(relative))
            if attributes[.type] as? FileAttributeType == .typeRegular {
                sizes[relative] = (attributes[.size] as? NSNumber)?.intValue ?? -1
            }
        }
        return sizes
    }

    private static func directoryPaths(_ tree: TestTree) throws -> Set<String> {
        var directories: Set<String> = []
        for relative in try FileManager.default.subpathsOfDirectory(atPath: tree.root) {
            let attributes = try FileManager.default.attributesOfItem(atPath: tree.path(relative))
            if attributes[.type] as? FileAttributeType == .typeDirectory { directories.insert(relative) }
        }
        return directories
    }
}
