import IEDriveCore

/// The static catalogue of locations (rest-api.md §3.6): list, lookup by either name, and the
/// address a new job ships to.
public struct LocationCatalog: Sendable, Hashable {
    public var locations: [ImportExportLocation]

    public init(_ locations: [ImportExportLocation]) { self.locations = locations }

    /// The location `name` denotes ("West Europe", "westeurope", "WestEurope"), or the one an
    /// id names (`/providers/Microsoft.ImportExport/locations/westeurope`, or the same after
    /// `/subscriptions/{subscriptionId}`: the `id` a location carries, fixed words in any ASCII
    /// case); nil if none.
    public func location(named name: String) -> ImportExportLocation? {
        let name = Self.nameInID(name) ?? name
        return locations.first { $0.isNamed(name) }
    }

    /// The last segment of a location id, nil when `text` is not one.
    static func nameInID(_ text: String) -> String? {
        guard text.hasPrefix("/") else { return nil }
        var parts = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 6, ASCIICaseless.equal(parts[0], "subscriptions"),
           ScopeNames.subscriptionProblem(String(parts[1])) == nil {
            parts.removeFirst(2)
        }
        let fixed = ["providers", "Microsoft.ImportExport", "locations"]
        guard parts.count == 4, zip(parts, fixed).allSatisfy({ ASCIICaseless.equal($0, $1) }) else { return nil }
        return String(parts[3])
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
