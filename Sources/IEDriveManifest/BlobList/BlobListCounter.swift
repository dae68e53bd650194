import IEDriveCore

/// The entries of a blob list counted: paths, prefixes and duplicates (`BlobListDigestSet`),
/// each entry checked by `BlobListQuickCheck`'s shortcut when it applies, else by the full rules
/// (`BlobListEntries`), which throw for an invalid entry.
struct BlobListCounter: Sendable {
    var digests: BlobListDigestSet
    var blobPaths = 0
    var prefixes = 0
    var duplicates = 0

    init(capacity: Int) {
        digests = BlobListDigestSet(capacity: capacity)
    }

    var entries: Int { blobPaths + prefixes }

    /// Checks and counts one entry; throws (unlocated) when it is invalid.
    mutating func add(_ raw: BlobListScanner.RawEntry) throws(BlobListFormatError) {
        if !digests.insert(try digest(raw)) { duplicates += 1 }
    }

    /// Counts an entry without snapshot attributes by the shortcut, from its text's bytes;
    /// false when the shortcut does not apply (then `add` decides, by the full rules).
    mutating func addPlain(_ text: UnsafeBufferPointer<UInt8>, isPrefix: Bool) -> Bool {
        let digest: UInt64
        if isPrefix {
            guard BlobListQuickCheck.isPlainValidPrefix(text) else { return false }
            digest = BlobListDigestSet.digest(isPrefix: true, UnsafeRawBufferPointer(text), snapshots: nil)
            prefixes += 1
        } else {
            guard BlobListQuickCheck.isPlainValidPath(text) else { return false }
            let body = text.first == 0x2F ? UnsafeBufferPointer(rebasing: text.dropFirst()) : text
            digest = BlobListDigestSet.digest(isPrefix: false, UnsafeRawBufferPointer(body), snapshots: .baseAndSnapshots)
            blobPaths += 1
        }
        if !digests.insert(digest) { duplicates += 1 }
        return true
    }

    private mutating func digest(_ raw: BlobListScanner.RawEntry) throws(BlobListFormatError) -> UInt64 {
        var text = raw.text
        if raw.isPrefix {
            let quick: UInt64? = text.withUTF8 { bytes in
                BlobListQuickCheck.isPlainValidPrefix(bytes)
                    ? BlobListDigestSet.digest(isPrefix: true, UnsafeRawBufferPointer(bytes), snapshots: nil) : nil
            }
            if let quick {
                prefixes += 1
                return quick
            }
        } else {
            let snapshots = try BlobListEntries.snapshots(of: raw)
            let quick: UInt64? = text.withUTF8 { bytes in
                guard BlobListQuickCheck.isPlainValidPath(bytes) else { return nil }
                let body = bytes.first == 0x2F ? UnsafeBufferPointer(rebasing: bytes.dropFirst()) : bytes
                return BlobListDigestSet.digest(isPrefix: false, UnsafeRawBufferPointer(body), snapshots: snapshots)
            }
            if let quick {
                blobPaths += 1
                return quick
            }
        }
        let entry = try BlobListEntries.entry(raw)
        switch entry {
        case .path: blobPaths += 1
        case .prefix: prefixes += 1
        }
        return BlobListDigestSet.digest(of: entry)
    }
}
