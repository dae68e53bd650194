public import IEDriveCore

/// One datacenter drives are shipped to (`Location`, rest-api.md §2.8): its names, its
/// address, the carriers it accepts and where to ship instead.
public struct ImportExportLocation: Sendable, Hashable {
    /// `westeurope`: the last segment of the location ID.
    public var shortName: String
    /// `West Europe`: `name`, and what jobs carry as `location`.
    public var displayName: String
    /// The address, as `shippingInformation` of a job that did not send its own.
    public var address: ShippingInformation
    /// `properties.additionalShippingInformation` (2020-08-01+).
    public var additionalShippingInformation: String?
    public var supportedCarriers: [String]
    /// Short names of the locations to ship to instead; the location itself when open.
    public var alternateLocations: [String]

    public init(shortName: String, displayName: String, address: ShippingInformation,
                additionalShippingInformation: String? = nil, supportedCarriers: [String],
                alternateLocations: [String]? = nil) {
        self.shortName = shortName
        self.displayName = displayName
        self.address = address
        self.additionalShippingInformation = additionalShippingInformation
        self.supportedCarriers = supportedCarriers
        self.alternateLocations = alternateLocations ?? [shortName]
    }

    /// `/providers/Microsoft.ImportExport/locations/westeurope`.
    public var id: String { Self.id(shortName) }

    static func id(_ shortName: String) -> String { "/providers/Microsoft.ImportExport/locations/\(shortName)" }

    /// Whether `name` denotes this location: display or short name, ASCII case ignored, spaces
    /// (U+0020) ignored (§2.8).
    public func isNamed(_ name: String) -> Bool {
        let key = Self.matchKey(name)
        return key == Self.matchKey(shortName) || key == Self.matchKey(displayName)
    }

    /// The UTF-8 bytes without spaces, ASCII letters lowered (no other folding, see `ASCIICaseless`).
    static func matchKey(_ name: String) -> [UInt8] { name.utf8.filter { $0 != 0x20 }.map(ASCIICaseless.fold) }
}
