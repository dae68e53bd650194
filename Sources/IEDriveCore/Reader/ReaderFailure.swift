/// Why a reader could not do what it was asked, as the reader saw it. ``driveFailureState``
/// maps it to the state the service shows.
public struct ReaderFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, Hashable, CaseIterable {
        /// The recovery password is well-formed but does not unlock this volume.
        case keyDoesNotUnlock = 1
        /// BitLocker metadata present but unsupported or damaged (encrypt-on-write,
        /// partially encrypted, truncated metadata).
        case bitLockerUnsupported = 2
        /// No BitLocker volume where one was required.
        case bitLockerNotFound = 3
        /// The (unlocked) volume holds no NTFS.
        case ntfsNotFound = 4
        /// NTFS that will not mount, or whose metadata fails while reading (corrupt MFT).
        case ntfsCorrupt = 5
        /// The device itself failed a read (EIO and friends).
        case deviceReadError = 6
        /// No such file or directory on the volume.
        case notFound = 7
        /// A directory where a file was expected, or the reverse, or an unreadable kind.
        case wrongKind = 8
        /// The request made no sense (bad range, open twice, nothing open).
        case badRequest = 9
        /// The reader process failed in itself: could not drop privileges, out of memory.
        case internalError = 10
        /// The reader process died (crash, killed) — reported by the parent.
        case readerCrashed = 11
        /// The reader stopped answering within the configured time — reported by the parent.
        case readerTimedOut = 12
    }

    public var kind: Kind
    /// One sentence a person can act on. Never contains a key.
    public var message: String
    /// The file or directory involved, when there is one.
    public var path: String?
    /// The errno of the failed call, when there is one (0 otherwise).
    public var errno: Int32

    public init(_ kind: Kind, _ message: String, path: String? = nil, errno: Int32 = 0) {
        self.kind = kind
        self.message = message
        self.path = path
        self.errno = errno
    }

    /// Whether the whole drive failed (versus one file).
    public var isFatal: Bool {
        switch kind {
        case .notFound, .wrongKind, .badRequest: false
        default: true
        }
    }

    /// The spec's drive failure state for a fatal failure; nil for one file's problem.
    public var driveFailureState: DriveFailureState? {
        switch kind {
        case .keyDoesNotUnlock: .bitLockerKeyInvalid
        case .bitLockerUnsupported: .bitLockerUnlockVolumeFailed
        case .bitLockerNotFound: .bitLockerVolumeNotFound
        case .ntfsNotFound: .ntfsVolumeNotFound
        case .ntfsCorrupt, .readerCrashed: .diskCorrupted
        case .deviceReadError, .readerTimedOut: .hardwareError
        case .internalError: .failed
        case .notFound, .wrongKind, .badRequest: nil
        }
    }

    public var description: String {
        path.map { "\(message) (\($0))" } ?? message
    }

    public func frame(id: UInt32) -> ReaderFrame {
        var writer = WireWriter()
        writer.u8(kind.rawValue)
        writer.string(message)
        writer.optionalString(path)
        writer.u32(UInt32(bitPattern: errno))
        return ReaderFrame(.failure, requestID: id, payload: writer.bytes)
    }

    public init(frame: ReaderFrame) throws(WireError) {
        var reader = WireReader(frame.payload)
        guard let kind = Kind(rawValue: try reader.u8()) else { throw WireError("failure kind") }
        self.kind = kind
        message = try reader.string()
        path = try reader.optionalString()
        errno = Int32(bitPattern: try reader.u32())
        try reader.finish()
    }
}
