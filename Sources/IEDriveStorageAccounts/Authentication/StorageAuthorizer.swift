/// One entry for a Blob service request's authorization: Shared Key when it carries an
/// `Authorization` header, else a SAS when its query carries one, else refused (anonymous access
/// is never served). A request may not carry both.
public enum StorageAuthorizer {
    /// How the request was allowed.
    public enum Grant: Sendable, Hashable {
        case sharedKey
        /// With the response headers a download must answer with (service SAS `rsc*`).
        case sas(ResponseHeaderOverrides)
    }

    public static func authorize(_ request: SharedKeyRequest, operation: StorageOperation,
                                 context: SASVerifier.Context) throws(StorageAuthError) -> Grant {
        let sas = try SharedAccessSignature(query: request.query)
        if let authorization = request.header("authorization") {
            guard sas == nil else {
                throw .failed("The request carries both an Authorization header and a SAS; send one of them.")
            }
            try SharedKeyVerifier.verify(request, authorization: authorization, account: context.account,
                                         keys: context.keys, nowSeconds: context.nowSeconds)
            return .sharedKey
        }
        guard let sas else { throw .anonymous() }
        try SASVerifier.verify(sas, for: operation, in: context)
        return .sas(sas.responseHeaders)
    }
}
