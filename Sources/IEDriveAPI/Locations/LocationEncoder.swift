public import IEDriveCore

/// `Location` and `LocationsResponse` bodies (rest-api.md §2.8, §2.9) for one api-version.
public struct LocationEncoder: Sendable {
    public var version: APIVersion
    public var fieldPolicy: ResponseFieldPolicy

    public init(version: APIVersion, fieldPolicy: ResponseFieldPolicy = .perVersion) {
        self.version = version
        self.fieldPolicy = fieldPolicy
    }

    /// `Locations_Get`.
    public func location(_ location: ImportExportLocation) -> JSONValue {
        let address = location.address
        var properties = JSONObjectBuilder()
        properties[string: "recipientName"] = address.recipientName
        properties[string: "streetAddress1"] = address.streetAddress1
        properties[string: "streetAddress2"] = address.streetAddress2
        properties[string: "city"] = address.city
        properties[string: "stateOrProvince"] = address.stateOrProvince
        properties[string: "postalCode"] = address.postalCode
        properties[string: "countryOrRegion"] = address.countryOrRegion
        properties[string: "phone"] = address.phone
        if fieldPolicy == .superset || version.hasAdditionalShippingInformation {
            properties[string: "additionalShippingInformation"] = location.additionalShippingInformation
        }
        properties["supportedCarriers"] = .array(location.supportedCarriers.map(JSONValue.string))
        properties["alternateLocations"] = .array(location.alternateLocations.map { .string(ImportExportLocation.id($0)) })
        return .object([
            ("id", .string(location.id)),
            ("name", .string(location.displayName)),
            ("type", .string("Microsoft.ImportExport/locations")),
            ("properties", properties.json),
        ])
    }

    /// `Locations_List`: one page, no `nextLink`.
    public func list(_ catalog: LocationCatalog) -> JSONValue {
        .object([("value", .array(catalog.locations.map(location)))])
    }
}
