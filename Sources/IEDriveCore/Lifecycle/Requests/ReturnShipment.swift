/// The return shipment operations hand the drives to (`returnPackage` is made from it).
public struct ReturnShipment: Sendable, Hashable {
    /// Nil → the job's `returnShipping.carrierName`.
    public var carrierName: String?
    public var trackingNumber: String

    public init(trackingNumber: String, carrierName: String? = nil) {
        self.trackingNumber = trackingNumber
        self.carrierName = carrierName
    }
}
