/// The reader's first message: who it runs as, after dropping privileges.
public struct ReaderReady: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    public var version: String

    public init(pid: Int32, uid: UInt32, gid: UInt32, version: String) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.version = version
    }

    public var frame: ReaderFrame {
        var writer = WireWriter()
        writer.u32(UInt32(bitPattern: pid))
        writer.u32(uid)
        writer.u32(gid)
        writer.string(version)
        return ReaderFrame(.ready, requestID: 0, payload: writer.bytes)
    }

    public init(frame: ReaderFrame) throws(WireError) {
        var reader = WireReader(frame.payload)
        pid = Int32(bitPattern: try reader.u32())
        uid = try reader.u32()
        gid = try reader.u32()
        version = try reader.string()
        try reader.finish()
    }
}

/// The opened volume.
public struct VolumeInfo: Sendable, Hashable {
    /// Bytes of the NTFS volume and of one cluster.
    public var volumeSize: UInt64
    public var clusterSize: UInt32
    public var sectorSize: UInt32
    public var label: String
    public var encrypted: Bool
    /// Time spent unlocking (key stretching), in milliseconds; 0 for plain NTFS.
    public var unlockMilliseconds: UInt32

    public init(volumeSize: UInt64, clusterSize: UInt32, sectorSize: UInt32, label: String,
                encrypted: Bool, unlockMilliseconds: UInt32) {
        self.volumeSize = volumeSize
        self.clusterSize = clusterSize
        self.sectorSize = sectorSize
        self.label = label
        self.encrypted = encrypted
        self.unlockMilliseconds = unlockMilliseconds
    }

    public func frame(id: UInt32) -> ReaderFrame {
        var writer = WireWriter()
        writer.u64(volumeSize)
        writer.u32(clusterSize)
        writer.u32(sectorSize)
        writer.string(label)
        writer.bool(encrypted)
        writer.u32(unlockMilliseconds)
        return ReaderFrame(.opened, requestID: id, payload: writer.bytes)
    }

    public init(frame: ReaderFrame) throws(WireError) {
        var reader = WireReader(frame.payload)
        volumeSize = try reader.u64()
        clusterSize = try reader.u32()
        sectorSize = try reader.u32()
        label = try reader.string()
        encrypted = try reader.bool()
        unlockMilliseconds = try reader.u32()
        try reader.finish()
    }
}

/// A file or directory on the volume. Paths are absolute on the volume, `/`-separated,
/// in the names' own Unicode (`/Folder/Übergröße.txt`).
public struct VolumeEntry: Sendable, Hashable {
    public enum Kind: UInt8, Sendable, Hashable {
        case file = 0
        case directory = 1
        /// Reparse points, sockets and the like: listed, never read.
        case other = 2
    }

    public var path: String
    public var kind: Kind
    /// Bytes of the unnamed data stream (0 for directories).
    public var size: UInt64
    /// Whether the data is sparse or compressed (read back expanded either way).
    public var sparse: Bool
    public var compressed: Bool
    /// Last modification, seconds since 1970 (UTC).
    public var modified: Int64

    public init(path: String, kind: Kind, size: UInt64, sparse: Bool = false, compressed: Bool = false,
                modified: Int64 = 0) {
        self.path = path
        self.kind = kind
        self.size = size
        self.sparse = sparse
        self.compressed = compressed
        self.modified = modified
    }

    /// The last path component.
    public var name: Substring {
        path.slashSeparated(omittingEmpty: true).last ?? "/"
    }

    func encode(into writer: inout WireWriter) {
        writer.string(path)
        writer.u8(kind.rawValue)
        writer.u64(size)
        writer.bool(sparse)
        writer.bool(compressed)
        writer.i64(modified)
    }

    init(from reader: inout WireReader) throws(WireError) {
        path = try reader.string()
        guard let kind = Kind(rawValue: try reader.u8()) else { throw WireError("entry kind") }
        self.kind = kind
        size = try reader.u64()
        sparse = try reader.bool()
        compressed = try reader.bool()
        modified = try reader.i64()
    }

    public func frame(id: UInt32) -> ReaderFrame {
        var writer = WireWriter()
        encode(into: &writer)
        return ReaderFrame(.entry, requestID: id, payload: writer.bytes)
    }

    public init(frame: ReaderFrame) throws(WireError) {
        var reader = WireReader(frame.payload)
        try self.init(from: &reader)
        try reader.finish()
    }

    /// A batch of entries in one `entries` frame.
    public static func batchFrame(_ entries: [VolumeEntry], id: UInt32) -> ReaderFrame {
        var writer = WireWriter()
        writer.u32(UInt32(entries.count))
        for entry in entries { entry.encode(into: &writer) }
        return ReaderFrame(.entries, requestID: id, payload: writer.bytes)
    }

    public static func batch(frame: ReaderFrame) throws(WireError) -> [VolumeEntry] {
        var reader = WireReader(frame.payload)
        let count = Int(try reader.u32())
        var entries: [VolumeEntry] = []
        entries.reserveCapacity(min(count, 4096))
        for _ in 0..<count { entries.append(try VolumeEntry(from: &reader)) }
        try reader.finish()
        return entries
    }
}

/// The end of a `list`, `walk` or `read` answer.
public struct ReplyEnd: Sendable, Hashable {
    /// Entries sent (list, walk) or bytes sent (read).
    public var count: UInt64
    /// For a read: the file's size, so a short read is told from a short file.
    public var fileSize: UInt64

    public init(count: UInt64, fileSize: UInt64 = 0) {
        self.count = count
        self.fileSize = fileSize
    }

    public func frame(id: UInt32) -> ReaderFrame {
        var writer = WireWriter()
        writer.u64(count)
        writer.u64(fileSize)
        return ReaderFrame(.end, requestID: id, payload: writer.bytes)
    }

    public init(frame: ReaderFrame) throws(WireError) {
        var reader = WireReader(frame.payload)
        count = try reader.u64()
        fileSize = try reader.u64()
        try reader.finish()
    }
}
