import FuzzSupport
import IEDriveCore
import IEDriveManifest

// libFuzzer target: the drive manifest through the streaming XML reader and ManifestValidator.
//
// Properties checked on every input, besides "does not crash, hang or run out of memory":
// * the outcome (items, summary or error, with its line and column) is the same whether the
//   bytes arrive whole or in pieces of any size (ManifestValidator's promise);
// * a validator that failed keeps failing with the same error;
// * a finished, valid manifest has a summary whose counts match the items that came out;
// both with the production limits and with tight ones, so that every XMLLimits bound and
// ManifestOptions bound is crossed somewhere.

/// Tight bounds: small enough that fuzzed documents reach each of them.
let tight = ManifestOptions(
    sizeLimits: .legacy,
    xml: XMLLimits(maxDocumentBytes: 1 << 30, maxDepth: 6, maxNameBytes: 12, maxAttributes: 4,
                   maxAttributeValueBytes: 48, maxTextBytes: 64, maxMarkupBytes: 128),
    maxFilePathLength: 24, maxPageRangesPerBlob: 3)

struct ManifestRun: Equatable {
    var items: [ManifestItem] = []
    var summary: ManifestSummary?
    var error: ManifestFormatError?

    init(_ pieces: [ArraySlice<UInt8>], options: ManifestOptions) {
        var validator = ManifestValidator(options: options)
        do {
            for piece in pieces {
                try validator.feed(piece)
                while let item = try validator.next() { items.append(item) }
            }
            validator.finish()
            while let item = try validator.next() { items.append(item) }
            guard let summary = validator.summary else { fuzzFailure("a finished manifest without a summary") }
            self.summary = summary
        } catch {
            self.error = error
            do {
                _ = try validator.next()
                fuzzFailure("a failed validator went on after \(error)")
            } catch let again {
                fuzzCheck(again == error, "a failed validator changed its error: \(error) then \(again)")
            }
        }
    }

    func checkSummary() {
        guard let summary else { return }
        let blobs = items.compactMap { item -> ManifestBlob? in
            if case .blob(let blob) = item { return blob }
            return nil
        }
        let headers = items.filter { if case .header = $0 { true } else { false } }
        fuzzCheck(headers.count == 1, "a valid manifest gave \(headers.count) headers")
        fuzzCheck(summary.blobCount == blobs.count, "summary counts \(summary.blobCount) blobs, \(blobs.count) came out")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLManifest(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, count)
    let pieces = FuzzInput.pieces(of: bytes)
    for options in [ManifestOptions(), tight] {
        let whole = ManifestRun([bytes[...]], options: options)
        let streamed = ManifestRun(pieces, options: options)
        fuzzCheck(whole == streamed, """
            the outcome depends on the chunking (\(pieces.map(\.count)))
            whole:    \(whole.error.map(String.init(describing:)) ?? "valid, \(whole.items.count) items")
            streamed: \(streamed.error.map(String.init(describing:)) ?? "valid, \(streamed.items.count) items")
            """)
        whole.checkSummary()
    }
    return 0
}
