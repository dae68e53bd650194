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
}

/// One piece of a read's answer: bytes, or the end with the count sent.
public enum ReadChunk: Sendable {
    case data([UInt8])
    case end(ReplyEnd)
}
