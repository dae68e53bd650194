import Foundation
import Hummingbird

/// rest-api.md §4 on every response: `x-ms-request-id` (a new GUID),
/// `x-ms-correlation-request-id` (the request's, else a new GUID) and `Date`.
struct ARMResponseHeaders<Context: RequestContext>: RouterMiddleware {
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
            // in the ARM envelope too.
            response = HTTPJSON.error(HTTPJSON.armError(for: error))
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
