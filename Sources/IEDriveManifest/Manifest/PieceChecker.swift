import IEDriveCore

/// The block and page rules of drive-manifest.md §4, applied piece by piece as the `Block` and
/// `PageRange` elements stream past, so that an error points at the piece that broke a rule.
/// Rules that need the blob's `Length` run as soon as both are known (`Length` usually comes
/// first; if it follows the list, the checks run when it arrives and point at it).
struct PieceChecker {
    let type: BlobType
    let maxPageRanges: Int
    private(set) var pieces: [DataPiece] = []
    /// First byte after the last piece (blocks: the next expected offset).
    private(set) var end: UInt64 = 0
    private var withIDs: Bool?
    private var idLength = 0
    private var ids: Set<String> = []

    init(type: BlobType, maxPageRanges: Int) {
        self.type = type
        self.maxPageRanges = maxPageRanges
    }

    var hasBlockIDs: Bool { withIDs == true }

    mutating func add(_ tag: XMLStartTag, blobLength: UInt64?, at location: XMLMark) throws(RuleViolation) {
        func fail(_ rule: ManifestRule, _ message: String) -> RuleViolation {
            RuleViolation(rule: rule, message: message, mark: location)
        }
        let element = type.pieceElement
        func required(_ name: String) throws(RuleViolation) -> String {
            guard let value = tag.attribute(name) else { throw fail(.missingAttribute, "<\(element)> lacks the \(name) attribute") }
            return value
        }
        let offsetText = try required("Offset"), lengthText = try required("Length"), hashText = try required("Hash")
        guard let offset = ManifestText.uint64(offsetText) else {
            throw fail(.integer, "\(element) Offset '\(offsetText)' is not a non-negative decimal integer")
        }
        guard let length = ManifestText.uint64(lengthText) else {
            throw fail(.integer, "\(element) Length '\(lengthText)' is not a non-negative decimal integer")
        }
        guard let md5 = MD5Digest(base16: hashText) else {
            throw fail(.hash, "\(element) Hash '\(hashText)' is not a Base16 MD5 (32 hexadecimal digits)")
        }
        guard length > 0, length <= PieceRules.maxPieceLength else {
            throw fail(.pieceLength, "\(element) Length \(length) is outside 1…\(PieceRules.maxPieceLength) bytes")
        }
        let (pieceEnd, overflow) = offset.addingReportingOverflow(length)
        guard !overflow else { throw fail(.integer, "\(element) Offset + Length overflows 64 bits") }
        var blockID: BlockID?
        if type == .block {
            blockID = try checkBlock(tag, offset: offset, end: pieceEnd, blobLength: blobLength, fail: fail)
        } else {
            try checkPage(offset: offset, length: length, end: pieceEnd, blobLength: blobLength, fail: fail)
        }
        pieces.append(DataPiece(offset: offset, length: UInt32(length), md5: md5, blockID: blockID))
        end = pieceEnd
    }

    private mutating func checkBlock(_ tag: XMLStartTag, offset: UInt64, end pieceEnd: UInt64, blobLength: UInt64?,
                                     fail: (ManifestRule, String) -> RuleViolation) throws(RuleViolation) -> BlockID? {
        guard pieces.count < PieceRules.maxBlocks else {
            throw fail(.blockCount, "more than \(PieceRules.maxBlocks) blocks in one blob")
        }
        guard offset == end else {
            let expected = pieces.isEmpty ? "the first block must start at 0" : "the previous block ends at \(end)"
            throw fail(.blockLayout, "Block Offset \(offset) breaks contiguity: \(expected)")
        }
        if let blobLength, pieceEnd > blobLength {
            throw fail(.blockCoverage, "the block ends at \(pieceEnd), past the blob Length \(blobLength)")
        }
        let idText = tag.attribute("Id")
        if let withIDs, withIDs != (idText != nil) {
            throw fail(.blockIDConsistency, "an Id is given on some blocks of the blob but not on others")
        }
        withIDs = idText != nil
        guard let idText else { return nil }
        let id: BlockID
        do {
            id = try BlockID(base64: idText)
        } catch {
            switch error {
            case .notBase64, .empty: throw fail(.blockID, "Block Id '\(idText)' is not a non-empty base64 string")
            case .tooLong(let count): throw fail(.blockID, "Block Id '\(idText)' decodes to \(count) bytes; at most 64 are allowed")
            }
        }
        if pieces.isEmpty {
            idLength = idText.utf8.count
        } else if idText.utf8.count != idLength {
            throw fail(.blockIDConsistency, "Block Id '\(idText)' differs in length from the blob's first Id; all must be equal")
        }
        guard ids.insert(idText).inserted else {
            throw fail(.blockIDConsistency, "Block Id '\(idText)' is used twice in the blob")
        }
        return id
    }

    private func checkPage(offset: UInt64, length: UInt64, end pieceEnd: UInt64, blobLength: UInt64?,
                           fail: (ManifestRule, String) -> RuleViolation) throws(RuleViolation) {
        guard pieces.count < maxPageRanges else {
            throw fail(.pageRangeCount, "more than \(maxPageRanges) page ranges in one blob")
        }
        guard offset % PieceRules.pageSize == 0, length % PieceRules.pageSize == 0 else {
            throw fail(.pageAlignment, "PageRange Offset \(offset) and Length \(length) must be multiples of 512")
        }
        guard offset >= end else {
            throw fail(.pageLayout, "PageRange Offset \(offset) is before the end of the previous range (\(end)); ranges must be sorted and must not overlap")
        }
        if let blobLength, pieceEnd > blobLength {
            throw fail(.pageBounds, "the page range ends at \(pieceEnd), past the blob Length \(blobLength)")
        }
    }

    /// Rules that need both the whole list and the blob's `Length`.
    func checkComplete(blobLength: UInt64, at location: XMLMark) throws(RuleViolation) {
        switch type {
        case .block:
            guard end == blobLength else {
                throw RuleViolation(rule: .blockCoverage, message: "the blocks cover \(end) bytes but the blob Length is \(blobLength)",
                                          mark: location)
            }
            if blobLength > PieceRules.blockIDRequiredAbove, !hasBlockIDs {
                throw RuleViolation(rule: .blockIDRequired,
                                          message: "a block blob over 64 MiB (\(blobLength) bytes) needs an Id on every block",
                                          mark: location)
            }
        case .page:
            guard end <= blobLength else {
                throw RuleViolation(rule: .pageBounds, message: "the page ranges end at \(end), past the blob Length \(blobLength)",
                                          mark: location)
            }
        }
    }

    /// Blocks read so far must not pass a `Length` that arrives after them.
    func checkPartial(blobLength: UInt64, at location: XMLMark) throws(RuleViolation) {
        guard end > blobLength else { return }
        let rule: ManifestRule = type == .block ? .blockCoverage : .pageBounds
        throw RuleViolation(rule: rule, message: "the \(type == .block ? "blocks" : "page ranges") end at \(end), past the blob Length \(blobLength)",
                                  mark: location)
    }
}
