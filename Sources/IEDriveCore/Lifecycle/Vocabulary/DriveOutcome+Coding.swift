/// On disk and on the wire: `{"kind": "clean"}`, …, and for a failure
/// `{"kind": "failed", "failure": "BitLockerKeyInvalid"}` (the failure state's token). These
/// names are a stored format: add new ones, never rename.
extension DriveOutcome {
    private enum CodingKeys: String, CodingKey {
        case kind, failure
    }

    private enum Kind: String, Codable {
        case none, clean, warnings, errors, failed, notReceived
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .none: self = .none
        case .clean: self = .clean
        case .warnings: self = .warnings
        case .errors: self = .errors
        case .failed: self = .failed(try container.decode(DriveFailureState.self, forKey: .failure))
        case .notReceived: self = .notReceived
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try container.encode(Kind.none, forKey: .kind)
        case .clean: try container.encode(Kind.clean, forKey: .kind)
        case .warnings: try container.encode(Kind.warnings, forKey: .kind)
        case .errors: try container.encode(Kind.errors, forKey: .kind)
        case .failed(let failure):
            try container.encode(Kind.failed, forKey: .kind)
            try container.encode(failure, forKey: .failure)
        case .notReceived: try container.encode(Kind.notReceived, forKey: .kind)
        }
    }
}
