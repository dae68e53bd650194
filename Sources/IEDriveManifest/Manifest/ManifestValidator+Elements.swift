import IEDriveCore

/// The element grammar of drive-manifest.md §1, one nesting level at a time. Depth 1 is
/// `DriveManifest`, 2 `Drive`, 3 the drive's children, 4 a list's children, 5 a blob's
/// children, 6 a `Block` or `PageRange`. Value elements collect their text (`Capture`) and may
/// not contain elements; pieces must be empty.
extension ManifestValidator {
    func location(_ line: Int, _ column: Int) -> XMLMark {
        reader.mark(line, column)
    }

    func fail(_ rule: ManifestRule, _ message: String, _ location: XMLMark) -> RuleViolation {
        RuleViolation(rule: rule, message: message, mark: location)
    }

    /// `<name>` where the grammar has no place for it.
    func unexpected(_ name: String, _ location: XMLMark) -> RuleViolation {
        let parent = reader.stack.dropLast().last.map { "<\($0)>" } ?? "the document"
        return fail(.unexpectedElement, "<\(name)> is not allowed in \(parent)", location)
    }

    mutating func handle(_ event: XMLEvent) throws(RuleViolation) -> ManifestItem? {
        switch event {
        case .start(let tag):
            return try start(tag, at: location(tag.line, tag.column))
        case .end(let name, let line, let column):
            return try end(name, at: location(line, column))
        case .text(let text, let line, let column):
            if capture != nil {
                capture?.text += text
            } else if !ManifestText.isWhitespace(text) {
                let parent = reader.stack.last ?? ""
                let sample = text.count > 40 ? String(text.prefix(40)) + "…" : text
                throw fail(.unexpectedText, "text '\(sample)' is not allowed directly inside <\(parent)>", location(line, column))
            }
            return nil
        }
    }

    private mutating func start(_ tag: XMLStartTag, at location: XMLMark) throws(RuleViolation) -> ManifestItem? {
        let name = tag.name
        if let capture {
            throw fail(.unexpectedElement, "<\(capture.element)> holds a value and cannot contain <\(name)>", location)
        }
        if inPiece {
            throw fail(.unexpectedElement, "<\(blob?.pieces?.type.pieceElement ?? "Block")> must be empty, not contain <\(name)>", location)
        }
        switch reader.depth {
        case 1:
            guard name == "DriveManifest" else { throw fail(.rootElement, "the root element is <\(name)>, not <DriveManifest>", location) }
            guard let value = tag.attribute("Version") else { throw fail(.version, "<DriveManifest> has no Version attribute", location) }
            guard ManifestText.isVersion(ManifestText.trimmed(value)) else {
                throw fail(.version, "Version '\(value)' is not a date of the form YYYY-MM-DD", location)
            }
            version = String(ManifestText.trimmed(value))
        case 2:
            guard name == "Drive" else { throw unexpected(tag.name, location) }
            guard !sawDrive else { throw fail(.repeatedElement, "a second <Drive>; a manifest describes exactly one drive", location) }
            sawDrive = true
        case 3:
            return try startDriveChild(tag, at: location)
        case 4:
            try startListChild(tag, at: location)
        case 5:
            try startBlobChild(tag, at: location)
        case 6:
            guard let type = blob?.pieces?.type, name == type.pieceElement else { throw unexpected(tag.name, location) }
            try blob?.addPiece(tag, at: location)
            inPiece = true
        default:
            throw unexpected(tag.name, location)
        }
        return nil
    }

    private mutating func startDriveChild(_ tag: XMLStartTag, at location: XMLMark) throws(RuleViolation) -> ManifestItem? {
        switch tag.name {
        case "DriveId":
            guard driveId == nil else { throw fail(.repeatedElement, "a second <DriveId>", location) }
            guard listCount == 0 else { throw fail(.driveIdOrder, "<DriveId> must precede every <BlobList>", location) }
        case "StorageAccountKey", "ContainerSas":
            guard !credentialSeen else {
                throw fail(.credentials, "a manifest carries at most one of StorageAccountKey and ContainerSas", location)
            }
            guard listCount == 0 else { throw fail(.credentials, "<\(tag.name)> must precede the blob lists", location) }
            credentialSeen = true
        case "ClientCreator":
            guard !clientCreatorSeen else { throw fail(.repeatedElement, "a second <ClientCreator>", location) }
            clientCreatorSeen = true
        case "BlobList":
            guard let header else { throw fail(.driveIdOrder, "<DriveId> must precede every <BlobList>", location) }
            list = ListState(index: listCount, id: tag.attribute("Id"))
            listCount += 1
            if !headerEmitted {
                headerEmitted = true
                return .header(header)
            }
            return nil
        default:
            throw unexpected(tag.name, location)
        }
        capture = Capture(element: tag.name, depth: reader.depth, location: location, attributes: tag.attributes)
        return nil
    }

