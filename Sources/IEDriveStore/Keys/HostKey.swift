import Crypto

/// The machine's secret for sealing recovery keys at rest: 32 random bytes in a file only its
/// owner may read (mode 0600), beside but apart from the database, so a copied database alone
/// reveals no key. Losing the file makes the stored recovery keys unreadable.
///
/// Its description, debug description and mirror never show the bytes.
public struct HostKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The key's length in bytes (AES-256).
    public static let byteCount = 32

    /// Where the key was read from or written to, for messages.
    public let path: String
    let key: SymmetricKey

    /// Reads the key at `path`, or makes one there if no file exists: 32 random bytes, created
    /// with `O_CREAT|O_EXCL` and mode 0600; a missing parent directory is created with mode
    /// 0700. An existing file that group or others may access, or that is not exactly 32 bytes,
    /// is refused (`HostKeyError` says how to fix it).
    public static func loadOrCreate(path: String) throws -> HostKey {
        if let existing = try HostKeyFile.contents(path: path) {
            return HostKey(path: path, bytes: existing)
        }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        switch try HostKeyFile.createExclusively(path: path, bytes: bytes) {
        case .created:
            return HostKey(path: path, bytes: bytes)
        case .alreadyExists:
            // Another process made it between our read and create: use theirs.
            guard let theirs = try HostKeyFile.contents(path: path) else { throw HostKeyError.vanished(path: path) }
            return HostKey(path: path, bytes: theirs)
        }
    }

    private init(path: String, bytes: [UInt8]) {
        self.path = path
        self.key = SymmetricKey(data: bytes)
    }

    public var description: String { "host key at \(path) (redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["path": path], displayStyle: .struct) }
}
