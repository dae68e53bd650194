public import IEDriveCore

/// The export blob-list XML (blob-list.md §1) read whole into a `BlobListSelection`, for lists
/// already in memory (tests, small lists). Entries are kept, so memory grows with the list; to
/// check a file of any size in bounded memory use `BlobListValidator`, and to act on each
/// entry as it is read, `BlobListReader`.
public enum BlobListFile {
    /// Parses and validates a blob-list file. `strict` makes an `AzureFileList` section invalid
    /// (§5 item 10); by default it is skipped.
    public static func parse(_ bytes: some Collection<UInt8>, strict: Bool = false,
                             limits: BlobListLimits = .standard) throws(BlobListFormatError) -> BlobListSelection {
        var reader = BlobListReader(strict: strict, limits: limits)
        var entries: [BlobListEntry] = []
        try reader.feed(bytes)
        reader.finish()
        while let entry = try reader.next() { entries.append(entry) }
        return try BlobListEntries.selection(entries)
    }
}
