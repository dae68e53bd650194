import Foundation
import Hummingbird
import IEDriveAPI

/// rest-api.md §4 on every response: `x-ms-request-id` (a new GUID),
/// `x-ms-correlation-request-id` (the request's, else a new GUID) and `Date`.
struct ARMResponseHeaders<Context: RequestContext>: RouterMiddleware {
    /// The routes' methods, for 405 instead of 404 when only the method is wrong.
    let methods: RouteMethods

    static var requestId: HTTPFields.Element.Name { HTTPFields.Element.Name("x-ms-request-id")! }
    static var correlationId: HTTPFields.Element.Name { HTTPFields.Element.Name("x-ms-correlation-request-id")! }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let correlation = request.headers[Self.correlationId].flatMap { $0.isEmpty || $0.count > 128 ? nil : $0 }
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            // Hummingbird's own refusals (no such route, body too large before a handler ran)
            // in the ARM envelope too; a path served with other methods is 405 with `Allow`.
            let allowed = error.status == .notFound ? methods.allowed(at: request.uri.path) : []
            if allowed.isEmpty {
                response = HTTPJSON.error(HTTPJSON.armError(for: error))
            } else {
                response = HTTPJSON.error(ARMError(httpStatus: 405, code: "MethodNotAllowed",
                                                   message: "\(request.method) is not served at this path (Allow: \(allowed.joined(separator: ", ")))."))
                response.headers[.allow] = allowed.joined(separator: ", ")
            }
        }
        response.headers[Self.requestId] = UUID().uuidString.lowercased()
        response.headers[Self.correlationId] = correlation ?? UUID().uuidString.lowercased()
        if response.headers[.date] == nil { response.headers[.date] = Self.httpDate(Date()) }
        return response
    }

    static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
