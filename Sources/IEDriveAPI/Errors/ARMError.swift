/// An ARM error response (rest-api.md §7): the HTTP status and the body
/// `{"error":{"code","message","target","details"}}`. Messages say what to do; none carries a
/// BitLocker key.
public struct ARMError: Error, Sendable, Hashable, CustomStringConvertible {
    public var httpStatus: Int
    /// `error.code`: one of `ARMErrorCode`, a `LifecycleErrorCode`, or a CMK code.
    public var code: String
    public var message: String
    /// The JSON path at fault (`properties.driveList[3].driveId`), or a parameter name.
    public var target: String?
    public var details: [ARMErrorDetail]

    public init(httpStatus: Int, code: String, message: String, target: String? = nil, details: [ARMErrorDetail] = []) {
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.target = target
        self.details = details
    }

    /// An error with one of the spec's codes and its status.
    public init(_ code: ARMErrorCode, _ message: String, target: String? = nil, details: [ARMErrorDetail] = []) {
        self.init(httpStatus: code.httpStatus, code: code.rawValue, message: message, target: target, details: details)
    }

    public var description: String {
        "\(code) (\(httpStatus))\(target.map { " at \($0)" } ?? ""): \(message)"
    }
}

/// One entry of `error.details`.
public struct ARMErrorDetail: Sendable, Hashable {
    public var code: String
    public var message: String
    public var target: String?

    public init(code: String, message: String, target: String? = nil) {
        self.code = code
        self.message = message
        self.target = target
    }
}

/// The error codes rest-api.md §7 names, with their statuses. Lifecycle refusals carry their
/// own (`LifecycleErrorCode`, mapped by `ARMError.init(_: LifecycleRefusal)`).
public enum ARMErrorCode: String, Sendable, Hashable, CaseIterable {
    case missingApiVersionParameter = "MissingApiVersionParameter"
    case invalidApiVersionParameter = "InvalidApiVersionParameter"
    /// Body not JSON, or JSON of the wrong types.
    case invalidRequestContent = "InvalidRequestContent"
    /// A field fails validation (`target` = its path).
    case invalidParameter = "InvalidParameter"
    case invalidFilter = "InvalidFilter"
    case authenticationFailed = "AuthenticationFailed"
    case resourceNotFound = "ResourceNotFound"
    case conflict = "Conflict"
    case invalidJobState = "InvalidJobState"
    case quotaExceeded = "QuotaExceeded"
    case cmkErrorAccessRevoked = "CmkErrorAccessRevoked"
    case cmkErrorKeyDisabled = "CmkErrorKeyDisabled"
    case cmkErrorKeyNotFound = "CmkErrorKeyNotFound"
    case cmkErrorVaultNotFound = "CmkErrorVaultNotFound"
    case internalServerError = "InternalServerError"
    /// The daemon is at a limit it sets itself (connections, event streams): try again.
    case serverBusy = "ServerBusy"

    /// §7's table. The CMK codes are "400/409" there; 409 is used (the vault's state, not the
    /// request, is at fault).
    public var httpStatus: Int {
        switch self {
        case .missingApiVersionParameter, .invalidApiVersionParameter, .invalidRequestContent, .invalidParameter,
             .invalidFilter:
            400
        case .authenticationFailed: 401
        case .resourceNotFound: 404
        case .conflict, .invalidJobState, .quotaExceeded, .cmkErrorAccessRevoked, .cmkErrorKeyDisabled,
             .cmkErrorKeyNotFound, .cmkErrorVaultNotFound:
            409
        case .internalServerError: 500
        case .serverBusy: 503
        }
    }
}
