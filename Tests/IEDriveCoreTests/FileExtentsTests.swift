import IEDriveCore
import Testing

@Suite struct FileExtentsTests {
    typealias Extent = FileExtents.Extent

    let sample = [Extent(fileOffset: 0, length: 8192, deviceOffset: 1 << 20),
                  Extent(fileOffset: 8192, length: 4096, deviceOffset: nil),
                  Extent(fileOffset: 12288, length: 5000, deviceOffset: 40960)]

    @Test("mapped and unmappable answers survive the wire")
    func roundTrip() throws {
        let mapped = try FileExtents(fileSize: 17288, mapping: .mapped(sample))
        #expect(try FileExtents(frame: mapped.frame(id: 7)) == mapped)
        let frame = mapped.frame(id: 7)
        #expect(frame.kind == .extents && frame.requestID == 7)
        let refused = try FileExtents(fileSize: 12, mapping: .unmappable(reason: "the data is resident in its MFT record"))
        #expect(try FileExtents(frame: refused.frame(id: 1)) == refused)
        let request = ReaderRequest.map(path: "/a/b.bin")
        #expect(try ReaderRequest(frame: request.frame(id: 3)) == request)
    }

    @Test("extents that skip, overlap, stop short or overflow are malformed")
    func malformed() {
        #expect(throws: WireError.self) {   // a gap at 8192
            try FileExtents(fileSize: 12288, mapping: .mapped([sample[0], Extent(fileOffset: 9000, length: 3288, deviceOffset: 0)]))
        }
        #expect(throws: WireError.self) {   // short of the file's size
            try FileExtents(fileSize: 20000, mapping: .mapped(sample))
        }
        #expect(throws: WireError.self) {   // an empty extent
            try FileExtents(fileSize: 0, mapping: .mapped([Extent(fileOffset: 0, length: 0, deviceOffset: 0)]))
        }
        #expect(throws: WireError.self) {   // a device range that wraps
            try FileExtents(fileSize: 10, mapping: .mapped([Extent(fileOffset: 0, length: 10, deviceOffset: .max - 4)]))
        }
        var frame = (try? FileExtents(fileSize: 17288, mapping: .mapped(sample)))!.frame(id: 1)
        frame.payload[8] = 9   // mapping kind
        #expect(throws: WireError.self) { try FileExtents(frame: frame) }
    }

    @Test("segments: a byte range as device ranges and holes, clipped to the file")
    func segments() throws {
        let extents = try FileExtents(fileSize: 17288, mapping: .mapped(sample))
        #expect(extents.segments(offset: 100, length: 100) == [Extent(fileOffset: 100, length: 100, deviceOffset: (1 << 20) + 100)])
        #expect(extents.segments(offset: 8000, length: 5000) == [
            Extent(fileOffset: 8000, length: 192, deviceOffset: (1 << 20) + 8000),
            Extent(fileOffset: 8192, length: 4096, deviceOffset: nil),
            Extent(fileOffset: 12288, length: 712, deviceOffset: 40960),
        ])
        #expect(extents.segments(offset: 17000, length: 1000) == [Extent(fileOffset: 17000, length: 288, deviceOffset: 40960 + 4712)])
        #expect(extents.segments(offset: 17288, length: 10).isEmpty)
        let refused = try FileExtents(fileSize: 100, mapping: .unmappable(reason: "x"))
        #expect(refused.segments(offset: 0, length: 10).isEmpty)
    }
}
