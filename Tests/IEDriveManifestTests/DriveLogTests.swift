import IEDriveCore
import IEDriveManifest
import Testing

@Suite("DriveLog writer and reader")
struct DriveLogTests {
    /// The §6 scenario, computed the way the copy stage will: from the validated §10 manifest,
    /// with `disks/edge-node.vhd` already present (renamed) and its second range corrupted.
    func scenarioBlobs() throws -> [DriveLogBlob] {
        let manifest = try validManifest(SpecExamples.importManifest)
        return try manifest.blobs.map { blob in
            let corrupted = blob.type == .page ? 1 : -1
            let pieces = blob.pieces.enumerated().map { LoggedPiece($0.element, status: $0.offset == corrupted ? .corrupted : .completed) }
            let metadata = LoggedAttachment(status: .completed, globalPath: blob.metadata?.logged)
            let exists = blob.blobPath?.name == "edge-node.vhd"
            let finalPath = exists ? try #require(ImportDisposition.renameCandidates(for: blob.blobPath!).first(where: { _ in true })) : blob.blobPath!
            let status = StatusRollUp.blobStatus(fatal: nil, pieces: pieces.map(\.status), metadata: metadata.status)
            return DriveLogBlob(status: status, blobPath: finalPath.text, filePath: blob.filePathText, length: blob.length,
                                disposition: LoggedDisposition(requested: blob.disposition, status: exists ? .renamed : .created),
                                pieces: LoggedPieces(type: blob.type, items: pieces), metadata: metadata)
        }
    }

    func written(_ level: DriveLogWriter.Level, _ blobs: [DriveLogBlob], driveId: String = "ZA1B2C3D", status: DriveStatus) -> String {
        var text = ""
        var writer = DriveLogWriter(level: level, driveId: driveId) { text += $0 }
        for blob in blobs { writer.write(blob) }
        writer.finish(status: status)
        return text
    }

    @Test func verboseAndErrorLogsMatchTheSpecExamples() throws {
        let blobs = try scenarioBlobs()
        let status = StatusRollUp.driveStatus(fatal: nil, blobs: blobs.map { ($0.status, $0.disposition?.status) })
        #expect(status == .completedWithErrors)
        #expect(written(.verbose, blobs, status: status) == SpecExamples.verboseLog)
        #expect(written(.error, blobs, status: status) == SpecExamples.errorLog)
    }

    @Test func failedDriveLogHasOnlyItsStatus() {
        #expect(written(.error, [], driveId: "ZQ7Y6X5W", status: .bitLockerKeyInvalid) == SpecExamples.bitLockerErrorLog)
    }

    @Test func whatIsWrittenIsReadBack() throws {
        let blobs = try scenarioBlobs()
        let document = try DriveLogDocument.parse(Array(written(.verbose, blobs, status: .completedWithErrors).utf8))
        #expect(document == DriveLogDocument(version: "2014-11-01", driveId: "ZA1B2C3D", blobs: blobs, status: .completedWithErrors))
    }

    @Test func theSpecExamplesParse() throws {
        let verbose = try DriveLogDocument.parse(Array(SpecExamples.verboseLog.utf8))
        #expect(verbose.blobs.count == 2)
        #expect(verbose.blobs[1].pieces?.items.map(\.status) == [.completed, .corrupted, .completed])
        let error = try DriveLogDocument.parse(Array(SpecExamples.errorLog.utf8))
        #expect(error.blobs.map(\.blobPath) == ["disks/edge-node (2).vhd"])
        #expect(try DriveLogDocument.parse(Array(SpecExamples.bitLockerErrorLog.utf8)).status == .bitLockerKeyInvalid)
    }

    @Test func awkwardTextSurvivesTheRoundTrip() throws {
        let blob = DriveLogBlob(status: .fileNotFound, blobPath: "c1/a&b<c>\"d'\te\r\nf", filePath: "\\x\\ü & 😀", snapshot: "2023-06-01T10:15:30.1234567Z",
                                length: 0, lastModified: "2012-09-18T23:47:08Z",
                                pieces: LoggedPieces(type: .block, items: [LoggedPiece(offset: 0, length: 1, blockID: "a+/=", status: .cancelled)]),
                                properties: LoggedAttachment(status: .failed))
        let text = written(.verbose, [blob], driveId: "A&B", status: .completedWithErrors)
        #expect(text.contains("<Properties Status=\"Failed\"/>"))
        let document = try DriveLogDocument.parse(Array(text.utf8))
        #expect(document.blobs == [blob])
        #expect(document.driveId == "A&B")
    }

    @Test func errorLogFiltersSuccess() throws {
        let ok = DriveLogBlob(status: .completed, blobPath: "con1/ok", filePath: "\\ok", length: 1,
                              pieces: LoggedPieces(type: .block, items: [LoggedPiece(offset: 0, length: 1, status: .completed)]))
        var failed = ok
        failed.status = .fileNotFound
        failed.blobPath = "con1/missing"
        failed.disposition = LoggedDisposition(requested: .rename, status: .cancelled)
        failed.pieces?.items[0].status = .cancelled
        failed.metadata = LoggedAttachment(status: .completed, path: LoggedFile(path: "\\m.xml", md5: nil))
        let text = written(.error, [ok, failed], status: .completedWithErrors)
        let document = try DriveLogDocument.parse(Array(text.utf8))
        #expect(document.blobs.map(\.blobPath) == ["con1/missing"])
        #expect(document.blobs[0].metadata == nil)
        #expect(document.blobs[0].pieces?.items.map(\.status) == [.cancelled])
        #expect(document.blobs[0].disposition?.status == .cancelled)
    }

    @Test func aLargeVerboseLogStreamsThroughBothSides() throws {
        var reader = DriveLogReader()
        var pending: [UInt8] = []
        var parsed = 0
        var bytes = 0
        var writer = DriveLogWriter(level: .verbose, driveId: "ZA1B2C3D") { piece in
            pending += piece.utf8
            bytes += piece.utf8.count
        }
        func drain() throws {
            if !pending.isEmpty { try reader.feed(pending) }
            pending.removeAll(keepingCapacity: true)
            while let blob = try reader.next() {
                #expect(blob.length == UInt64(parsed))
                parsed += 1
            }
        }
        for index in 0..<50_000 {
            writer.write(DriveLogBlob(status: .completed, blobPath: "con1/b\(index)", filePath: "\\b\(index)", length: UInt64(index),
                                      pieces: LoggedPieces(type: .block, items: [LoggedPiece(offset: 0, length: UInt64(index), status: .completed)])))
            if pending.count > 1 << 16 { try drain() }
        }
        writer.finish(status: .completed)
        try drain()
        reader.finish()
        try drain()
        #expect(parsed == 50_000)
        #expect(writer.blobsWritten == 50_000)
        #expect(reader.status == .completed)
        #expect(bytes > 10_000_000)
    }

    @Test func malformedLogsAreRefused() {
        #expect(throws: DriveLogFormatError.self) { try DriveLogDocument.parse(Array("<DriveLog><DriveId>A</DriveId></DriveLog>".utf8)) }
        #expect(throws: DriveLogFormatError.self) {
            try DriveLogDocument.parse(Array("<DriveLog><Blob Status=\"Great\"/><Status>Completed</Status></DriveLog>".utf8))
        }
        #expect(throws: DriveLogFormatError.self) { try DriveLogDocument.parse(Array("<DriveLog><Status>Meh</Status></DriveLog>".utf8)) }
    }
}
