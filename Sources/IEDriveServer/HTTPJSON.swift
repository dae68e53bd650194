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

    /// The request body, at most `limit` bytes (413 with the ARM envelope beyond).
    static func body(of request: Request, limit: Int = 1 << 20) async throws(ARMError) -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch {
            throw ARMError(httpStatus: 413, code: "RequestEntityTooLarge",
                           message: "The request body is larger than \(limit) bytes.")
        }
    }
}
