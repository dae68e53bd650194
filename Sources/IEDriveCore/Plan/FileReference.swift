/// A metadata or properties file named by the manifest: `<MetadataPath Hash="…">\s1\meta.xml</MetadataPath>`
/// (drive-manifest.md §2, §6).
///
/// `text` is the path exactly as written (the drive log repeats it). `path` is nil when the
/// name cannot exist on NTFS or is too long; `problem` then carries the file status
/// (`FileNameInvalid` / `FileNameTooLong`, metadata-properties.md §4), which makes the blob
/// `CompletedWithErrors` without stopping its data.
public struct FileReference: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        /// From `BlobList/MetadataPath` or `BlobList/PropertiesPath`: the log's `GlobalPath`.
        case list
        /// From the blob's own element: the log's `Path`.
        case blob
    }

    public var scope: Scope
    public var text: String
    public var path: DriveRelativePath?
    public var md5: MD5Digest
    public var problem: FileProblem?

    public init(scope: Scope, text: String, path: DriveRelativePath?, md5: MD5Digest, problem: FileProblem? = nil) {
        self.scope = scope
        self.text = text
        self.path = path
        self.md5 = md5
        self.problem = problem
    }

    /// The form a drive log records.
    public var logged: LoggedFile { LoggedFile(path: text, md5: md5) }
}
