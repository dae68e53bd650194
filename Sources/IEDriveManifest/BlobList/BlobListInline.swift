#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import IEDriveCore

/// The inline form of an export selection, `"blobList": {"blobPath": [...], "blobPathPrefix": [...]}`
/// (blob-list.md, table at the top). Inline blob paths cannot carry snapshot attributes; they
/// behave like `IncludeSnapshots="true"` (§6).
public enum BlobListInline {
    /// The Classic API's cap on the inline list, applied to the serialized `blobList` object.
    public static let maxBytes = 32_768

    /// Validates the two arrays of an inline list (already decoded by the API layer).
    public static func selection(blobPaths: [String], prefixes: [String]) throws(BlobListFormatError) -> BlobListSelection {
        var entries: [BlobListEntries.Entry] = []
        for prefix in prefixes { entries.append(try BlobListEntries.prefix(prefix)) }
        for path in blobPaths { entries.append(try BlobListEntries.path(path, snapshots: .baseAndSnapshots)) }
        return try BlobListEntries.selection(entries)
    }

    /// Decodes and validates the JSON text of a `blobList` object. Keys match case-insensitively
    /// (the API accepts both historical spellings of neighbouring keys, so we are lenient the
    /// same way); unknown keys and non-string entries make it invalid.
    public static func parse(json bytes: some Collection<UInt8>) throws(BlobListFormatError) -> BlobListSelection {
        guard bytes.count <= maxBytes else {
            throw BlobListFormatError(rule: .inlineTooLarge,
                                      message: "the inline blob list has \(bytes.count) bytes; at most \(maxBytes) are allowed — use a blob-list blob")
        }
        let object: [String: [String]]
        do {
            object = try JSONDecoder().decode([String: [String]].self, from: Data(bytes))
        } catch {
            throw BlobListFormatError(rule: .inlineFormat,
                                      message: "the inline blob list must be an object with string arrays blobPath and blobPathPrefix")
        }
        var paths: [String] = []
        var prefixes: [String] = []
        for (key, values) in object.sorted(by: { $0.key < $1.key }) {
            switch key.lowercased() {
            case "blobpath": paths += values
            case "blobpathprefix": prefixes += values
            default:
                throw BlobListFormatError(rule: .inlineFormat, message: "unknown key '\(key)' in the inline blob list")
            }
        }
        return try selection(blobPaths: paths, prefixes: prefixes)
    }
}
