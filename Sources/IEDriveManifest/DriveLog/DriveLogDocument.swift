public import IEDriveCore

/// A DriveLog read back (drive-logs.md §4): what `DriveLogWriter` wrote, or a log the repair
/// tools are given. `DriveLogReader` streams it; `parse` collects a small one.
public struct DriveLogDocument: Sendable, Hashable {
    public var version: String
    public var driveId: String
    public var blobs: [DriveLogBlob]
    public var status: DriveStatus

    public init(version: String, driveId: String, blobs: [DriveLogBlob], status: DriveStatus) {
        self.version = version
        self.driveId = driveId
        self.blobs = blobs
        self.status = status
    }

    public static func parse(_ bytes: some Collection<UInt8>, limits: XMLLimits = .driveLog) throws(DriveLogFormatError) -> DriveLogDocument {
        var reader = DriveLogReader(limits: limits)
        try reader.feed(bytes)
        reader.finish()
        var blobs: [DriveLogBlob] = []
        while let blob = try reader.next() { blobs.append(blob) }
        guard let version = reader.version, let driveId = reader.driveId, let status = reader.status else {
            preconditionFailure("a finished DriveLogReader has its header and status")
        }
        return DriveLogDocument(version: version, driveId: driveId, blobs: blobs, status: status)
    }
}

/// A DriveLog that does not have the §4 shape.
public struct DriveLogFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var location: DocumentLocation
    public var xmlKind: XMLError.Kind?

    public init(message: String, location: DocumentLocation, xmlKind: XMLError.Kind? = nil) {
        self.message = message
        self.location = location
        self.xmlKind = xmlKind
    }

    public var description: String { "\(message) at \(location)" }
}
