/// The content rules of a PUT body and of a PATCHed drive list (rest-api.md §3.1 rules 4–7;
/// JSON shape, known locations and ARM ID syntax are the API layer's).
struct CreationValidation {
    let configuration: LifecycleConfiguration

    init(_ configuration: LifecycleConfiguration) { self.configuration = configuration }

    func check(_ request: JobCreation) throws(LifecycleRefusal) {
        guard !request.location.isEmpty else {
            throw LifecycleRefusal(.invalidParameter, "The job needs a location.", target: "location")
        }
        guard !request.storageAccountId.isEmpty else {
            throw LifecycleRefusal(.invalidParameter, "The job needs a storage account ID.",
                                   target: "properties.storageAccountId")
        }
        if let path = request.diagnosticsPath, let problem = DiagnosticsPath.problem(path) {
            throw LifecycleRefusal(.invalidParameter, problem + ".", target: "properties.diagnosticsPath")
        }
        switch request.type {
        case .import:
            guard request.export == nil else {
                throw LifecycleRefusal(.invalidParameter, "An import job must not carry 'export'.",
                                       target: "properties.export")
            }
            try checkDriveList(request.drives)
        case .export:
            guard let export = request.export, export.selectsOneWay else {
                throw LifecycleRefusal(.invalidParameter,
                                       "An export job needs 'export' with exactly one of a non-empty 'blobList' or a 'blobListBlobPath'.",
                                       target: "properties.export")
            }
            if let listBlob = export.blobListBlobPath, !listBlob.isEmpty {
                do {
                    _ = try BlobPath.parse(listBlob.hasPrefix("/") ? String(listBlob.dropFirst()) : listBlob)
                } catch {
                    throw LifecycleRefusal(.invalidParameter, "blobListBlobPath must be 'container/blob' in the storage account: \(error).",
                                           target: "properties.export.blobListBlobPath")
                }
            }
            guard request.drives.isEmpty else {
                throw LifecycleRefusal(.invalidParameter,
                                       "An export job lists no drives; they are added when the package arrives.",
                                       target: "properties.driveList")
            }
        }
        try checkAddresses(returnAddress: request.returnAddress, returnShipping: request.returnShipping,
                           deliveryPackage: request.deliveryPackage)
        if let field = request.encryptionKey?.firstMissingCustomerManagedField {
            throw LifecycleRefusal(.invalidParameter, "A customer-managed key needs '\(field)'.",
                                   target: "properties.encryptionKey.\(field)")
        }
    }

    /// Import drive list: 1…max drives, each with an ID without whitespace, a key, a manifest
    /// file and hash; IDs unique.
    func checkDriveList(_ drives: [DriveSpecification]) throws(LifecycleRefusal) {
        let max = configuration.maxDrivesPerJob
        guard !drives.isEmpty else {
            throw LifecycleRefusal(.invalidParameter, "An import job lists 1 to \(max) drives; none were supplied.",
                                   target: "properties.driveList")
        }
        guard drives.count <= max else {
            throw LifecycleRefusal(.invalidParameter,
                                   "An import job can contain at most \(max) drives; \(drives.count) were supplied.",
                                   target: "properties.driveList")
        }
        var seen: Set<String> = []
        for (index, drive) in drives.enumerated() {
            let path = "properties.driveList[\(index)]"
            if let problem = DriveIdentifier.problem(drive.driveId) {
                throw LifecycleRefusal(.invalidParameter, problem, target: "\(path).driveId")
            }
            guard seen.insert(drive.driveId).inserted else {
                throw LifecycleRefusal(.invalidParameter, "The drive '\(drive.driveId)' is listed twice.",
                                       target: "\(path).driveId")
            }
            guard !drive.bitLockerKey.isEmpty else {
                throw LifecycleRefusal(.invalidParameter, "The drive '\(drive.driveId)' needs its BitLocker key.",
                                       target: "\(path).bitLockerKey")
            }
            guard !drive.manifestFile.isEmpty else {
                throw LifecycleRefusal(.invalidParameter, "The drive '\(drive.driveId)' needs its manifest file path.",
                                       target: "\(path).manifestFile")
            }
            guard !drive.manifestHash.isEmpty else {
                throw LifecycleRefusal(.invalidParameter, "The drive '\(drive.driveId)' needs its manifest hash.",
                                       target: "\(path).manifestHash")
            }
        }
    }

    /// Given address and package objects carry their required fields (rule 7).
    func checkAddresses(returnAddress: ReturnAddress?, returnShipping: ReturnShipping?,
                        deliveryPackage: DeliveryPackage?) throws(LifecycleRefusal) {
        if let field = returnAddress?.firstEmptyRequiredField {
            throw LifecycleRefusal(.invalidParameter, "The return address needs '\(field)'.",
                                   target: "properties.returnAddress.\(field)")
        }
        if let field = returnShipping?.firstEmptyRequiredField {
            throw LifecycleRefusal(.invalidParameter, "The return shipping needs '\(field)'.",
                                   target: "properties.returnShipping.\(field)")
        }
        if let field = deliveryPackage?.firstEmptyRequiredField {
            throw LifecycleRefusal(.invalidParameter, "The delivery package needs '\(field)'.",
                                   target: "properties.deliveryPackage.\(field)")
        }
    }
}
