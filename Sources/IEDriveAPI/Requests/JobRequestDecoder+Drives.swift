import IEDriveCore

/// `driveList` (rest-api.md §2.3, §3.1 rule 4): the client's four fields per drive; the
/// server-owned ones (`state`, `copyStatus`, `percentComplete`, URIs, `bytesSucceeded`) are
/// ignored.
extension JobRequestDecoder {
    /// Nil when the body has no `driveList`. An export job may send none or an empty one.
    func drives(in properties: JSONObjectReader, for type: JobType) throws(JSONDecodingError) -> [DriveSpecification]? {
        guard let entries = try properties.objects("driveList") else { return nil }
        guard type == .import else {
            guard entries.isEmpty else {
                throw properties.invalid("driveList", "An export job lists no drives; they are added when the package arrives.")
            }
            return []
        }
        var drives: [DriveSpecification] = []
        for entry in entries {
            drives.append(DriveSpecification(driveId: try entry.requiredString("driveId"),
                                             bitLockerKey: BitLockerKey(try entry.requiredString("bitLockerKey")),
                                             manifestFile: try entry.requiredString("manifestFile"),
                                             manifestHash: try entry.requiredString("manifestHash"),
                                             driveHeaderHash: try entry.string("driveHeaderHash")))
        }
        return drives
    }
}
