/// Where a file's bytes lie on the drive, as the reader found them in the NTFS: the answer
/// to `map`. With it the parent reads a plain (unencrypted, uncompressed, non-resident)
/// file's data straight from the device descriptor it already holds read-only, and the data
/// never crosses the pipe; the NTFS is still parsed only in the reader.
///
/// A file the parent cannot read that way (the volume is BitLocker, the data is resident in
/// its MFT record or compressed, the file is too fragmented for one frame) is `unmappable`,
/// with the reason: the parent reads it through `read` instead.
public struct FileExtents: Sendable, Hashable {
    /// `length` bytes of the file at `fileOffset`: on the device at `deviceOffset`, or a hole
    /// (zeros: sparse runs, and the bytes past the stream's initialized size).
    public struct Extent: Sendable, Hashable {
        public var fileOffset: UInt64
        public var length: UInt64
        public var deviceOffset: UInt64?

        public init(fileOffset: UInt64, length: UInt64, deviceOffset: UInt64?) {
            self.fileOffset = fileOffset
            self.length = length
            self.deviceOffset = deviceOffset
        }

        public var fileEnd: UInt64 { fileOffset + length }
    }

    public enum Mapping: Sendable, Hashable {
        /// Contiguous from byte 0 to the file's size, in file order.
        case mapped([Extent])
        case unmappable(reason: String)
    }

    /// The most extents one answer carries (25 bytes each, well inside a frame).
    public static let maximumExtents = 32_768

    public var fileSize: UInt64
    public var mapping: Mapping

    /// Checks that the extents cover the file exactly, in order, without overflow.
    public init(fileSize: UInt64, mapping: Mapping) throws(WireError) {
        if case .mapped(let extents) = mapping {
            guard extents.count <= Self.maximumExtents else { throw WireError("\(extents.count) extents") }
            var next: UInt64 = 0
            for extent in extents {
                guard extent.fileOffset == next, extent.length > 0,
                      extent.fileOffset.addingReportingOverflow(extent.length).overflow == false,
                      extent.deviceOffset.map({ !$0.addingReportingOverflow(extent.length).overflow }) ?? true
                else { throw WireError("extent at file offset \(extent.fileOffset) of \(extent.length) bytes out of order") }
                next = extent.fileEnd
            }
            guard next == fileSize else { throw WireError("extents cover \(next) of \(fileSize) bytes") }
        }
        self.fileSize = fileSize
        self.mapping = mapping
    }

    public func frame(id: UInt32) -> ReaderFrame {
        var writer = WireWriter()
        writer.u64(fileSize)
        switch mapping {
        case .mapped(let extents):
            writer.u8(1)
            writer.u32(UInt32(extents.count))
            for extent in extents {
                writer.u64(extent.fileOffset)
                writer.u64(extent.length)
                writer.bool(extent.deviceOffset != nil)
                writer.u64(extent.deviceOffset ?? 0)
            }
        case .unmappable(let reason):
            writer.u8(0)
            writer.string(reason)
        }
        return ReaderFrame(.extents, requestID: id, payload: writer.bytes)
    }

    public init(frame: ReaderFrame) throws(WireError) {
        var reader = WireReader(frame.payload)
        let fileSize = try reader.u64()
        let mapping: Mapping
        switch try reader.u8() {
        case 1:
            let count = Int(try reader.u32())
            guard count <= Self.maximumExtents else { throw WireError("\(count) extents") }
            var extents: [Extent] = []
            extents.reserveCapacity(count)
            for _ in 0..<count {
                let fileOffset = try reader.u64()
                let length = try reader.u64()
                let onDevice = try reader.bool()
                let deviceOffset = try reader.u64()
                extents.append(Extent(fileOffset: fileOffset, length: length, deviceOffset: onDevice ? deviceOffset : nil))
            }
            mapping = .mapped(extents)
        case 0:
            mapping = .unmappable(reason: try reader.string())
        case let other:
            throw WireError("mapping kind \(other)")
        }
        try reader.finish()
        try self.init(fileSize: fileSize, mapping: mapping)
    }

    /// The device ranges (or holes) holding `length` bytes at `offset`, clipped to the file:
    /// fewer bytes in all when the range passes the file's end. Empty when unmappable.
    public func segments(offset: UInt64, length: UInt64) -> [Extent] {
        guard case .mapped(let extents) = mapping, offset < fileSize else { return [] }
        let end = offset + min(length, fileSize - offset)
        // First extent ending after `offset` (binary search: a fragmented file has thousands).
        var low = 0, high = extents.count
        while low < high {
            let middle = (low + high) / 2
            if extents[middle].fileEnd <= offset { low = middle + 1 } else { high = middle }
        }
        var result: [Extent] = []
        var index = low
        while index < extents.count, extents[index].fileOffset < end {
            let extent = extents[index]
            let start = max(offset, extent.fileOffset)
            let stop = min(end, extent.fileEnd)
            result.append(Extent(fileOffset: start, length: stop - start,
                                 deviceOffset: extent.deviceOffset.map { $0 + (start - extent.fileOffset) }))
            index += 1
        }
        return result
    }
}
