/// A drive's BitLocker key as the job carries it (`driveList[].bitLockerKey`): the customer's
/// on import, the one the service generated on export. Kept verbatim — a 48-digit recovery
/// password or a base64 string (rest-api.md §3.5) — and never printed: `description`,
/// `debugDescription` and `dump` show only that a key is there.
public struct BitLockerKey: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: String

    public init(_ secret: String) { self.secret = secret }

    /// The key itself, for `listBitLockerKeys` and the unlocker; nowhere else.
    public var revealed: String { secret }

    public var isEmpty: Bool { secret.isEmpty }

    public var description: String { "BitLocker key (redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
