/// Why the lifecycle refused an operation: the ARM error `code`, its HTTP status, a message
/// that says what to do, and the JSON path at fault (`target`). Never carries a key.
public struct LifecycleRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: LifecycleErrorCode
    public var message: String
    public var target: String?

    public init(_ code: LifecycleErrorCode, _ message: String, target: String? = nil) {
        self.code = code
        self.message = message
        self.target = target
    }

    public var httpStatus: Int { code.httpStatus }

    public var description: String {
        "\(code.rawValue) (\(httpStatus))\(target.map { " at \($0)" } ?? ""): \(message)"
    }
}

/// The error codes the lifecycle returns. The first five are the codes rest-api.md §7 names;
/// the rest are ours, for cases the spec gives no code for (marked "invented").
public enum LifecycleErrorCode: String, Sendable, Hashable, CaseIterable, Codable {
    /// 400: a field fails validation, or a required property is missing (rest-api.md §3.2:
    /// `Shipping` without `returnAddress`/`deliveryPackage` is `InvalidParameter`).
    case invalidParameter = "InvalidParameter"
    /// 409: not allowed in the job's current state (cancel too late, delete while active, edit
    /// after its window, `Shipping` from a wrong state).
    case invalidJobState = "InvalidJobState"
    /// 409: PUT with a name in use by a job not in `Creating`.
    case conflict = "Conflict"
    /// 409: the active-job limit is reached.
    case quotaExceeded = "QuotaExceeded"
    /// 404: unknown job.
    case resourceNotFound = "ResourceNotFound"
    /// 409, invented: a customer-managed key cannot go back to Microsoft-managed (rest-api.md
    /// §2.6 says 409 but names no code).
    case kekTypeChangeNotAllowed = "KekTypeChangeNotAllowed"
    /// 404, invented: a drive event names a drive the job does not have.
    case driveNotFound = "DriveNotFound"
    /// 409, invented: a drive event that does not fit the drive's state (copy of a drive not
    /// received, progress of a drive not copying, …).
    case invalidDriveState = "InvalidDriveState"
    /// 409, invented: a held-shipment step that does not fit its state (§7 rule 3).
    case invalidShipmentState = "InvalidShipmentState"

    public var httpStatus: Int {
        switch self {
        case .invalidParameter: 400
        case .resourceNotFound, .driveNotFound: 404
        case .invalidJobState, .conflict, .quotaExceeded, .kekTypeChangeNotAllowed, .invalidDriveState,
             .invalidShipmentState: 409
        }
    }
}
