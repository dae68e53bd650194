import IEDriveCore
import IEDriveSystem

/// One mapped piece's work on its lane: read its device ranges (holes as zeros) into the
/// lane's buffer, check the MD5, and — copying — write it at its offset into the staging file.
struct DirectPiece: Sendable {
    let piece: DataPiece
    /// The device ranges and holes of the piece's bytes, in order, covering all of them.
    let segments: [FileExtents.Extent]
    let device: any DeviceBytes
    let destination: PieceDestination

    func perform(in buffer: UnsafeMutableRawBufferPointer) -> PieceOutcome {
        let length = Int(piece.length)
        precondition(length <= buffer.count, "a piece larger than a lane's buffer")
        var filled = 0
        for segment in segments {
            let count = Int(segment.length)
            let target = UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<filled + count])
            if let start = segment.deviceOffset {
                var done = 0
                while done < count {
                    let got = device.read(into: UnsafeMutableRawBufferPointer(rebasing: target[done...]), at: start + UInt64(done))
                    if got < 0 { return .readFailed(Int32(-got), at: start + UInt64(done)) }
                    if got == 0 { return .readFailed(Errno.ioError.rawValue, at: start + UInt64(done)) }   // the device shrank
                    done += got
                }
            } else {
                target.initializeMemory(as: UInt8.self, repeating: 0)
            }
            filled += count
        }
        let bytes = UnsafeRawBufferPointer(rebasing: buffer[..<length])
        let actual = MD5.digest(bytes)
        guard actual == piece.md5 else { return .corrupted(actual) }
        switch destination {
        case .hashOnly: return .done
        case .staging(let writer): return PieceOutcome(writer.writeNow(bytes, at: piece.offset, md5: piece.md5))
        }
    }
}
