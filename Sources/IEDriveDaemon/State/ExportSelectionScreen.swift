import IEDriveCore
import IEDriveManifest

/// A PUT's inline export selection checked at the door with the blob-list rules
/// (blob-list.md §5: paths and prefixes alike), so a job never stores a list that could not be
/// exported; the field named in the refusal.
enum ExportSelectionScreen {
    static func check(_ request: JobCreation) throws(LifecycleRefusal) {
        guard request.type == .export, let export = request.export,
              !export.blobPaths.isEmpty || !export.blobPathPrefixes.isEmpty else { return }
        do {
            _ = try BlobListInline.selection(blobPaths: export.blobPaths, prefixes: export.blobPathPrefixes)
        } catch {
            throw LifecycleRefusal(.invalidParameter, "The export blob list is invalid: \(error.message).",
                                   target: "properties.export.blobList")
        }
    }
}
