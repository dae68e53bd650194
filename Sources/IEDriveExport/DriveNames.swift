internal import Crypto
internal import IEDriveCore

/// The names an export has put on the drive, as Windows compares them (case-insensitively),
/// kept as 8-byte hashes so a drive of a million blobs costs megabytes: files (with their
/// side files) and folders with the exact spelling each folder was made with.
struct DriveNames {
    private var files: Set<UInt64> = []
    /// Folder (case-folded) → the hash of its exact spelling.
    private var folders: [UInt64: UInt64] = [:]

    /// Why `file` cannot be written beside what is there, or nil.
    func clash(_ file: ExportFilePath) -> String? {
        let components = file.components
        for depth in 1..<components.count {
            let prefix = Array(components[0..<depth])
            let folded = Self.key(prefix, folded: true)
            if files.contains(folded) {
                return "\\\(prefix.joined(separator: "\\")) is a file on the drive, so it cannot be a folder"
            }
            if let spelling = folders[folded], spelling != Self.key(prefix, folded: false) {
                return "a folder \\\(prefix.joined(separator: "\\")) exists with other capitals (Windows sees one folder)"
            }
        }
        for candidate in [components, file.sibling(suffix: ".properties"), file.sibling(suffix: ".metadata")] {
            let folded = Self.key(candidate, folded: true)
            if files.contains(folded) || folders[folded] != nil {
                return "\\\(candidate.joined(separator: "\\")) is already on the drive (names that differ only in case are one name on Windows)"
            }
        }
        return nil
    }

    mutating func add(_ file: ExportFilePath) {
        let components = file.components
        for depth in 1..<components.count {
            let prefix = Array(components[0..<depth])
            folders[Self.key(prefix, folded: true)] = Self.key(prefix, folded: false)
        }
        for name in [components, file.sibling(suffix: ".properties"), file.sibling(suffix: ".metadata")] {
            files.insert(Self.key(name, folded: true))
        }
    }

    private static func key(_ components: [String], folded: Bool) -> UInt64 {
        let text = components.joined(separator: "\\")
        let digest = SHA256.hash(data: Array((folded ? text.uppercased() : text).utf8))
        return digest.withUnsafeBytes { raw in raw.loadUnaligned(as: UInt64.self) }
    }
}
