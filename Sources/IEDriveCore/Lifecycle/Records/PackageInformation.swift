/// The package that takes the drives back (`returnPackage`, rest-api.md §2.4): made by the
/// service when the drives are shipped back, absent before.
public struct PackageInformation: Sendable, Hashable, Codable {
    public var carrierName: String
    public var trackingNumber: String
    /// The job's drives and extra drives in the package.
    public var driveCount: Int64
    /// `M/d/yyyy h:mm:ss tt`, like the API's examples.
    public var shipDate: String

    public init(carrierName: String, trackingNumber: String, driveCount: Int64, shipDate: String) {
        self.carrierName = carrierName
        self.trackingNumber = trackingNumber
        self.driveCount = driveCount
        self.shipDate = shipDate
    }
}
