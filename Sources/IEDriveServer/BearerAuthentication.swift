import Hummingbird
import IEDriveAPI

/// The TCP API's gate when `api.tokens` is set: every request carries `Authorization: Bearer
/// <token>` naming one of them (compared in constant time), else 401 `AuthenticationFailed` in
/// the ARM envelope. The control socket has no gate: its file mode (0660) is its protection.
struct BearerAuthentication<Context: RequestContext>: RouterMiddleware {
    let tokens: BearerTokens

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return Self.refuse("The request has no Authorization header. Send Authorization: Bearer <token> with one of the daemon's api.tokens.")
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return Self.refuse("The Authorization header is not a bearer token. Send Authorization: Bearer <token>.")
        }
        guard tokens.accepts(String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            return Self.refuse("The bearer token is not one of the daemon's api.tokens.")
        }
        return try await next(request, context)
    }

    static func refuse(_ message: String) -> Response {
        var response = HTTPJSON.error(ARMError(.authenticationFailed, message))
        response.headers[.wwwAuthenticate] = "Bearer realm=\"iedrive\""
        return response
    }
}
