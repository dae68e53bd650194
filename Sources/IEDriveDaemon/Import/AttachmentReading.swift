import IEDriveCopy
import IEDriveCore
import IEDriveManifest
import IEDriveVolumes

/// Reads a metadata or properties file from the drive, checks its MD5 and parses it
/// (metadata-properties.md §4 statuses). Nothing else may be in flight on the reader.
enum AttachmentReading {
    /// Metadata and properties files are small (8 KB of pairs at most).
    static let limit: UInt64 = 1 << 20

    static func load(_ reference: FileReference, isMetadata: Bool, from reader: ReaderClient) async throws -> LoadedAttachment {
        guard let path = reference.path else { return LoadedAttachment(status: reference.problem?.status ?? .fileNameInvalid) }
        var bytes: [UInt8] = []
        do {
            _ = try await reader.read(ReadRange(path: ManifestLocation.volumePath(path), length: limit)) { bytes += $0 }
        } catch let failure as ReaderFailure where !failure.isFatal {
            return LoadedAttachment(status: failure.kind == .notFound || failure.kind == .wrongKind ? .fileNotFound : .fileAccessDenied)
        } catch let failure as ReaderFailure {
            throw DriveFailure(failure)
        }
        return checked(bytes, reference: reference, isMetadata: isMetadata)
    }

    /// The file's bytes checked against the manifest's MD5 and parsed.
    static func checked(_ bytes: [UInt8], reference: FileReference, isMetadata: Bool) -> LoadedAttachment {
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
