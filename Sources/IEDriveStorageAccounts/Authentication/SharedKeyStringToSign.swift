/// The string a Shared Key signature is computed over (Blob service, `x-ms-version`
/// 2009-09-19 and later): the verb, twelve standard headers, the `x-ms-*` headers, and the
/// canonicalized resource.
///
/// ```
/// VERB\nContent-Encoding\nContent-Language\nContent-Length\nContent-MD5\nContent-Type\nDate\n
/// If-Modified-Since\nIf-Match\nIf-None-Match\nIf-Unmodified-Since\nRange\n
/// x-ms-a:value\n…/account/encoded/path\nname:value…
/// ```
/// `Content-Length` is empty when it is 0. Each `x-ms-*` header is `name:value` with the name
/// lower-cased, in `order`. The resource is `/` + account + the encoded path, then for each query
/// parameter, sorted by name, `\nname:value` with the name lower-cased and the value decoded.
enum SharedKeyStringToSign {
    static let standardHeaders = [
        "content-encoding", "content-language", "content-length", "content-md5", "content-type", "date",
        "if-modified-since", "if-match", "if-none-match", "if-unmodified-since", "range",
    ]

    /// The string for `request` from `account`. `signsRange`: whether the `Range` header's value
    /// is in it (the REST reference) or left empty (what the official SDKs sign: they send
    /// `x-ms-range`, which is signed among the `x-ms-*` headers).
    static func make(_ request: SharedKeyRequest, account: String, order: StorageHeaderOrder, signsRange: Bool) -> String {
        var text = request.method + "\n"
        for name in standardHeaders {
            var value = request.header(name) ?? ""
            if name == "content-length", value == "0" { value = "" }
            if name == "range", !signsRange { value = "" }
            text += value + "\n"
        }
        var storageHeaders: [String: String] = [:]
        for (name, value) in request.headers where name.lowercased().hasPrefix("x-ms-") {
            let key = name.lowercased()
            storageHeaders[key] = storageHeaders[key].map { $0 + "," + value } ?? value
        }
        for name in order.sorted(Array(storageHeaders.keys)) {
            text += name + ":" + storageHeaders[name]! + "\n"
        }
        text += "/" + account + request.encodedPath
        var parameters: [String: [String]] = [:]
        for (name, value) in request.query {
            parameters[name.lowercased(), default: []].append(value)
        }
        for name in parameters.keys.sorted() {
            text += "\n" + name + ":" + parameters[name]!.sorted().joined(separator: ",")
        }
        return text
    }
}
