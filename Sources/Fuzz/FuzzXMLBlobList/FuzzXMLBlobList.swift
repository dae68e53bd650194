import FuzzSupport
import IEDriveCore
import IEDriveManifest

// libFuzzer target: an export job's blob list, as an XML file (BlobListFile) and as the inline
// JSON form (BlobListInline).
//
// Properties checked on every input, besides "does not crash, hang or run out of memory":
// * strict mode only adds the AzureFileList refusal: what strict accepts, lenient accepts the
//   same; where strict fails for another reason, lenient fails the same way;
// * a list accepted by the production limits is accepted the same by tight limits, unless a
//   tight limit is what refused it (and then the error says so);
// * an accepted list selects something (§5 item 3: an empty list is invalid);
// * the bounded validator (`BlobListValidator`, fed in chunks of a size drawn from the input)
//   reaches the same verdict as the whole-list parse, and counts the same entries.

let tight = BlobListLimits(xml: XMLLimits(maxDocumentBytes: 1 << 30, maxDepth: 3, maxNameBytes: 16, maxAttributes: 2,
                                          maxAttributeValueBytes: 40, maxTextBytes: 64, maxMarkupBytes: 96),
                           maxEntries: 1_000)

func outcome(_ bytes: [UInt8], strict: Bool, limits: BlobListLimits = .standard) -> Result<BlobListSelection, BlobListFormatError> {
    Result { () throws(BlobListFormatError) in try BlobListFile.parse(bytes, strict: strict, limits: limits) }
}

/// The production limits with room for 100,000 entries, more than an input of libFuzzer's
/// lengths can hold: the validator's duplicate set is sized by the entry limit, and 16 MiB
/// allocated (and, under the address sanitizer, cleared) for every input slowed this target
/// fifteen-fold.
let validatorLimits = BlobListLimits(xml: BlobListLimits.standard.xml, maxEntries: 100_000)

func validated(_ bytes: [UInt8], chunk: Int) -> Result<BlobListSummary, BlobListFormatError> {
    Result { () throws(BlobListFormatError) in
        var validator = BlobListValidator(limits: validatorLimits)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            try validator.feed(bytes[start..<end])
            start = end
        }
        return try validator.finish()
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXMLBlobList(_ data: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let bytes = FuzzInput.bytes(data, count)
    let lenient = outcome(bytes, strict: false)
    let strict = outcome(bytes, strict: true)
    switch (strict, lenient) {
    case (.success(let a), .success(let b)):
        fuzzCheck(a == b, "strict and lenient selections differ")
    case (.success, .failure(let error)):
        fuzzFailure("strict accepted a list lenient refused: \(error)")
    case (.failure(let error), .success):
        fuzzCheck(error.rule == .azureFileList, "strict refused a list lenient accepted, for \(error.rule): \(error)")
    case (.failure(let a), .failure(let b)):
        fuzzCheck(a.rule == .azureFileList || a == b, "strict and lenient fail differently: \(a) / \(b)")
    }
    if case .success(let selection) = lenient {
        fuzzCheck(!selection.paths.isEmpty || !selection.prefixes.isEmpty, "an accepted blob list selects nothing")
        switch outcome(bytes, strict: false, limits: tight) {
        case .success(let again):
            fuzzCheck(again == selection, "tight limits changed an accepted selection")
        case .failure(let error):
            guard error.rule == .limitExceeded else {
                fuzzFailure("tight limits refused an accepted list for another reason: \(error)")
            }
        }
    }
    let chunk = 1 + Int(bytes.first ?? 0) % 97
    switch (lenient, validated(bytes, chunk: chunk)) {
    case (.success(let selection), .success(let summary)):
        fuzzCheck(summary.entries >= selection.paths.count + selection.prefixes.count,
                  "the validator counted \(summary.entries) entries, the parse selected more")
    case (.failure(let a), .failure(let b)):
        fuzzCheck(a.rule == b.rule, "the validator (chunks of \(chunk)) and the parse refuse for different rules: \(b) / \(a)")
    case (.success, .failure(let error)):
        fuzzFailure("the validator (chunks of \(chunk)) refused a list the parse accepted: \(error)")
    case (.failure(let error), .success):
        fuzzFailure("the validator (chunks of \(chunk)) accepted a list the parse refused: \(error)")
    }
    // The inline form; JSON text with a BlobList's entries is a fine mutation source too.
    if case .success(let selection) = Result(catching: { () throws(BlobListFormatError) in try BlobListInline.parse(json: bytes) }) {
        fuzzCheck(!selection.paths.isEmpty || !selection.prefixes.isEmpty, "an accepted inline list selects nothing")
    }
    return 0
}
