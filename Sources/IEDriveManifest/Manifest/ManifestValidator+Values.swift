import IEDriveCore

/// The values of the text elements, checked when their end tag arrives (drive-manifest.md §2–§3, §5).
extension ManifestValidator {
    mutating func value(_ capture: Capture) throws(RuleViolation) {
        let text = capture.text
        let location = capture.location
        switch (capture.depth, capture.element) {
        case (3, "DriveId"):
            let id = ManifestText.trimmed(text)
            guard !id.isEmpty else { throw fail(.emptyValue, "<DriveId> is empty", location) }
            driveId = String(id)
        case (3, "StorageAccountKey"):
            credential = .storageAccountKey  // the key itself is dropped here, unread
        case (3, "ContainerSas"):
            credential = .containerSAS(container: try sasContainer(text, at: location))
        case (3, "ClientCreator"):
            clientCreator = String(ManifestText.trimmed(text))
        case (4, "MetadataPath"):
            let reference = try fileReference(capture, scope: .list)
            list?.metadata = reference
        case (4, "PropertiesPath"):
            let reference = try fileReference(capture, scope: .list)
            list?.properties = reference
        case (5, _):
            try blobValue(capture)
        default:
            preconditionFailure("no value rule for <\(capture.element)> at depth \(capture.depth)")
        }
    }

    private mutating func blobValue(_ capture: Capture) throws(RuleViolation) {
        let text = capture.text
        let location = capture.location
        switch capture.element {
        case "BlobPath":
            blob?.blobPathText = text
            blob?.blobPathLocation = location
            do {
                blob?.blobPath = .success(try BlobPath.parse(text))
            } catch {
                blob?.blobPath = .failure(error)
            }
        case "FilePath":
            blob?.filePathText = text
            blob?.filePathLocation = location
            let path = try drivePath(text, element: "FilePath", at: location)
            blob?.filePath = path
        case "ClientData":
            blob?.clientData = text
        case "Snapshot":
            guard let time = SnapshotTime(String(ManifestText.trimmed(text))) else {
                throw fail(.snapshot, "Snapshot '\(text)' is not a snapshot time like 2023-06-01T10:15:30.1234567Z", location)
            }
            blob?.snapshot = time
        case "Length":
            guard let length = ManifestText.uint64(text) else {
                throw fail(.integer, "Length '\(text)' is not a non-negative decimal integer", location)
            }
            try blob?.setLength(length, at: location)
        case "ImportDisposition":
            guard let disposition = ImportDisposition(rawValue: String(ManifestText.trimmed(text))) else {
                throw fail(.importDisposition, "ImportDisposition '\(text)' is not one of rename, no-overwrite, overwrite (case-sensitive)",
                           location)
            }
            blob?.disposition = disposition
        case "MetadataPath":
            let reference = try fileReference(capture, scope: .blob)
            blob?.ownMetadata = reference
        case "PropertiesPath":
            let reference = try fileReference(capture, scope: .blob)
            blob?.ownProperties = reference
        default:
            preconditionFailure("no value rule for <\(capture.element)> in a blob")
        }
    }

    /// `container?token`: only the container name is kept; the token never leaves this function
    /// and never appears in a message.
    private func sasContainer(_ text: String, at location: XMLMark) throws(RuleViolation) -> String {
        let value = ManifestText.trimmed(text)
        guard let mark = value.firstIndex(of: "?"), value.index(after: mark) < value.endIndex else {
            throw fail(.containerSas, "ContainerSas must be a container name, '?', then the SAS token", location)
        }
        let container = String(value[..<mark])
        if let reason = ContainerName.problem(container) {
            throw fail(.containerSas, "ContainerSas names an invalid container: \(reason)", location)
        }
        return container
    }

    /// A path relative to the drive root: syntax problems fail the manifest (§3); names NTFS
    /// cannot hold are left for the caller to report per blob or per file.
    private func drivePath(_ text: String, element: String,
                           at location: XMLMark) throws(RuleViolation) -> Result<DriveRelativePath, DriveRelativePathError> {
        do {
            return .success(try DriveRelativePath.parse(text, maxLength: options.maxFilePathLength))
        } catch {
            if error.isSyntax { throw fail(.pathSyntax, "\(element) '\(text)': \(error)", location) }
            return .failure(error)
        }
    }

    private func fileReference(_ capture: Capture, scope: FileReference.Scope) throws(RuleViolation) -> FileReference {
        let element = capture.element
        guard let hashText = capture.attributes.first(where: { $0.name == "Hash" })?.value else {
            throw fail(.hash, "<\(element)> requires a Hash attribute", capture.location)
        }
        guard let md5 = MD5Digest(base16: hashText) else {
            throw fail(.hash, "\(element) Hash '\(hashText)' is not a Base16 MD5 (32 hexadecimal digits)", capture.location)
        }
        switch try drivePath(capture.text, element: element, at: capture.location) {
        case .success(let path):
            return FileReference(scope: scope, text: capture.text, path: path, md5: md5)
        case .failure(let error):
            let problem = FileProblem(status: error.isLength ? .fileNameTooLong : .fileNameInvalid,
                                      message: "\(element) '\(capture.text)': \(error)", element: element, location: reader.location(of: capture.location))
            return FileReference(scope: scope, text: capture.text, path: nil, md5: md5, problem: problem)
        }
    }
}
