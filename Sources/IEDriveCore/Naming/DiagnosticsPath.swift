/// A job's `diagnosticsPath` (rest-api.md §2.2): the container, and optionally a virtual
/// directory inside it, where the drive logs and manifest backups are written
/// (`<diagnosticsPath>/waies/<job>_<drive>_<time>_error.xml`). It becomes blob names, so it is
/// checked at the door:
///
/// * a legal container name (``ContainerName``; `$root` cannot hold a directory), then
///   optionally `/` and segments separated by `/`;
/// * no empty, `.` or `..` segment, no leading `/` (not a file-system path), no `\`;
/// * the rules of a blob name (``BlobName``) for the directory part;
/// * at most ``maxLength`` characters, so the log names below it stay under 1,024.
public enum DiagnosticsPath {
    public static let maxLength = 512

    /// Why `path` cannot be a diagnostics path, or nil.
    public static func problem(_ path: String) -> String? {
        let length = path.utf16.count
        guard length <= maxLength else {
            return "diagnosticsPath has \(length) characters; at most \(maxLength) are allowed (a container and a folder in it)"
        }
        guard !path.hasPrefix("/") else {
            return "diagnosticsPath names a container in the storage account (e.g. 'waimportexport' or 'logs/import'), not a file-system path"
        }
        guard !path.contains("\\") else { return "diagnosticsPath separates folders with '/', not '\\'" }
        let segments = path.slashSeparated().map(String.init)
        let container = segments[0]
        if let reason = ContainerName.problem(container) { return "diagnosticsPath: \(reason)" }
        guard segments.count == 1 || container != ContainerName.root else {
            return "diagnosticsPath cannot be a folder of the root container"
        }
        let folders = segments.dropFirst()
        if folders.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) {
            return "diagnosticsPath has an empty, '.' or '..' folder"
        }
        if !folders.isEmpty, let problem = BlobName.problem(folders.joined(separator: "/"), inRoot: false) {
            return "diagnosticsPath: \(problem)"
        }
        return nil
    }
}

/// A drive's `driveId` (rest-api.md §2.3: the hardware serial number, no spaces). It names
/// journal entries and drive log blobs, so beyond "no whitespace": 1–128 printable ASCII
/// characters other than `/` and `\`.
public enum DriveIdentifier {
    public static let maxLength = 128

    /// Why `id` cannot be a drive id, or nil.
    public static func problem(_ id: String) -> String? {
        guard !id.isEmpty, id.utf8.count <= maxLength else {
            return "A drive ID is the drive's serial number: 1 to \(maxLength) characters, without spaces."
        }
        guard id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != 0x2F && $0 != 0x5C }) else {
            return "A drive ID is the drive's serial number: printable characters without spaces, '/' or '\\'."
        }
        return nil
    }
}
