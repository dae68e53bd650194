/// A drive's volume as the copy and verify stages see it: requests answered in order, so
/// several can be in flight (the reader process behind it is ``ReaderRequest``'s). Stage
/// modules use this protocol; the process-backed implementation lives in IEDriveVolumes.
public protocol VolumeReader: AnyObject, Sendable {
    /// Sends a request without waiting; returns its id.
    func send(_ request: ReaderRequest) -> UInt32
    /// The `entry` answer of stat request `id`. Throws ``ReaderFailure``.
    func takeEntry(for id: UInt32) async throws -> VolumeEntry
    /// The next piece of read request `id`'s answer. Throws ``ReaderFailure``.
    func nextData(for id: UInt32) async throws -> ReadChunk
    /// The `extents` answer of map request `id`. Throws ``ReaderFailure``.
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
