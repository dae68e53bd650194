import HTTPTypes
import Foundation
import Hummingbird
import IEDriveStorageAccounts

/// An error the Blob endpoint answers with, as Azure does: the status, `x-ms-error-code`, and
/// an XML body `<Error><Code>…</Code><Message>…</Message></Error>` (plus the authentication
/// detail for refused credentials). Messages name what was wrong, never a key.
struct BlobServiceError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var authenticationDetail: String?

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    init(_ error: StorageAuthError) {
        status = HTTPResponse.Status(code: error.status)
        code = error.code
        message = error.message
        authenticationDetail = error.detail
    }

    static func containerNotFound(_ name: String) -> BlobServiceError {
        BlobServiceError(.notFound, "ContainerNotFound", "The specified container does not exist: \(name).")
    }
    static func blobNotFound(_ name: String) -> BlobServiceError {
        BlobServiceError(.notFound, "BlobNotFound", "The specified blob does not exist: \(name).")
    }
    static func invalidInput(_ message: String) -> BlobServiceError {
        BlobServiceError(.badRequest, "InvalidInput", message)
    }
    static func unsupported(_ what: String) -> BlobServiceError {
        BlobServiceError(.badRequest, "UnsupportedHttpVerb", "\(what) is not served by iedrive's Blob endpoint.")
    }

    func response(requestId: String, includeBody: Bool) -> Response {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>\(BlobXML.escaped(code))</Code>"
            + "<Message>\(BlobXML.escaped(message + "\nRequestId:\(requestId)\nTime:\(BlobDates.iso8601Now())"))</Message>"
        if let authenticationDetail {
            text += "<AuthenticationErrorDetail>\(BlobXML.escaped(authenticationDetail))</AuthenticationErrorDetail>"
        }
        text += "</Error>"
        var headers = BlobHeaders.common(requestId: requestId)
        headers[HTTPField.Name("x-ms-error-code")!] = code
        headers[.contentType] = "application/xml"
        if status == .unauthorized { headers[.wwwAuthenticate] = "SharedKey realm=\"iedrive\"" }
        let body = Array(text.utf8)
        headers[.contentLength] = "\(body.count)"
        return Response(status: status, headers: headers,
                        body: includeBody ? ResponseBody(byteBuffer: ByteBuffer(bytes: body)) : ResponseBody())
    }
}
