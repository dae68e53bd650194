import IEDriveCore

/// The nested objects of a job resource (rest-api.md §2.3–2.6), in the order of §8's examples.
extension JobResourceEncoder {
    /// One `driveList[]` entry. No `bitLockerKey`, ever.
    static func drive(_ drive: Drive) -> JSONValue {
        var object = JSONObjectBuilder()
        object[string: "driveId"] = drive.driveId
        object[string: "manifestFile"] = drive.manifestFile
        object[string: "manifestHash"] = drive.manifestHash
        object[string: "driveHeaderHash"] = drive.driveHeaderHash
        object[string: "state"] = drive.state.classic
        object[string: "copyStatus"] = drive.copyStatus?.token
        object[integer: "percentComplete"] = drive.percentComplete.map(Int64.init)
        object[integer: "bytesSucceeded"] = drive.bytesSucceeded
        object[string: "verboseLogUri"] = drive.logs.verboseLogUri
        object[string: "errorLogUri"] = drive.logs.errorLogUri
        object[string: "manifestUri"] = drive.logs.manifestUri
        return object.json
    }

    static func returnAddress(_ address: ReturnAddress) -> JSONValue {
        var object = JSONObjectBuilder()
        object[string: "recipientName"] = address.recipientName
        object[string: "streetAddress1"] = address.streetAddress1
        object[string: "streetAddress2"] = address.streetAddress2
        object[string: "city"] = address.city
        object[string: "stateOrProvince"] = address.stateOrProvince
        object[string: "postalCode"] = address.postalCode
        object[string: "countryOrRegion"] = address.countryOrRegion
        object[string: "phone"] = address.phone
        object[string: "email"] = address.email
        return object.json
    }

    static func returnShipping(_ shipping: ReturnShipping) -> JSONValue {
        .object([("carrierName", .string(shipping.carrierName)),
                 ("carrierAccountNumber", .string(shipping.carrierAccountNumber))])
    }

    func shippingInformation(_ address: ShippingInformation) -> JSONValue {
        var object = JSONObjectBuilder()
        object[string: "recipientName"] = address.recipientName
        object[string: "streetAddress1"] = address.streetAddress1
        object[string: "streetAddress2"] = address.streetAddress2
        object[string: "city"] = address.city
        object[string: "stateOrProvince"] = address.stateOrProvince
        object[string: "postalCode"] = address.postalCode
        object[string: "countryOrRegion"] = address.countryOrRegion
        object[string: "phone"] = address.phone
        if fields.hasAdditionalShippingInformation {
            object[string: "additionalInformation"] = address.additionalInformation
        }
        return object.json
    }

    static func deliveryPackage(_ package: DeliveryPackage) -> JSONValue {
        var object = JSONObjectBuilder()
        object[string: "carrierName"] = package.carrierName
        object[string: "trackingNumber"] = package.trackingNumber
        object[integer: "driveCount"] = package.driveCount
        object[string: "shipDate"] = package.shipDate
        return object.json
    }

    static func returnPackage(_ package: PackageInformation) -> JSONValue {
        .object([
            ("carrierName", .string(package.carrierName)),
            ("trackingNumber", .string(package.trackingNumber)),
            ("driveCount", .int(package.driveCount)),
            ("shipDate", .string(package.shipDate)),
        ])
    }

    /// `blobList` when the inline list has entries; `blobListBlobPath` (new spelling in every
    /// version, §5) when set.
    static func export(_ export: ExportSpecification) -> JSONValue {
        var object = JSONObjectBuilder()
        if !export.blobPaths.isEmpty || !export.blobPathPrefixes.isEmpty {
            object["blobList"] = .object([
                ("blobPath", .array(export.blobPaths.map(JSONValue.string))),
                ("blobPathPrefix", .array(export.blobPathPrefixes.map(JSONValue.string))),
            ])
        }
        object[string: "blobListBlobPath"] = export.blobListBlobPath
        return object.json
    }

    static func encryptionKey(_ key: EncryptionKeyDetails) -> JSONValue {
        var object = JSONObjectBuilder()
        object[string: "kekType"] = key.kekType.rawValue
        object[string: "kekUrl"] = key.kekUrl
        object[string: "kekVaultResourceID"] = key.kekVaultResourceID
        return object.json
    }
}
