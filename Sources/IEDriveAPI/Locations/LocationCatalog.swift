import IEDriveCore

/// The static catalogue of locations (rest-api.md §3.6): list, lookup by either name, and the
/// address a new job ships to.
public struct LocationCatalog: Sendable, Hashable {
    public var locations: [ImportExportLocation]

    public init(_ locations: [ImportExportLocation]) { self.locations = locations }

    /// The location `name` denotes ("West Europe", "westeurope", "WestEurope"), or nil.
    public func location(named name: String) -> ImportExportLocation? {
        locations.first { $0.isNamed(name) }
    }

    /// `Locations_Get`: the location or 404 `ResourceNotFound`.
    public func require(_ name: String) throws(ARMError) -> ImportExportLocation {
        guard let location = location(named: name) else { throw ARMError.locationNotFound(name) }
        return location
    }

    /// The simulator's default catalogue: the two locations the spec's examples name, with
    /// simulated addresses (West Europe's is the one of rest-api.md §8.1).
    public static let simulated = LocationCatalog([
        ImportExportLocation(
            shortName: "westeurope", displayName: "West Europe",
            address: ShippingInformation(
                recipientName: "Simulated Import/Export Intake", streetAddress1: "1 Example Dock", streetAddress2: "",
                city: "Testdam", stateOrProvince: "NH", postalCode: "1000 ZZ", countryOrRegion: "Netherlands",
                phone: "+31 20 000 0000", additionalInformation: ""),
            additionalShippingInformation: "", supportedCarriers: ["DHL"]),
        ImportExportLocation(
            shortName: "westus", displayName: "West US",
            address: ShippingInformation(
                recipientName: "Simulated Import/Export Intake", streetAddress1: "100 Example Way", streetAddress2: "",
                city: "Testville", stateOrProvince: "CA", postalCode: "90000", countryOrRegion: "USA",
                phone: "+1 555 0100", additionalInformation: ""),
            additionalShippingInformation: "", supportedCarriers: ["FedEx"]),
    ])
}
