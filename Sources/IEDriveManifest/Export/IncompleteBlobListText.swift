public import IEDriveCore

/// The incomplete blob list of an export job (blob-list.md §4): the blobs the drives did not
/// take, as the same `BlobList` XML a customer gives, one `BlobPath` per blob with
/// `IncludeSnapshots="false"` (the base blob is what was selected and not written), so the
/// list can be handed to the next export job as it is.
public enum IncompleteBlobListText {
    /// The document for `paths`, in their order; nil when there are none (an empty list is
    /// not a valid blob list: nothing remains, no list).
    public static func document(_ paths: [BlobPath]) -> [UInt8]? {
        guard !paths.isEmpty else { return nil }
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BlobList>\n"
        for path in paths {
            text += "  <BlobPath IncludeSnapshots=\"false\">" + XMLEscaping.text(path.text) + "</BlobPath>\n"
        }
        text += "</BlobList>\n"
        return Array(text.utf8)
    }
}