    private mutating func startListChild(_ tag: XMLStartTag, at location: XMLMark) throws(RuleViolation) {
        guard let current = list else { throw unexpected(tag.name, location) }
        switch tag.name {
        case "MetadataPath", "PropertiesPath":
            guard !current.sawBlob else {
                throw fail(.listDefaultsOrder, "the list's <\(tag.name)> must precede its blobs", location)
            }
            let metadata = tag.name == "MetadataPath"
            guard !(metadata ? current.sawMetadata : current.sawProperties) else {
                throw fail(.repeatedElement, "a second <\(tag.name)> in the list", location)
            }
            if metadata { list?.sawMetadata = true } else { list?.sawProperties = true }
            capture = Capture(element: tag.name, depth: reader.depth, location: location, attributes: tag.attributes)
        case "Blob":
            list?.sawBlob = true
            blob = BlobBuilder(index: blobCount, listIndex: current.index, listID: current.id, location: location, options: options)
            blobCount += 1
        default:
            throw unexpected(tag.name, location)
        }
    }

    private mutating func startBlobChild(_ tag: XMLStartTag, at location: XMLMark) throws(RuleViolation) {
        guard blob != nil else { throw unexpected(tag.name, location) }
        switch tag.name {
        case "BlockList":
            try blob?.startList(.block, at: location)
        case "PageRangeList":
            try blob?.startList(.page, at: location)
        case "BlobPath", "FilePath", "ClientData", "Snapshot", "Length", "ImportDisposition", "MetadataPath", "PropertiesPath":
            guard blob?.see(tag.name) == true else {
                throw fail(.repeatedElement, "a second <\(tag.name)> in one blob", location)
            }
            capture = Capture(element: tag.name, depth: reader.depth, location: location, attributes: tag.attributes)
        default:
            throw unexpected(tag.name, location)
        }
    }

    private mutating func end(_ name: String, at location: XMLMark) throws(RuleViolation) -> ManifestItem? {
        if let finished = capture, finished.depth == reader.depth {
            capture = nil
            try value(finished)
            return nil
        }
        if inPiece {
            inPiece = false
            return nil
        }
        switch (reader.depth, name) {
        case (5, _):
            try blob?.endList(at: location)
        case (4, "Blob"):
            return try finishBlob()
        case (3, "BlobList"):
            list = nil
        case (2, "Drive"):
            guard let header else { throw fail(.missingElement, "<Drive> has no <DriveId>", location) }
            if !headerEmitted {
                headerEmitted = true
                return .header(header)
            }
        case (1, _):
            guard sawDrive else { throw fail(.missingElement, "<DriveManifest> has no <Drive>", location) }
        default:
            break
        }
        return nil
    }

    private mutating func finishBlob() throws(RuleViolation) -> ManifestItem {
        guard let builder = blob.take() else { preconditionFailure("</Blob> without a blob") }
        let built = try builder.build(listMetadata: list?.metadata, listProperties: list?.properties) { reader.location(of: $0) }
        if let path = built.blobPath, let pathLocation = builder.blobPathLocation {
            if let container = header?.sasContainer, path.container != container {
                throw fail(.outsideSasContainer,
                           "blob '\(path)' is outside container '\(container)', the only one the ContainerSas grants", pathLocation)
            }
            if options.detectDuplicateBlobPaths, !paths.insert(path.text) {
                throw fail(.duplicateBlobPath, "BlobPath '\(path)' appears twice in the manifest; each blob must come from one file",
                           pathLocation)
            }
        }
        if built.problem != nil { blobsWithProblems += 1 }
        if built.metadata?.problem != nil || built.properties?.problem != nil { fileReferenceProblems += 1 }
        totalBlobBytes &+= built.length
        totalPieceBytes &+= built.dataBytes
        return .blob(built)
    }
}
