import IEDriveCopy
import IEDriveCore
import Testing

@Suite struct PieceTests {
    func piece(_ offset: UInt64, _ length: UInt32, _ bytes: [UInt8] = []) -> DataPiece {
        DataPiece(offset: offset, length: length, md5: bytes.isEmpty ? MD5Digest(high: 0, low: 0) : MD5.digest(bytes))
    }

    @Test func md5MatchesKnownVectors() {
        #expect(MD5.digest([]).description.uppercased() == "D41D8CD98F00B204E9800998ECF8427E")
        #expect(MD5.digest(Array("abc".utf8)).description.uppercased() == "900150983CD24FB0D6963F7D28E17F72")
    }

    @Test func runsSplitAtHoles() {
        let pieces = [piece(0, 512), piece(512, 512), piece(4096, 1024), piece(8192, 512), piece(8704, 512)]
        let runs = PieceRun.runs(of: pieces)
        #expect(runs.map(\.offset) == [0, 4096, 8192])
        #expect(runs.map(\.length) == [1024, 1024, 1024])
        #expect(PieceRun.runs(of: []).isEmpty)
    }

    @Test func assemblerCutsPiecesWhateverTheChunking() {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let pieces = [piece(0, 4096), piece(4096, 4096), piece(8192, 1808)]
        for chunk in [1, 100, 4096, 5000, 10_000] {
            var assembler = PieceAssembler(PieceRun.runs(of: pieces)[0])
            var out: [(DataPiece, [UInt8])] = []
            var offset = 0
            while offset < data.count {
                out += assembler.append(Array(data[offset..<min(offset + chunk, data.count)])).map { ($0.piece, $0.bytes.flattened()) }
                offset += chunk
            }
            #expect(out.map(\.0) == pieces, "chunk \(chunk)")
            #expect(out.flatMap(\.1) == data, "chunk \(chunk)")
            #expect(assembler.remaining.isEmpty)
        }
    }

    @Test func assemblerReportsWhatAShortFileLeftUndone() {
        var assembler = PieceAssembler(PieceRun.runs(of: [piece(0, 100), piece(100, 100)])[0])
        let done = assembler.append(Array(repeating: 1, count: 150))
        #expect(done.count == 1)
        #expect(assembler.remaining.map(\.offset) == [100])
        #expect(assembler.partialByteCount == 50)
    }
}
