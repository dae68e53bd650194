import Hummingbird
import IEDriveAPI
import IEDriveCore

/// JSON bodies in and out of routes.
enum HTTPJSON {
    static func response(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        bytes(value.body, status: status)
    }

    static func bytes(_ bytes: [UInt8], status: HTTPResponse.Status = .ok,
                      contentType: String = "application/json; charset=utf-8") -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(bytes.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ error: ARMError) -> Response {
        bytes(error.body, status: HTTPResponse.Status(code: error.httpStatus))
    }

    /// A refusal Hummingbird made before any handler ran, as an ARM error.
    static func armError(for error: any HTTPResponseError) -> ARMError {
        switch error.status.code {
        case 404: ARMError(.resourceNotFound, "No operation is served at this path; /iedrive/v1/openapi.json lists them.")
        case 413: tooLarge
        default: ARMError(httpStatus: error.status.code, code: error.status.reasonPhrase.replacingOccurrences(of: " ", with: ""),
                          message: "The request was refused (\(error.status.code) \(error.status.reasonPhrase)).")
        }
    }

    static let bodyLimit = 1 << 20

    static var tooLarge: ARMError {
        ARMError(httpStatus: 413, code: "RequestEntityTooLarge", message: "The request body is larger than \(bodyLimit) bytes.")
    }

    /// The request body, at most `bodyLimit` (1 MiB) bytes (413 with the ARM envelope beyond).
    static func body(of request: Request) async throws(ARMError) -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > bodyLimit { throw tooLarge }
        do {
            let buffer = try await request.body.collect(upTo: bodyLimit)
            return Array(buffer.readableBytesView)
        } catch {
            throw tooLarge
        }
    }
}
