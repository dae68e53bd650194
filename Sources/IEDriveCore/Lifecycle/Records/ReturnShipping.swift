/// The customer's carrier account for the return trip (`returnShipping`, rest-api.md §2.4).
/// Changeable until `Packaging` (states.md §12).
public struct ReturnShipping: Sendable, Hashable, Codable {
    public var carrierName: String
    public var carrierAccountNumber: String

    public init(carrierName: String, carrierAccountNumber: String) {
        self.carrierName = carrierName
        self.carrierAccountNumber = carrierAccountNumber
    }

    /// The JSON name of the first required field that is empty.
    public var firstEmptyRequiredField: String? {
        if carrierName.isEmpty { return "carrierName" }
        if carrierAccountNumber.isEmpty { return "carrierAccountNumber" }
        return nil
    }
}
