/// The package the customer sends to the datacenter (`deliveryPackage`,
/// `DeliveryPackageInformation`, rest-api.md §2.4). Required before `Shipping` (states.md J3);
/// changeable until the drives have arrived (§12).
public struct DeliveryPackage: Sendable, Hashable, Codable {
    public var carrierName: String
    public var trackingNumber: String
    public var driveCount: Int64?
    /// Free string, stored and emitted verbatim (`6/4/2024 8:00:00 AM`).
    public var shipDate: String?

    public init(carrierName: String, trackingNumber: String, driveCount: Int64? = nil, shipDate: String? = nil) {
        self.carrierName = carrierName
        self.trackingNumber = trackingNumber
        self.driveCount = driveCount
        self.shipDate = shipDate
    }

    /// The JSON name of the first required field that is empty.
    public var firstEmptyRequiredField: String? {
        if carrierName.isEmpty { return "carrierName" }
        if trackingNumber.isEmpty { return "trackingNumber" }
        return nil
    }
}
