import IEDriveCore

/// Addresses and packages (rest-api.md §2.4): required members must be present and strings;
/// whether they are empty is the lifecycle's check.
extension JobRequestDecoder {
    func returnAddress(_ object: JSONObjectReader) throws(JSONDecodingError) -> ReturnAddress {
        ReturnAddress(recipientName: try object.requiredString("recipientName"),
                      streetAddress1: try object.requiredString("streetAddress1"),
                      streetAddress2: try object.string("streetAddress2"),
                      city: try object.requiredString("city"),
                      stateOrProvince: try object.string("stateOrProvince"),
                      postalCode: try object.requiredString("postalCode"),
                      countryOrRegion: try object.requiredString("countryOrRegion"),
                      phone: try object.requiredString("phone"),
                      email: try object.requiredString("email"))
    }

    func returnShipping(_ object: JSONObjectReader) throws(JSONDecodingError) -> ReturnShipping {
        ReturnShipping(carrierName: try object.requiredString("carrierName"),
                       carrierAccountNumber: try object.requiredString("carrierAccountNumber"))
    }

    /// As the client sent it; the read-only `additionalInformation` is dropped.
    func shippingInformation(_ object: JSONObjectReader) throws(JSONDecodingError) -> ShippingInformation {
        ShippingInformation(recipientName: try object.string("recipientName"),
                            streetAddress1: try object.string("streetAddress1"),
                            streetAddress2: try object.string("streetAddress2"),
                            city: try object.string("city"),
                            stateOrProvince: try object.string("stateOrProvince"),
                            postalCode: try object.string("postalCode"),
                            countryOrRegion: try object.string("countryOrRegion"),
                            phone: try object.string("phone"))
    }

    /// `carrierName` and `trackingNumber` required; with the strict 2016 rule also
    /// `driveCount` and `shipDate` (rest-api.md §5).
    func deliveryPackage(_ object: JSONObjectReader) throws(JSONDecodingError) -> DeliveryPackage {
        let package = DeliveryPackage(carrierName: try object.requiredString("carrierName"),
                                      trackingNumber: try object.requiredString("trackingNumber"),
                                      driveCount: try object.int64("driveCount"),
                                      shipDate: try object.string("shipDate"))
        if options.strictDeliveryPackage2016, version.requiresFullDeliveryPackage {
            if package.driveCount == nil { throw object.missing("driveCount") }
            if package.shipDate == nil { throw object.missing("shipDate") }
        }
        if let count = package.driveCount, count < 0 {
            throw object.invalid("driveCount", "'\(object.path(of: "driveCount"))' cannot be negative.")
        }
        return package
    }
}
