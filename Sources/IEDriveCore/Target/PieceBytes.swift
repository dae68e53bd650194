/// The bytes of one block or page range as they arrived: the pieces of the reader's frames,
/// shared, not copied (a 4 MiB block made of four 1 MiB frames is four slices).
public struct PieceBytes: Sendable {
    public private(set) var chunks: [ArraySlice<UInt8>] = []
    public private(set) var count = 0

    public init() {}

    public init(_ bytes: [UInt8]) {
        append(bytes[...])
    }

    public mutating func append(_ chunk: ArraySlice<UInt8>) {
        guard !chunk.isEmpty else { return }
        chunks.append(chunk)
        count += chunk.count
    }

    /// One contiguous copy (tests).
    public func flattened() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        for chunk in chunks { bytes += chunk }
        return bytes
    }
}
