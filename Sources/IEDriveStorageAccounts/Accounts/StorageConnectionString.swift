/// The connection string a client (Microsoft's SDKs, Storage Explorer, AzCopy) is given for an
/// account served path-style, as the Azure storage emulators do:
/// `DefaultEndpointsProtocol=http;AccountName=NAME;AccountKey=KEY;BlobEndpoint=http://HOST:PORT/NAME;`
public enum StorageConnectionString {
    /// `endpoint`: `http://HOST:PORT` (or https) of the Blob listener, without a trailing slash.
    public static func make(account: String, key: StorageAccountKey, endpoint: String) -> String {
        let scheme = endpoint.hasPrefix("https:") ? "https" : "http"
        return "DefaultEndpointsProtocol=\(scheme);AccountName=\(account);AccountKey=\(key.base64);"
            + "BlobEndpoint=\(endpoint)/\(account);"
    }
}
