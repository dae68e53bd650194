/// A shared access signature as it arrives in a request's query (`sv`, `sp`, `se`, … `sig`):
/// an account SAS (`ss` and `srt`) or a service SAS for a container or blob (`sr`). Parsing
/// only reads the fields; `SASVerifier` decides whether it allows a request.
public struct SharedAccessSignature: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `ss` services, `srt` resource types.
        case account(services: String, resourceTypes: String)
        /// `sr`: `c` (container) or `b` (blob); others are refused when verified.
        case service(resource: String)
    }

    public var kind: Kind
    /// `sv`
    public var version: String
    /// `sp`
    public var permissions: String
    /// `st`, `se` as written.
    public var start: String?
    public var expiry: String?
    /// `si`: a stored access policy (none are kept here: refused when verified).
    public var identifier: String?
    /// `sip`: one IPv4 address or a range `a-b`.
    public var ipRange: String?
    /// `spr`: `https` or `https,http`.
    public var protocols: String?
    /// `ses`
    public var encryptionScope: String?
    /// `snapshot`: the snapshot time a blob SAS is for (service SAS, 2018-11-09+).
    public var snapshotTime: String?
    /// `rscc`, `rscd`, `rsce`, `rscl`, `rsct`: response headers a download answers with.
    public var responseHeaders: ResponseHeaderOverrides
    /// `sig`, base64.
    public var signature: String

    /// Fields a user-delegation SAS carries (signed with an Entra ID key, not an account key).
    static let delegationFields: Set<String> = ["skoid", "sktid", "skt", "ske", "sks", "skv"]

    /// The SAS in `query` (decoded names and values), nil when the query carries none (no `sig`).
    public init?(query: [(name: String, value: String)]) throws(StorageAuthError) {
        var fields: [String: String] = [:]
        for (name, value) in query where name == name.lowercased() {
            fields[name] = value
        }
        guard let signature = fields["sig"] else { return nil }
        if !Self.delegationFields.isDisjoint(with: fields.keys) {
            throw .failed("User-delegation SAS tokens are not served here: sign with the account key.")
        }
        guard let version = fields["sv"], !version.isEmpty else { throw .failed("The SAS has no signed version (sv).") }
        guard let permissions = fields["sp"] else { throw .failed("The SAS has no signed permissions (sp).") }
        if let services = fields["ss"], let types = fields["srt"] {
            kind = .account(services: services, resourceTypes: types)
        } else if let resource = fields["sr"] {
            kind = .service(resource: resource)
        } else {
            throw .failed("The SAS is neither an account SAS (ss and srt) nor a service SAS (sr).")
        }
        self.version = version
        self.permissions = permissions
        self.signature = signature
        start = fields["st"]
        expiry = fields["se"]
        identifier = fields["si"]
        ipRange = fields["sip"]
        protocols = fields["spr"]
        encryptionScope = fields["ses"]
        snapshotTime = fields["snapshot"]
        responseHeaders = ResponseHeaderOverrides(cacheControl: fields["rscc"], contentDisposition: fields["rscd"],
                                                  contentEncoding: fields["rsce"], contentLanguage: fields["rscl"],
                                                  contentType: fields["rsct"])
    }
}

/// The response headers a service SAS may set on a download (`rscc` … `rsct`).
public struct ResponseHeaderOverrides: Sendable, Hashable {
    public var cacheControl: String?
    public var contentDisposition: String?
    public var contentEncoding: String?
    public var contentLanguage: String?
    public var contentType: String?

    public init(cacheControl: String? = nil, contentDisposition: String? = nil, contentEncoding: String? = nil,
                contentLanguage: String? = nil, contentType: String? = nil) {
        self.cacheControl = cacheControl
        self.contentDisposition = contentDisposition
        self.contentEncoding = contentEncoding
        self.contentLanguage = contentLanguage
        self.contentType = contentType
    }
}
