/// The `api-version` query parameter (rest-api.md, header and §5): required on every call;
/// exactly these three are served.
public enum APIVersion: String, Sendable, Hashable, CaseIterable, Comparable {
    case v2016_11_01 = "2016-11-01"
    case v2020_08_01 = "2020-08-01"
    /// Published in the specs' `preview` folder with a date-only version string.
    case v2021_01_01 = "2021-01-01"

    /// The newest version, for the daemon's own clients.
    public static let latest = APIVersion.v2021_01_01

    /// The version a request asked for: absent or empty → 400 `MissingApiVersionParameter`,
    /// any other string → 400 `InvalidApiVersionParameter` (§7).
    public static func parse(_ queryValue: String?) throws(ARMError) -> APIVersion {
        guard let queryValue, !queryValue.isEmpty else {
            throw ARMError(.missingApiVersionParameter,
                           "The api-version query parameter (?api-version=) is required for all requests. Supported versions: \(supportedList).")
        }
        guard let version = APIVersion(rawValue: queryValue) else {
            throw ARMError(.invalidApiVersionParameter,
                           "The api-version '\(queryValue)' is invalid. The supported versions are \(supportedList).")
        }
        return version
    }

    static var supportedList: String { allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ") }

    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool { lhs.rawValue < rhs.rawValue }

    // MARK: Field differences (§5)

    /// `identity` on the job resource (§2.7).
    public var hasIdentity: Bool { self >= .v2020_08_01 }
    /// `systemData` on the job resource (§2.1).
    public var hasSystemData: Bool { self >= .v2020_08_01 }
    /// `properties.encryptionKey` (§2.6; the later-edited 2016 file has it, the original not).
    public var hasEncryptionKey: Bool { self >= .v2020_08_01 }
    /// `shippingInformation.additionalInformation` and `Location.additionalShippingInformation`.
    public var hasAdditionalShippingInformation: Bool { self >= .v2020_08_01 }
    /// The original 2016 swagger requires all four `deliveryPackage` fields; later ones only
    /// `carrierName` and `trackingNumber` (applied only with
    /// `RequestDecodingOptions.strictDeliveryPackage2016`).
    public var requiresFullDeliveryPackage: Bool { self == .v2016_11_01 }
}
