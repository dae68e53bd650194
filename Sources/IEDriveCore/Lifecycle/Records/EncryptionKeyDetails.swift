/// Who protects the stored BitLocker keys (`encryptionKey`, rest-api.md §2.6). Default
/// Microsoft-managed; may move to customer-managed at any stage, never back.
public struct EncryptionKeyDetails: Sendable, Hashable, Codable {
    public var kekType: KekType
    public var kekUrl: String?
    /// JSON `kekVaultResourceID` (upper-case `ID`).
    public var kekVaultResourceID: String?

    public init(kekType: KekType = .microsoftManaged, kekUrl: String? = nil, kekVaultResourceID: String? = nil) {
        self.kekType = kekType
        self.kekUrl = kekUrl
        self.kekVaultResourceID = kekVaultResourceID
    }

    public static let microsoftManaged = EncryptionKeyDetails()

    /// The JSON name of a field a customer-managed key lacks (§2.6: both are needed).
    public var firstMissingCustomerManagedField: String? {
        guard kekType == .customerManaged else { return nil }
        if (kekUrl ?? "").isEmpty { return "kekUrl" }
        if (kekVaultResourceID ?? "").isEmpty { return "kekVaultResourceID" }
        return nil
    }
}

/// `EncryptionKekType`.
public enum KekType: String, Sendable, Hashable, CaseIterable, Codable {
    case microsoftManaged = "MicrosoftManaged"
    case customerManaged = "CustomerManaged"
}
