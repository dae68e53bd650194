import IEDriveCopy
import IEDriveCore
import IEDriveManifest

/// A blob's metadata or properties file, once read from the drive: checked against the
/// manifest's MD5 and parsed (metadata-properties.md §4 statuses). The read pipeline reads
/// the file; this is what it does with the bytes, for the copy and for verify alike.
enum AttachmentFiles {
    static func parse(_ bytes: [UInt8], reference: FileReference, isMetadata: Bool) -> LoadedAttachment {
        guard MD5.digest(bytes) == reference.md5 else { return LoadedAttachment(status: .corrupted) }
        if isMetadata {
            switch MetadataFile.parse(bytes) {
            case .success(let metadata): return LoadedAttachment(status: .completed, metadata: metadata)
            case .failure(let problem): return LoadedAttachment(status: problem.status)
            }
        }
        switch PropertiesFile.parse(bytes) {
        case .success(let properties): return LoadedAttachment(status: .completed, properties: properties)
        case .failure(let problem): return LoadedAttachment(status: problem.status)
        }
    }
}
