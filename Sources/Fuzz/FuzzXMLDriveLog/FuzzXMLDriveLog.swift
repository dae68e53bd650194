import FuzzSupport
import IEDriveCore
import IEDriveManifest

// libFuzzer target: DriveLog files read back (DriveLogReader, DriveLogDocument), the format
// the copy stage writes its error and verbose logs in.
//
// Properties checked on every input, besides "does not crash, hang or run out of memory":
// * the outcome is the same whether the bytes arrive whole (DriveLogDocument.parse) or in
//   pieces of any size (DriveLogReader fed piece by piece);
// * what was read, written again by DriveLogWriter (verbose) and read back, is the same log:
//   the writer escapes whatever the reader can produce.

struct DriveLogRun: Equatable {
    var document: DriveLogDocument?
    var error: DriveLogFormatError?

    /// Whole, through the document API.
    init(whole bytes: [UInt8]) {
        do { document = try DriveLogDocument.parse(bytes) } catch { self.error = error }
    }

    /// Streamed, through the reader.
    init(pieces: [ArraySlice<UInt8>]) {
        var reader = DriveLogReader()
        var blobs: [DriveLogBlob] = []
        do {
            for piece in pieces {
                try reader.feed(piece)
                while let blob = try reader.next() { blobs.append(blob) }
            }
            reader.finish()
            while let blob = try reader.next() { blobs.append(blob) }
            guard let version = reader.version, let driveId = reader.driveId, let status = reader.status else {
                fuzzFailure("a finished DriveLogReader without its header or status")
            }
            document = DriveLogDocument(version: version, driveId: driveId, blobs: blobs, status: status)
        } catch {
            self.error = error
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLDriveLog(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, count)
    let pieces = FuzzInput.pieces(of: bytes)
    let whole = DriveLogRun(whole: bytes)
    let streamed = DriveLogRun(pieces: pieces)
    fuzzCheck(whole == streamed, """
        the outcome depends on the chunking (\(pieces.map(\.count)))
        whole:    \(whole.error.map(String.init(describing:)) ?? "read")
        streamed: \(streamed.error.map(String.init(describing:)) ?? "read")
        """)
    guard let document = whole.document else { return 0 }

    var text = ""
    var writer = DriveLogWriter(level: .verbose, driveId: document.driveId) { text += $0 }
    for blob in document.blobs { writer.write(blob) }
    writer.finish(status: document.status)
    let again: DriveLogDocument
    do {
        again = try DriveLogDocument.parse(Array(text.utf8))
    } catch {
        fuzzFailure("a written log does not read back: \(error)\n\(text)")
    }
    fuzzCheck(again.driveId == document.driveId, "DriveId '\(document.driveId)' read back as '\(again.driveId)'")
    fuzzCheck(again.status == document.status, "the status changed in a round trip")
    fuzzCheck(again.blobs.count == document.blobs.count, "\(document.blobs.count) blobs read back as \(again.blobs.count)")
    for (written, read) in zip(document.blobs, again.blobs) {
        fuzzCheck(written == read, "a blob changed in a round trip:\n\(written)\n\(read)\n\(text)")
    }
    return 0
}
