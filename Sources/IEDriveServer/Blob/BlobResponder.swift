import HTTPTypes
import Foundation
import Hummingbird
import IEDriveCore
import IEDriveStorageAccounts
import Logging

/// The Blob service of the daemon's storage accounts, path-style
/// (`http://HOST:PORT/ACCOUNT/CONTAINER/BLOB`): finds what a request names, decides the
/// operation from its method and `restype`/`comp`, authorizes it (Shared Key or SAS; anonymous
/// requests are refused), and runs it against the account's target. Answers as Azure does:
/// status, `x-ms-*` headers, XML bodies and error codes.
struct BlobResponder: HTTPResponder {
    typealias Context = BlobRequestContext

    let accounts: any BlobAccounts
    let isHTTPS: Bool
    let logger: Logger

    func respond(to request: Request, context: Context) async throws -> Response {
        let requestId = UUID().uuidString.lowercased()
        do {
            return try await handle(request, context: context, requestId: requestId)
        } catch let error as BlobServiceError {
            if error.status.code >= 500 {
                logger.error("blob request failed", metadata: ["request": "\(requestId)", "code": "\(error.code)",
                                                                "message": "\(error.message)"])
            }
            return error.response(requestId: requestId, includeBody: request.method != .head)
        }
    }

    private func handle(_ request: Request, context: Context, requestId: String) async throws -> Response {
        guard let target = BlobRequestTarget(encodedPath: request.uri.path, encodedQuery: request.uri.query) else {
            throw BlobServiceError(.badRequest, "InvalidUri", "The request URI is not /ACCOUNT[/CONTAINER[/BLOB]] with valid escapes.")
        }
        let call = try BlobCall(request: request, target: target)
        let keys: [StorageAccountKey]
        do {
            // An unknown account is refused like a wrong key: nobody learns which names exist.
            guard let found = try accounts.keys(of: target.account) else {
                throw BlobServiceError(StorageAuthError(code: "AuthenticationFailed", status: 403,
                                                        detail: "The account is not served here or the credentials are wrong."))
            }
            keys = found
        } catch let error as BlobServiceError {
            throw error
        } catch {
            throw BlobServiceError(.internalServerError, "InternalError", "The account's keys cannot be read: \(error)")
        }
        let signed = SharedKeyRequest(method: request.method.rawValue,
                                      headers: request.headers.map { ($0.name.rawName, $0.value) },
                                      encodedPath: target.encodedPath, query: target.query)
        let authorization = SASVerifier.Context(account: target.account, keys: keys, nowSeconds: BlobDates.nowSeconds(),
                                                clientAddress: context.clientIPv4, isHTTPS: isHTTPS)
        let grant: StorageAuthorizer.Grant
        do {
            grant = try StorageAuthorizer.authorize(signed, operation: call.operation, context: authorization)
        } catch {
            throw BlobServiceError(error)
        }
        let storage = BlobStorage(account: target.account, target: accounts.target(of: target.account),
                                  blocks: accounts.blocks(of: target.account))
        var response = try await call.run(request, storage: storage, grant: grant)
        for field in BlobHeaders.common(requestId: requestId) where response.headers[field.name] == nil {
            response.headers.append(field)
        }
        return response
    }
}

/// One account's storage, as the operations use it.
struct BlobStorage: Sendable {
    var account: String
    var target: any StorageTarget
    var blocks: UncommittedBlocks

    func run<T>(_ doing: String, _ body: () throws(TargetError) -> T) throws(BlobServiceError) -> T {
        do {
            return try body()
        } catch {
            switch error {
            case .notAccessible:
                throw BlobServiceError(.serviceUnavailable, "ServerBusy", "The account's storage is not accessible (\(doing)).")
            case .full:
                throw BlobServiceError(.serviceUnavailable, "ServerBusy", "The account's storage is full (\(doing)).")
            case .io, .blobConflict:
                throw BlobServiceError(.internalServerError, "InternalError", "\(doing) failed: \(error.description)")
            }
        }
    }
}
