/// What iedrive asks of a reader process. The exchange:
///
/// 1. The reader starts, drops its privileges and sends `ready` (``ReaderReady``, id 0).
/// 2. `open` (``VolumeOpening``) unlocks BitLocker when asked and mounts NTFS read-only;
///    the answer is `opened` (``VolumeInfo``) or `failure` (``ReaderFailure``).
/// 3. Any number of `stat`, `list`, `walk` and `read` requests, answered in the order they
///    were sent, so the parent may send several ahead (pipelining):
///    `stat` → `entry`; `list` → `entries`… `end`; `walk` → `entries`… `end` (the whole tree
///    below a directory, parents before children); `read` → `data`… `end` (exactly the bytes
///    of the range that exist, the `end` saying how many); `map` → `extents` (``FileExtents``:
///    where a file's bytes lie on the device, for the parent to read them itself) — or
///    `failure` in place of any answer.
///    A failure answers only its request unless it is fatal (``ReaderFailure/isFatal``).
/// 4. `shutdown`, or closing the request pipe, ends the reader.
public enum ReaderRequest: Sendable, Hashable {
    case open(VolumeOpening)
    case stat(path: String)
    case list(path: String)
    case walk(path: String)
    case read(ReadRange)
    case map(path: String)
    case shutdown

    public var kind: ReaderFrame.Kind {
        switch self {
        case .open: .open
        case .stat: .stat
        case .list: .list
        case .walk: .walk
        case .read: .read
        case .map: .map
        case .shutdown: .shutdown
        }
    }

    public func frame(id: UInt32) -> ReaderFrame {
        var writer = WireWriter()
        switch self {
        case .open(let opening): opening.encode(into: &writer)
        case .stat(let path), .list(let path), .walk(let path), .map(let path): writer.string(path)
        case .read(let range): range.encode(into: &writer)
        case .shutdown: break
        }
        return ReaderFrame(kind, requestID: id, payload: writer.bytes)
    }

    public init(frame: ReaderFrame) throws(WireError) {
        var reader = WireReader(frame.payload)
        switch frame.kind {
        case .open: self = .open(try VolumeOpening(from: &reader))
        case .stat: self = .stat(path: try reader.string())
        case .list: self = .list(path: try reader.string())
        case .walk: self = .walk(path: try reader.string())
        case .read: self = .read(try ReadRange(from: &reader))
        case .map: self = .map(path: try reader.string())
        case .shutdown: self = .shutdown
        default: throw WireError("frame kind \(frame.kind) is not a request")
        }
        try reader.finish()
    }
}

/// How to open the volume: where it starts on the device and whether it is BitLocker.
public struct VolumeOpening: Sendable, Hashable, CustomStringConvertible {
    public enum Encryption: Sendable, Hashable {
        case none
        case bitLocker(RecoveryPassword)
    }

    /// Byte offset of the volume on the device (a partition's start, or 0).
    public var offset: UInt64
    /// Bytes of the volume (the partition's size), or nil: to the end of the device.
    public var size: UInt64?
    public var encryption: Encryption

    public init(offset: UInt64 = 0, size: UInt64? = nil, encryption: Encryption) {
        self.offset = offset
        self.size = size
        self.encryption = encryption
    }

    /// Never shows the key.
    public var description: String {
        let what = switch encryption {
        case .none: "NTFS"
        case .bitLocker: "BitLocker (key redacted)"
        }
        return "\(what) at offset \(offset)" + (size.map { ", \($0) bytes" } ?? "")
    }

    func encode(into writer: inout WireWriter) {
        writer.u64(offset)
        writer.bool(size != nil)
        writer.u64(size ?? 0)
        switch encryption {
        case .none: writer.u8(0)
        case .bitLocker(let key):
            writer.u8(1)
            writer.string(key.revealedForUnlock)
        }
    }

    init(from reader: inout WireReader) throws(WireError) {
        offset = try reader.u64()
        let hasSize = try reader.bool()
        let size = try reader.u64()
        self.size = hasSize ? size : nil
        switch try reader.u8() {
        case 0: encryption = .none
        case 1:
            let text = try reader.string()
            guard let key = try? RecoveryPassword(text) else { throw WireError("recovery password is not well-formed") }
            encryption = .bitLocker(key)
        case let other: throw WireError("encryption \(other)")
        }
    }
}

/// A byte range of a file on the volume.
public struct ReadRange: Sendable, Hashable {
    public var path: String
    public var offset: UInt64
    public var length: UInt64

    public init(path: String, offset: UInt64 = 0, length: UInt64) {
        self.path = path
        self.offset = offset
        self.length = length
    }

    func encode(into writer: inout WireWriter) {
        writer.string(path)
        writer.u64(offset)
        writer.u64(length)
    }

    init(from reader: inout WireReader) throws(WireError) {
        path = try reader.string()
        offset = try reader.u64()
        length = try reader.u64()
    }
}
