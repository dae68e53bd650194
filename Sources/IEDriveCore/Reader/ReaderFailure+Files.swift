/// What a reader's failure about one file means, written once for every stage (manifest,
/// attachments, copy, verify): a file that is missing or not a regular file, or that cannot be
/// read, fails its blob; any other failure (the device, the NTFS, the reader itself) fails the
/// drive.
extension ReaderFailure {
    /// The blob status for a failure of the file alone; throws the drive failure otherwise.
    public func blobStatus() throws(DriveFailure) -> BlobStatus {
        guard !isFatal else { throw DriveFailure(self) }
        return kind == .notFound || kind == .wrongKind ? .fileNotFound : .fileAccessDenied
    }

    /// The same for a metadata or properties file.
    public func attachmentStatus() throws(DriveFailure) -> MetadataPropertiesStatus {
        try blobStatus() == .fileNotFound ? .fileNotFound : .fileAccessDenied
    }
}
