/// How a drive id (the id the job's drive list names) is derived from a device snapshot.
/// Real disks are known by their hardware serial under every rule; loop devices have none,
/// so theirs comes from the backing file (`/srv/drives/DRIVE01.img` stands for drive
/// `DRIVE01`).
public enum DriveIdentityRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// The backing file's name without its last extension: `DRIVE01.img` → `DRIVE01`,
    /// `DRIVE01.vhd.img` → `DRIVE01.vhd`, `DRIVE01` → `DRIVE01`.
    case backingFileStem
    /// The backing file's whole name: `DRIVE01.img` → `DRIVE01.img`.
    case backingFileName

    public static let `default`: DriveIdentityRule = .backingFileStem

    /// The drive id, or nil when there is nothing to derive it from (a real disk without a
    /// serial, a loop device without a backing file).
    public func driveId(for snapshot: DeviceSnapshot) -> String? {
        guard snapshot.isLoop else { return snapshot.serial.flatMap(Self.nonEmpty) }
        guard let backing = snapshot.loopBackingFile else { return nil }
        let name = Self.fileName(of: Self.withoutDeletedMarker(backing))
        switch self {
        case .backingFileName: return Self.nonEmpty(name)
        case .backingFileStem: return Self.nonEmpty(Self.stem(of: name))
        }
    }

    /// The last path component (`/x/y/DRIVE01.img` → `DRIVE01.img`).
    static func fileName(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// Drops the last `.extension` when both sides of the dot are non-empty, so `.hidden`
    /// and `name.` stay whole.
    static func stem(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex,
              name.index(after: dot) != name.endIndex else { return name }
        return String(name[..<dot])
    }

    /// The kernel appends ` (deleted)` to a backing file that was unlinked while attached.
    static func withoutDeletedMarker(_ path: String) -> String {
        let marker = " (deleted)"
        return path.hasSuffix(marker) ? String(path.dropLast(marker.count)) : path
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }
}
