/// Decides whether a shared access signature allows an operation on an account: its signature
/// (under any of the account's keys), its time window, protocol, source address, and that its
/// services, resource types or scope, and permissions cover the operation. Errors carry the
/// service's codes (`AuthenticationFailed`, `AuthorizationPermissionMismatch`, …).
public enum SASVerifier {
    public struct Context: Sendable {
        public var account: String
        public var keys: [StorageAccountKey]
        public var nowSeconds: Int64
        /// The client's IPv4 address (dotted), nil when unknown or IPv6.
        public var clientAddress: String?
        /// Whether the request came over TLS.
        public var isHTTPS: Bool

        public init(account: String, keys: [StorageAccountKey], nowSeconds: Int64, clientAddress: String?, isHTTPS: Bool) {
            self.account = account
            self.keys = keys
            self.nowSeconds = nowSeconds
            self.clientAddress = clientAddress
            self.isHTTPS = isHTTPS
        }
    }

    public static func verify(_ sas: SharedAccessSignature, for operation: StorageOperation,
                              in context: Context) throws(StorageAuthError) {
        guard sas.version >= SASStringToSign.oldestVersion else {
            throw .failed("The SAS version (sv) \(sas.version) is older than \(SASStringToSign.oldestVersion), the oldest served here.")
        }
        if sas.identifier != nil {
            throw .failed("The SAS names a stored access policy (si); this account has none: sign the permissions and expiry into the SAS.")
        }
        let text: String
        switch sas.kind {
        case .account:
            text = SASStringToSign.account(sas, account: context.account)
        case .service(let resource):
            guard let container = operation.container else {
                throw .mismatch("AuthorizationResourceTypeMismatch", "A service SAS cannot authorize an account-level operation.")
            }
            switch resource {
            case "c":
                text = SASStringToSign.service(sas, account: context.account, container: container, blob: nil)
            case "b":
                guard let blob = operation.blob else {
                    throw .mismatch("AuthorizationResourceTypeMismatch", "A blob SAS (sr=b) cannot authorize a container operation.")
                }
                text = SASStringToSign.service(sas, account: context.account, container: container, blob: blob)
            default:
                throw .failed("The SAS signed resource (sr) '\(resource)' is not served here (only c and b).")
            }
        }
        // The signature first: a forged SAS learns nothing from the checks below.
        guard context.keys.contains(where: { $0.verify(sas.signature, over: text) }) else {
            throw .failed("Signature did not match: the SAS was not signed with this account's key for this resource.")
        }
        try checkWindow(sas, nowSeconds: context.nowSeconds)
        if let protocols = sas.protocols, !context.isHTTPS, !protocols.split(separator: ",").contains("http") {
            throw .mismatch("AuthorizationProtocolMismatch", "The SAS allows HTTPS only (spr=\(protocols)); this request came over HTTP.")
        }
        if let range = sas.ipRange, !addressIsIn(range, context.clientAddress) {
            throw .mismatch("AuthorizationSourceIPMismatch", "The SAS allows requests from \(range) only.")
        }
        if case .account(let services, let types) = sas.kind {
            guard services.contains("b") else {
                throw .mismatch("AuthorizationServiceMismatch", "The account SAS does not include the Blob service (ss=\(services)).")
            }
            let needed: Character = switch operation.level {
            case .service: "s"
            case .container: "c"
            case .object: "o"
            }
            guard types.contains(needed) else {
                throw .mismatch("AuthorizationResourceTypeMismatch",
                                "The account SAS's resource types (srt=\(types)) do not include '\(needed)' for this operation.")
            }
        }
        guard sas.permissions.contains(where: { operation.allowedBy.contains($0) }) else {
            let wanted = operation.allowedBy.sorted().map(String.init).joined(separator: " or ")
            throw .mismatch("AuthorizationPermissionMismatch",
                            "The SAS's permissions (sp=\(sas.permissions)) do not include \(wanted), which this operation needs.")
        }
    }

    private static func checkWindow(_ sas: SharedAccessSignature, nowSeconds: Int64) throws(StorageAuthError) {
        guard let expiryText = sas.expiry else { throw .failed("The SAS has no signed expiry (se).") }
        guard let expiry = StorageTime.iso8601(expiryText) else {
            throw .failed("The SAS's signed expiry (se) '\(expiryText)' is not an ISO 8601 UTC time.")
        }
        var start: Int64?
        if let startText = sas.start {
            guard let parsed = StorageTime.iso8601(startText) else {
                throw .failed("The SAS's signed start (st) '\(startText)' is not an ISO 8601 UTC time.")
            }
            start = parsed
        }
        if let start, start >= expiry {
            throw .failed("Signed expiry time [\(expiryText)] must be after signed start time [\(sas.start ?? "")].")
        }
        if nowSeconds >= expiry || (start.map { nowSeconds < $0 } ?? false) {
            throw .failed("Signature not valid in the specified time frame: Start [\(sas.start ?? "")] - Expiry [\(expiryText)].")
        }
    }

    /// Whether `address` (IPv4) is `range` (one address) or inside `a-b`.
    static func addressIsIn(_ range: String, _ address: String?) -> Bool {
        guard let address, let value = ipv4(address) else { return false }
        let ends = range.split(separator: "-", omittingEmptySubsequences: false).map { ipv4(String($0)) }
        switch ends.count {
        case 1: return ends[0] == value
        case 2:
            guard let low = ends[0], let high = ends[1] else { return false }
            return (low...max(low, high)).contains(value)
        default: return false
        }
    }

    private static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let byte = UInt8(part) else { return nil }
            value = value << 8 | UInt32(byte)
        }
        return value
    }
}
