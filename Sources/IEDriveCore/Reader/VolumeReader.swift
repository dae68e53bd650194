/// A drive's opened volume as every stage sees it: the file-reading operations they need —
/// stat, read, map, list — as requests answered in the order they were sent, so several can be
/// in flight (pipelining). Stages (manifest, attachments, copy, verify, `ls`) take this
/// protocol, never the reader process: the process-backed implementation is IEDriveVolumes'
/// `ReaderClient`; unit tests use the named in-memory fake of IEDriveTestSupport.
///
/// The primitives send a request and take its answer; the extension below builds the
/// one-request-at-a-time conveniences on them. Every failure is a ``ReaderFailure``. One task
/// uses a volume at a time.
public protocol VolumeReader: AnyObject, Sendable {
    /// Sends a request without waiting; returns its id.
    func send(_ request: ReaderRequest) -> UInt32
    /// The `entry` answer of stat request `id`.
    func takeEntry(for id: UInt32) async throws -> VolumeEntry
    /// The next batch of list or walk request `id`'s answer.
    func nextEntries(for id: UInt32) async throws -> EntriesChunk
    /// The next piece of read request `id`'s answer.
    func nextData(for id: UInt32) async throws -> ReadChunk
    /// The `extents` answer of map request `id`.
    func takeExtents(for id: UInt32) async throws -> FileExtents
    /// The device, when the open volume's bytes lie on it as they are (not BitLocker): then
    /// mapped files may be read from it directly. nil before `open` and for BitLocker.
    var plainDevice: (any DeviceBytes)? { get }
}

/// One piece of a read's answer: bytes, or the end with the count sent.
public enum ReadChunk: Sendable {
    case data([UInt8])
    case end(ReplyEnd)
}

/// One piece of a list's or walk's answer: a batch of entries, or the end with their count.
public enum EntriesChunk: Sendable {
    case entries([VolumeEntry])
    case end(ReplyEnd)
}

extension VolumeReader {
    public func stat(_ path: String) async throws -> VolumeEntry {
        try await takeEntry(for: send(.stat(path: path)))
    }

    /// The entries of a directory.
    public func list(_ path: String) async throws -> [VolumeEntry] {
        var entries: [VolumeEntry] = []
        _ = try await takeEntries(for: send(.list(path: path))) { entries += $0 }
        return entries
    }

    /// The tree below `path`, in batches, parents before children. Returns the entry count.
    @discardableResult
    public func walk(_ path: String, _ body: ([VolumeEntry]) throws -> Void) async throws -> UInt64 {
        try await takeEntries(for: send(.walk(path: path)), body)
    }

    /// Where a file's bytes lie on the device.
    public func map(_ path: String) async throws -> FileExtents {
        try await takeExtents(for: send(.map(path: path)))
    }

    /// Reads a range; `body` gets the bytes in order, in pieces of up to 1 MiB.
    public func read(_ range: ReadRange, _ body: ([UInt8]) throws -> Void) async throws -> ReplyEnd {
        try await takeData(for: send(.read(range)), body)
    }

    /// Takes the whole `data`… `end` answer of read request `id`.
    public func takeData(for id: UInt32, _ body: ([UInt8]) throws -> Void) async throws -> ReplyEnd {
        while true {
            switch try await nextData(for: id) {
            case .data(let bytes): try body(bytes)
            case .end(let end): return end
            }
        }
    }

    /// Takes the whole `entries`… `end` answer of list or walk request `id`; returns the count.
    public func takeEntries(for id: UInt32, _ body: ([VolumeEntry]) throws -> Void) async throws -> UInt64 {
        while true {
            switch try await nextEntries(for: id) {
            case .entries(let batch): try body(batch)
            case .end(let end): return end.count
            }
        }
    }
}

/// The drive itself, read-only, as the parent process holds it: where a plain volume's
/// mapped file bytes (``FileExtents``) are read without going through the reader process.
public protocol DeviceBytes: AnyObject, Sendable {
    /// Bytes of the device.
    var size: UInt64 { get }
    /// Seconds a read may take before the drive counts as hung (a hardware error), as for
    /// the reader's own reads.
    var readTimeoutSeconds: Double { get }
    /// Reads up to `buffer.count` bytes at `offset`: the count (0 past the end), or the
    /// negated errno of a failed read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int
}
