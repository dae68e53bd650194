@testable import IEDriveExport
import Testing

/// A page blob's ranges on an export drive: runs of 512-byte pages that hold data.
@Suite struct PageRunTests {
    static func block(_ pages: Int, dataAt: [Int], lastPage: Int = 512) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: (pages - 1) * 512 + lastPage)
        for page in dataAt { bytes[page * 512 + (page % 2 == 0 ? 0 : min(lastPage, 512) - 1)] = 0xA5 }
        return bytes
    }

    @Test func runsOfPagesWithData() {
        #expect(DriveExporter.nonZeroPageRuns(Self.block(8, dataAt: [])) == [])
        #expect(DriveExporter.nonZeroPageRuns(Self.block(8, dataAt: [0, 1, 2])) == [0..<1536])
        #expect(DriveExporter.nonZeroPageRuns(Self.block(8, dataAt: [1, 3, 4, 7])) == [512..<1024, 1536..<2560, 3584..<4096])
        // The footer of a VHD: one page at the end.
        #expect(DriveExporter.nonZeroPageRuns(Self.block(8192, dataAt: [8191])) == [(8191 * 512)..<(8192 * 512)])
    }

    @Test func aShortLastPageCountsAsAPage() {
        let bytes = Self.block(3, dataAt: [2], lastPage: 100)
        #expect(DriveExporter.nonZeroPageRuns(bytes) == [1024..<1124])
    }

    @Test func everyByteOfAPageIsLookedAt() {
        for position in [0, 7, 8, 255, 504, 511] {
            var bytes = [UInt8](repeating: 0, count: 1024)
            bytes[512 + position] = 1
            #expect(DriveExporter.nonZeroPageRuns(bytes) == [512..<1024], "a byte at \(position)")
        }
    }
}
