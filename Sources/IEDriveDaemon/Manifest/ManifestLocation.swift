public import IEDriveCore
import IEDriveManifest

/// Where the drive manifest is on the volume (drive-manifest.md §7): the path the job names
/// (`manifestFile`), by default `\DriveManifest.xml`, else the one `*.manifest` file at the
/// root when there is exactly one.
public enum ManifestLocation {
    public static let defaultPath = "\\DriveManifest.xml"

    /// The manifest's volume entry, or the drive failure (`Manifest file error`).
    public static func find(_ manifestFile: String?, on volume: any VolumeReader) async throws -> VolumeEntry {
        let named = manifestFile ?? defaultPath
        let path: DriveRelativePath
        switch ManifestFileCheck.path(named) {
        case .success(let parsed): path = parsed
        case .failure(let problem):
            throw DriveFailure(.manifestFileError, status: problem.status, problem.message)
        }
        do {
            let entry = try await volume.stat(volumePath(path))
            guard entry.kind == .file else {
                throw DriveFailure(.manifestFileError, status: .manifestNotFound, "\(path.displayPath) is a directory, not a manifest file")
            }
            return entry
        } catch let failure as ReaderFailure where failure.kind == .notFound {
            guard manifestFile == nil else {
                throw DriveFailure(.manifestFileError, status: .manifestNotFound,
                                   "the manifest \(path.displayPath) named by the job is not on the drive")
            }
        } catch let failure as ReaderFailure where !failure.isFatal {
            throw DriveFailure(.manifestFileError, status: .readManifestFailed, "cannot read \(path.displayPath): \(failure.message)")
        }
        // No \DriveManifest.xml: a single *.manifest at the root will do.
        let candidates = try await volume.list("/").filter {
            $0.kind == .file && $0.name.lowercased().hasSuffix(".manifest")
        }
        switch candidates.count {
        case 1: return candidates[0]
        case 0:
            throw DriveFailure(.manifestFileError, status: .manifestNotFound,
                               "no \(defaultPath) and no *.manifest file at the root of the drive")
        default:
            let names = candidates.map { String($0.name) }.sorted().joined(separator: ", ")
            throw DriveFailure(.manifestFileError, status: .manifestNotFound,
                               "no \(defaultPath) and several *.manifest files at the root (\(names)); name one")
        }
    }

    /// `\a\b.txt` → `/a/b.txt`, the reader's spelling.
    public static func volumePath(_ path: DriveRelativePath) -> String {
        "/" + path.relativePOSIXPath
    }
}
