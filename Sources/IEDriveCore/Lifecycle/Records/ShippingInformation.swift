/// The datacenter address the customer ships to (`shippingInformation`, rest-api.md §2.4):
/// stored as the client sent it, otherwise copied from the location by the API layer.
public struct ShippingInformation: Sendable, Hashable, Codable {
    public var recipientName: String?
    public var streetAddress1: String?
    public var streetAddress2: String?
    public var city: String?
    public var stateOrProvince: String?
    public var postalCode: String?
    public var countryOrRegion: String?
    public var phone: String?
    /// Read-only in the API (2020-08-01+).
    public var additionalInformation: String?

    public init(recipientName: String? = nil, streetAddress1: String? = nil, streetAddress2: String? = nil,
                city: String? = nil, stateOrProvince: String? = nil, postalCode: String? = nil,
                countryOrRegion: String? = nil, phone: String? = nil, additionalInformation: String? = nil) {
        self.recipientName = recipientName
        self.streetAddress1 = streetAddress1
        self.streetAddress2 = streetAddress2
        self.city = city
        self.stateOrProvince = stateOrProvince
        self.postalCode = postalCode
        self.countryOrRegion = countryOrRegion
        self.phone = phone
        self.additionalInformation = additionalInformation
    }
}
