import IEDriveSystem

/// Why the host key could not be read or made. Says what to do; never shows key bytes.
public enum HostKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    case cannotRead(path: String, errno: Int32)
    case cannotCreate(path: String, errno: Int32)
    case cannotCreateDirectory(path: String, errno: Int32)
    /// Group or others have some permission on the file (`mode` holds its permission bits).
    case accessibleToOthers(path: String, mode: UInt32)
    case wrongSize(path: String, size: Int64)
    case notARegularFile(path: String)
    /// The file existed when we tried to create it, and was gone when we read it.
    case vanished(path: String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let code):
            "cannot read the host key \(path): \(Self.text(code))"
        case .cannotCreate(let path, let code):
            "cannot create the host key \(path): \(Self.text(code)); check that its directory is writable by this user"
        case .cannotCreateDirectory(let path, let code):
            "cannot create the host key's directory \(path): \(Self.text(code))"
        case .accessibleToOthers(let path, let mode):
            "the host key \(path) has mode \(Self.octal(mode)), so other users may read it; it must be private to its " +
                "owner: run `chmod 600 \(path)` (and consider the recovery keys it protects exposed if others did read it)"
        case .wrongSize(let path, let size):
            "the host key \(path) is \(size) bytes, not \(HostKey.byteCount): it is not a host key. Restore the right file; " +
                "or move this one away to have a new key made (recovery keys stored under the old key then cannot be read)"
        case .notARegularFile(let path):
            "the host key \(path) is not a regular file; remove it or point the state directory elsewhere"
        case .vanished(let path):
            "the host key \(path) disappeared while it was being created; is another process removing it?"
        }
    }

    private static func text(_ code: Int32) -> String { Errno(rawValue: code).description }

    private static func octal(_ mode: UInt32) -> String {
        let digits = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
