import IEDriveCore

/// `export` (§2.5), `encryptionKey` (§2.6) and `identity` (§2.7).
extension JobRequestDecoder {
    /// Inline `blobList` and/or `blobListBlobPath` (original 2016 key `blobListblobPath`, matched
    /// by the reader's case-insensitive lookup). That exactly one is given is the lifecycle's
    /// check; the 32 KB bound of the inline list is checked here.
    func export(_ object: JSONObjectReader) throws(JSONDecodingError) -> ExportSpecification {
        let blobList = try object.object("blobList")
        let specification = ExportSpecification(blobPaths: try blobList?.strings("blobPath") ?? [],
                                                blobPathPrefixes: try blobList?.strings("blobPathPrefix") ?? [],
                                                blobListBlobPath: try object.string("blobListBlobPath"))
        let inlineBytes = (specification.blobPaths + specification.blobPathPrefixes).reduce(0) { $0 + $1.utf8.count }
        if inlineBytes > options.maximumInlineBlobListBytes {
            throw object.invalid("blobList",
                                 "The inline blob list has \(inlineBytes) bytes; at most \(options.maximumInlineBlobListBytes) are accepted. Put a longer list in a blob and name it in 'blobListBlobPath'.")
        }
        return specification
    }

    /// `kekType` defaults to `MicrosoftManaged`; any case accepted.
    func encryptionKey(_ object: JSONObjectReader) throws(JSONDecodingError) -> EncryptionKeyDetails {
        var kekType = KekType.microsoftManaged
        if let text = try object.string("kekType") {
            guard let match = KekType.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
                throw object.invalid("kekType", "'\(object.path(of: "kekType"))' must be 'MicrosoftManaged' or 'CustomerManaged'.")
            }
            kekType = match
        }
        return EncryptionKeyDetails(kekType: kekType, kekUrl: try object.string("kekUrl"),
                                    kekVaultResourceID: try object.string("kekVaultResourceID"))
    }

    /// `type` defaults to `None`; a `SystemAssigned` identity gets new read-only GUIDs (what the
    /// client sent for them is ignored).
    func identity(_ object: JSONObjectReader) throws(JSONDecodingError) -> JobIdentity {
        var type = IdentityType.none
        if let text = try object.string("type") {
            guard let match = IdentityType.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else {
                throw object.invalid("type", "'identity.type' must be 'None', 'SystemAssigned' or 'UserAssigned'.")
            }
            type = match
        }
        guard type == .systemAssigned else { return JobIdentity(type: type) }
        return JobIdentity(type: type, principalId: makeIdentifier(), tenantId: makeIdentifier())
    }
}
