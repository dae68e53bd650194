/// Where the drives go back (`returnAddress`, rest-api.md §2.4). Required before `Shipping`
/// (states.md J3); changeable until the job reaches `Packaging` (§12).
public struct ReturnAddress: Sendable, Hashable, Codable {
    public var recipientName: String
    public var streetAddress1: String
    public var streetAddress2: String?
    public var city: String
    public var stateOrProvince: String?
    public var postalCode: String
    public var countryOrRegion: String
    public var phone: String
    public var email: String

    public init(recipientName: String, streetAddress1: String, streetAddress2: String? = nil, city: String,
                stateOrProvince: String? = nil, postalCode: String, countryOrRegion: String, phone: String,
                email: String) {
        self.recipientName = recipientName
        self.streetAddress1 = streetAddress1
        self.streetAddress2 = streetAddress2
        self.city = city
        self.stateOrProvince = stateOrProvince
        self.postalCode = postalCode
        self.countryOrRegion = countryOrRegion
        self.phone = phone
        self.email = email
    }

    /// The JSON name of the first required field that is empty, in the swagger's order.
    public var firstEmptyRequiredField: String? {
        [("recipientName", recipientName), ("streetAddress1", streetAddress1), ("city", city),
         ("postalCode", postalCode), ("countryOrRegion", countryOrRegion), ("phone", phone), ("email", email)]
            .first(where: { $0.1.isEmpty })?.0
    }
}
