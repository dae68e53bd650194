import Crypto
import IEDriveCore

/// A **fake** import drive for root-free tests: files on an ``InMemoryVolume`` and the
/// `DriveManifest.xml` describing them, as the customer-side tool writes it (the same shape as
/// `scripts/make-manifest`: one blob per file, blocks of `blockSize` with their Base16 MD5,
/// page blobs listing their non-zero 512-byte ranges).
public struct FakeDrive: Sendable {
    /// One file of the drive and how the manifest describes it.
    public struct File: Sendable {
        public var path: String
        public var bytes: [UInt8]
        /// `CONTAINER/NAME`; default `import/<path>`.
        public var blobPath: String?
        public var pageBlob = false
        public var disposition: String?
        /// The manifest states a wrong MD5 for the block at this offset.
        public var wrongHashAt: UInt64?
        /// The manifest's length and blocks describe this many bytes (a file shorter than its blob).
        public var describedLength: Int?
        /// `(volume path, the file's bytes)` of a metadata or properties file the blob names.
        public var metadata: (path: String, bytes: [UInt8])?
        public var properties: (path: String, bytes: [UInt8])?
        /// Described in the manifest but not put on the volume.
        public var missing = false

        public init(_ path: String, _ bytes: [UInt8], blobPath: String? = nil) {
            self.path = path
            self.bytes = bytes
            self.blobPath = blobPath
        }
    }

    public var driveId: String
    public var files: [File]
    public var blockSize: Int
    /// Where the manifest goes on the volume.
    public var manifestPath = "/DriveManifest.xml"

    public init(driveId: String = "DRIVE01", files: [File], blockSize: Int = 1 << 20) {
        self.driveId = driveId
        self.files = files
        self.blockSize = blockSize
    }

    /// Puts the files and the manifest on a new volume; returns it with the manifest's MD5
    /// (the job's `manifestHash`).
    public func volume(mapped: Bool = false) -> (volume: InMemoryVolume, manifestMD5: String) {
        let volume = InMemoryVolume(mapped: mapped)
        for file in files where !file.missing {
            volume.addFile(file.path, file.bytes)
            if let metadata = file.metadata { volume.addFile(metadata.path, metadata.bytes) }
            if let properties = file.properties { volume.addFile(properties.path, properties.bytes) }
        }
        let manifest = manifestBytes()
        volume.addFile(manifestPath, manifest)
        return (volume, Self.md5(manifest))
    }

    public func manifestBytes() -> [UInt8] {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<DriveManifest Version=\"2014-11-01\">", "  <Drive>",
            "    <DriveId>\(Self.escape(driveId))</DriveId>",
            "    <StorageAccountKey>c2ltdWxhdG9yLWtleS1kby1ub3QtdXNlLWFueXdoZXJlLTAwMDAwMDAwMDAwMDAwMDA=</StorageAccountKey>",
            "    <ClientCreator>iedrive FakeDrive</ClientCreator>", "    <BlobList>",
        ]
        for file in files {
            let relative = file.path.split(separator: "/").joined(separator: "/")
            let described = Array(file.bytes.prefix(file.describedLength ?? file.bytes.count))
                + [UInt8](repeating: 0, count: max(0, (file.describedLength ?? 0) - file.bytes.count))
            lines.append("      <Blob>")
            lines.append("        <BlobPath>\(Self.escape(file.blobPath ?? "import/" + relative))</BlobPath>")
            lines.append("        <FilePath>\(Self.escape("\\" + relative.replacingSlashes()))</FilePath>")
            lines.append("        <Length>\(described.count)</Length>")
            if let disposition = file.disposition { lines.append("        <ImportDisposition>\(disposition)</ImportDisposition>") }
            if file.pageBlob {
                lines.append("        <PageRangeList>")
                for (offset, length) in Self.pageRanges(described) {
                    let hash = hash(Array(described[offset..<offset + length]), wrong: file.wrongHashAt == UInt64(offset))
                    lines.append("          <PageRange Offset=\"\(offset)\" Length=\"\(length)\" Hash=\"\(hash)\"/>")
                }
                lines.append("        </PageRangeList>")
            } else if described.isEmpty {
                lines.append("        <BlockList />")
            } else {
                lines.append("        <BlockList>")
                var offset = 0
                while offset < described.count {
                    let end = min(described.count, offset + blockSize)
                    let hash = hash(Array(described[offset..<end]), wrong: file.wrongHashAt == UInt64(offset))
                    lines.append("          <Block Offset=\"\(offset)\" Length=\"\(end - offset)\" Hash=\"\(hash)\"/>")
                    offset = end
                }
                lines.append("        </BlockList>")
            }
            for (element, attachment) in [("MetadataPath", file.metadata), ("PropertiesPath", file.properties)] {
                guard let attachment else { continue }
                let path = "\\" + attachment.path.split(separator: "/").joined(separator: "\\")
                lines.append("        <\(element) Hash=\"\(Self.md5(attachment.bytes))\">\(Self.escape(path))</\(element)>")
            }
            lines.append("      </Blob>")
        }
        lines += ["    </BlobList>", "  </Drive>", "</DriveManifest>", ""]
        return Array(lines.joined(separator: "\n").utf8)
    }

    private func hash(_ bytes: [UInt8], wrong: Bool) -> String {
        wrong ? Self.md5(bytes + [1]) : Self.md5(bytes)
    }

    /// Base16 MD5, upper case, as manifests write it.
    public static func md5(_ bytes: [UInt8]) -> String {
        Insecure.MD5.hash(data: bytes).map { byte in
            let digits = Array("0123456789ABCDEF")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
    }

    /// Non-zero 512-byte pages, merged into ranges of at most 4 MiB.
    public static func pageRanges(_ bytes: [UInt8]) -> [(offset: Int, length: Int)] {
        var ranges: [(offset: Int, length: Int)] = []
        var start: Int?
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 512)
            if bytes[offset..<end].contains(where: { $0 != 0 }) {
                if let first = start, offset - first >= 4 << 20 {
                    ranges.append((first, offset - first))
                    start = offset
                } else if start == nil {
                    start = offset
                }
            } else if let first = start {
                ranges.append((first, offset - first))
                start = nil
            }
            offset = end
        }
        if let first = start { ranges.append((first, bytes.count - first)) }
        return ranges
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences("&", "&amp;").replacingOccurrences("<", "&lt;").replacingOccurrences(">", "&gt;")
    }
}

/// Deterministic bytes for test files (a linear congruential sequence from `seed`).
public func testBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    var bytes = [UInt8](repeating: 0, count: count)
    for index in 0..<count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes[index] = UInt8(truncatingIfNeeded: state >> 33)
    }
    return bytes
}

extension String {
    fileprivate func replacingSlashes() -> String {
        String(map { $0 == "/" ? "\\" : $0 })
    }

    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
