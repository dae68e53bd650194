/// Checks a request signed with Shared Key (`Authorization: SharedKey ACCOUNT:SIGNATURE`)
/// against the account's keys. The signature is accepted when it matches the string-to-sign in
/// either header order (`StorageHeaderOrder`) and with the `Range` header signed or left empty,
/// as clients differ on both; the request's date (`x-ms-date`, else `Date`) must be within 15
/// minutes of now, as the service requires.
public enum SharedKeyVerifier {
    /// How far a request's date may be from now, either way.
    public static let clockSkewSeconds: Int64 = 15 * 60

    /// Verifies `request`, whose `Authorization` header is `authorization`, for `account`
    /// (path-style: the account the path names). `nowSeconds`: seconds since the Unix epoch.
    public static func verify(_ request: SharedKeyRequest, authorization: String, account: String,
                              keys: [StorageAccountKey], nowSeconds: Int64) throws(StorageAuthError) {
        guard authorization.hasPrefix("SharedKey ") else {
            throw .failed("The Authorization header's scheme is not SharedKey (only Shared Key and SAS are served here).")
        }
        let credential = authorization.dropFirst("SharedKey ".count)
        guard let colon = credential.lastIndex(of: ":") else {
            throw .failed("The Authorization header is not 'SharedKey ACCOUNT:SIGNATURE'.")
        }
        let named = String(credential[..<colon]), signature = String(credential[credential.index(after: colon)...])
        guard named == account else {
            throw .failed("The Authorization header names account '\(named)', the request is for account '\(account)'.")
        }
        guard let dateText = request.header("x-ms-date") ?? request.header("date") else {
            throw .failed("The request has neither an x-ms-date nor a Date header.")
        }
        guard let date = StorageTime.rfc1123(dateText) else {
            throw .failed("The request date '\(dateText)' is not an RFC 1123 date.")
        }
        guard abs(nowSeconds - date) <= clockSkewSeconds else {
            throw .failed("The request date '\(dateText)' is more than 15 minutes from the server's time.")
        }
        for order in StorageHeaderOrder.allCases {
            for signsRange in [false, true] {
                if signsRange, request.header("range") == nil { continue }
                let text = SharedKeyStringToSign.make(request, account: account, order: order, signsRange: signsRange)
                if keys.contains(where: { $0.verify(signature, over: text) }) { return }
            }
        }
        throw .failed("The MAC signature found in the HTTP request is not the same as any computed signature.")
    }
}
