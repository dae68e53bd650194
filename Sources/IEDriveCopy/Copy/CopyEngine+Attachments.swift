import IEDriveCore

/// A blob's metadata and properties files: read (through the caller's loader) once per file
/// and drive, and logged with the blob.
extension CopyEngine {
    func attachments(for copy: BlobCopy) async throws {
        for (reference, isMetadata) in [(copy.blob.metadata, true), (copy.blob.properties, false)] {
            guard let reference else { continue }
            let loaded: LoadedAttachment
            let cacheKey = "\(isMetadata)|\(reference.text)|\(reference.md5)"
            if let problem = reference.problem {
                loaded = LoadedAttachment(status: problem.status)
            } else if let cached = attachmentCache[cacheKey] {
                loaded = cached
            } else {
                try await drainRequests()          // answers come in order: nothing may be in flight
                loaded = try await loadAttachment(reference, isMetadata)
                attachmentCache[cacheKey] = loaded
            }
            let logged = reference.scope == .list
                ? LoggedAttachment(status: loaded.status, globalPath: reference.logged)
                : LoggedAttachment(status: loaded.status, path: reference.logged)
            if isMetadata {
                copy.loggedMetadata = logged
                if let metadata = loaded.metadata { copy.metadata = metadata }
            } else {
                copy.loggedProperties = logged
                if let properties = loaded.properties { copy.properties = properties }
            }
            if loaded.status != .completed {
                copy.note("\(isMetadata ? "metadata" : "properties") file \(reference.text): \(loaded.status.rawValue)")
            }
        }
    }
}
