public import IEDriveCore

extension ARMError {
    /// A lifecycle refusal as the API answers it: its code, its status (400 `InvalidParameter`,
    /// 404 `ResourceNotFound`/`DriveNotFound`, 409 for the state conflicts), message and target.
    public init(_ refusal: LifecycleRefusal) {
        self.init(httpStatus: refusal.httpStatus, code: refusal.code.rawValue, message: refusal.message,
                  target: refusal.target)
    }

    /// A body that could not be read: syntax, size, depth and type problems are 400
    /// `InvalidRequestContent`; a missing required field or a value outside its vocabulary is
    /// 400 `InvalidParameter`. The target is the JSON path.
    public init(_ error: JSONDecodingError) {
        let target = error.path.isEmpty ? nil : error.path
        switch error.kind {
        case .syntax, .tooLarge, .tooDeep:
            self.init(.invalidRequestContent, "The request body is not acceptable JSON: \(error.message)", target: target)
        case .wrongType:
            self.init(.invalidRequestContent, "'\(error.path)' has the wrong type: \(error.message)", target: target)
        case .missing, .invalidValue:
            self.init(.invalidParameter, error.message, target: target)
        }
    }

    /// 404 `ResourceNotFound` for a job (rest-api.md §3.2, §3.3, §3.5).
    public static func jobNotFound(_ name: String, resourceGroup: String) -> ARMError {
        ARMError(.resourceNotFound,
                 "The job '\(name)' was not found in resource group '\(resourceGroup)'.")
    }

    /// 404 `ResourceNotFound` for a location (§3.6).
    public static func locationNotFound(_ name: String) -> ARMError {
        ARMError(.resourceNotFound, "The location '\(name)' is not a known Import/Export location.")
    }
}
