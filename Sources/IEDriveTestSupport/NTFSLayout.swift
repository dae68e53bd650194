import Foundation

/// Where things are on a plain NTFS image, for tests that damage or fail precise bytes: the
/// boot sector's geometry, the $MFT and $MFTMirr, and a file's data clusters (`ntfscluster`,
/// which opens the volume read-only).
public struct NTFSLayout: Sendable {
    public var bytesPerSector: Int
    public var sectorsPerCluster: Int
    public var clusterSize: Int
    /// Byte offsets (from the volume start) of the $MFT and of its mirror.
    public var mftOffset: Int
    public var mftMirrorOffset: Int
    public var mftRecordSize: Int

    /// Reads the boot sector of the NTFS at `volumeOffset` in `image`.
    public init(image: String, volumeOffset: Int = 0) throws {
        guard let handle = FileHandle(forReadingAtPath: image) else {
            throw TestSupportError.setup("cannot open \(image)")
        }
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(volumeOffset))
        let sector = Array(try handle.read(upToCount: 512) ?? Data())
        guard sector.count == 512, sector[3..<11].elementsEqual(Array("NTFS    ".utf8)) else {
            throw TestSupportError.setup("\(image): no NTFS boot sector at \(volumeOffset)")
        }
        func u16(_ at: Int) -> Int { Int(sector[at]) | Int(sector[at + 1]) << 8 }
        func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(sector[at + $1]) << (8 * $1) } }
        bytesPerSector = u16(0x0B)
        sectorsPerCluster = Int(sector[0x0D])
        // Values above 0x80 encode 2^(256-n) bytes per cluster (clusters over 64 KiB).
        clusterSize = sectorsPerCluster <= 0x80 ? bytesPerSector * sectorsPerCluster : 1 << (256 - sectorsPerCluster)
        mftOffset = u64(0x30) * clusterSize
        mftMirrorOffset = u64(0x38) * clusterSize
        // 0x40: clusters per MFT record, or (negative, signed byte) 2^-n bytes.
        let perRecord = Int(Int8(bitPattern: sector[0x40]))
        mftRecordSize = perRecord > 0 ? perRecord * clusterSize : 1 << -perRecord
    }

    /// One run of clusters of a file's data: `length` clusters from `lcn` hold the file's
    /// clusters from `vcn` on.
    public struct Run: Sendable, Hashable {
        public var vcn: Int
        public var lcn: Int
        public var length: Int
    }

    /// The runs of the unnamed $DATA attribute of `path` (`/dir/file`) on the NTFS image.
    public static func dataRuns(of path: String, in image: String) throws -> [Run] {
        let output = try CommandRunner.check(["ntfscluster", "-F", path, image])
        var runs: [Run] = []
        var inData = false
        for line in output.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("0x") {
                inData = trimmed.hasPrefix("0x80 ") && trimmed.contains("non-resident")
                continue
            }
            let numbers = trimmed.split(separator: " ").compactMap { Int($0) }
            if inData, numbers.count == 3 {
                runs.append(Run(vcn: numbers[0], lcn: numbers[1], length: numbers[2]))
            }
        }
        guard !runs.isEmpty else {
            throw TestSupportError.setup("ntfscluster found no non-resident data for \(path) in \(image):\n\(output)")
        }
        return runs
    }
}
