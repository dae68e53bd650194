public import IEDriveCore

/// A structural problem that fails the whole manifest: drive status `ManifestFormatInvalid`,
/// Preview label "Manifest file error" (states.md §4.2), with the place in the file.
public struct ManifestFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: ManifestRule
    public var message: String
    public var location: DocumentLocation
    /// For `rule == .xml`: what the XML reader refused.
    public var xmlKind: XMLError.Kind?

    public init(rule: ManifestRule, message: String, location: DocumentLocation, xmlKind: XMLError.Kind? = nil) {
        self.rule = rule
        self.message = message
        self.location = location
        self.xmlKind = xmlKind
    }

    init(_ error: XMLError) {
        self.init(rule: .xml, message: error.message, location: error.location, xmlKind: error.kind)
    }

    public var status: DriveStatus { .manifestFormatInvalid }
    public var failureState: DriveFailureState { .manifestFileError }
    public var line: Int { location.line }

    public var description: String { "\(status.rawValue): \(message) at \(location)" }
}
