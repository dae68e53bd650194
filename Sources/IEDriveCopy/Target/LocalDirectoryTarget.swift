import IEDriveSystem
public import IEDriveCore
import Synchronization

/// The default storage target: a directory on this machine (`file:///srv/iedrive/target`).
///
/// Layout under the root:
///
/// ```
/// <root>/<container>/<escaped blob name>~blob/data   the blob's bytes (sparse for page blobs)
///                                          /meta   type, length, properties, metadata (BlobRecord)
/// <root>/$root/<escaped name>~blob/…               the root container
/// <root>/.iedrive/staging/<staging entry>/data     a blob being copied (StagingName)
///                                         /meta    written just before publishing
/// <root>/.iedrive/claims/<copy prefix>.lock        held (flock) by a running copy: its staging
///                                                  is not a leftover
/// ```
///
/// Blob names become directories as `BlobNameEscaping` says (virtual folders are real folders).
/// A blob is a directory so that its bytes and its description are published, and replaced,
/// by one rename: `renameat2(RENAME_NOREPLACE)` for a new blob, `RENAME_EXCHANGE` for an
/// overwrite. `.iedrive` can never be a container (container names have no dot).
///
/// Durability is a group commit, `syncfs(2)` on the root: one for `syncStaged`, two per
/// `publish` batch (records and bytes before the renames, the renames after); nothing calls
/// `fsync` per file. Every operation opens the root afresh, so a root that
/// disappears or is remounted read-only is noticed at once.
public final class LocalDirectoryTarget: StorageTarget {
    /// The directory as given (trailing slashes removed).
    public let root: String
    public let displayName: String
    /// Publishing resolves dispositions by looking at what exists; one batch at a time.
    private let publishing = Mutex(())

    public init(root: String) {
        var trimmed = root
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.root = trimmed
        displayName = TargetAddress.localDirectory(path: Self.absolute(trimmed)).description
    }

    /// A target from configuration text: a directory path or a `file://` URL (percent-decoded).
    /// Other schemes are refused with the list of supported ones.
    public static func named(_ text: String) throws(TargetError) -> LocalDirectoryTarget {
        switch try TargetAddress.parse(text) {
        case .localDirectory(let path): LocalDirectoryTarget(root: path)
        }
    }

    public func checkAccess() throws(TargetError) {
        let root = try openRoot()
        let readOnly: Bool
        do {
            readOnly = try SystemCall.fstatvfs(root.raw, subject: self.root).isReadOnly
        } catch {
            throw TargetError(error, doing: "checking access", at: displayName)
        }
        if readOnly {
            throw TargetError(errno: Errno.readOnlyFileSystem.rawValue, doing: "checking access", at: displayName)
        }
        let internalDirectory = try makeDirectory(root, TargetLayout.internalDirectory, doing: "checking access")
        let probe = "probe-\(SystemCall.getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            let file = Descriptor(try SystemCall.openat(internalDirectory.raw, probe, [.writeOnly, .create, .exclusive, .noFollow],
                                                        permissions: 0o600))
            defer { try? SystemCall.unlinkat(internalDirectory.raw, probe, missingIsFine: true) }
            try SystemCall.writeAll(file.raw, [0x0A], subject: probe)
        } catch {
            throw TargetError(error, doing: "writing a probe file", at: displayName)
        }
    }

    // MARK: - Directories

    /// The root, opened for this operation.
    func openRoot() throws(TargetError) -> Descriptor {
        do {
            return Descriptor(try SystemCall.openat(SystemCall.currentDirectory, root, [.readOnly, .directory]))
        } catch {
            switch error.errno {
            case .noSuchFileOrDirectory:
                throw .notAccessible("the target directory \(displayName) does not exist. Create it (mkdir -p '\(root)') or correct the configured target.")
            case .notDirectory:
                throw .notAccessible("the target \(displayName) is not a directory. Point the configured target at a directory.")
            default:
                throw TargetError(error, doing: "opening the target directory", at: displayName)
            }
        }
    }

    /// The directory `components` below `base`, made first when `create` (each level
    /// `mkdirat`, existing ones kept); nil when absent and not created. Paths longer than
    /// PATH_MAX are opened a few levels at a time.
    func directory(_ base: borrowing Descriptor, _ components: [String], create: Bool, doing: String) throws(TargetError) -> Descriptor? {
        guard !components.isEmpty else { return Descriptor(try duplicate(base, doing: doing)) }
        var current: Descriptor? = nil
        for group in TargetLayout.groups(components) {
            let path = group.joined(separator: "/")
            let from = current?.raw ?? base.raw
            do {
                current = Descriptor(try SystemCall.openat(from, path, [.readOnly, .directory, .noFollow]))
            } catch where error.errno == .noSuchFileOrDirectory || error.errno == .notDirectory {
                guard create else { return nil }
                for component in group {
                    let from = current?.raw ?? base.raw
                    do {
                        try SystemCall.mkdirat(from, component)
                        current = Descriptor(try SystemCall.openat(from, component, [.readOnly, .directory, .noFollow]))
                    } catch {
                        throw TargetError(error, doing: doing, at: displayName)
                    }
                }
            } catch {
                throw TargetError(error, doing: doing, at: displayName)
            }
        }
        return current.take()
    }

    /// `directory(…, create: true)`, which never returns nil.
    func makeDirectory(_ base: borrowing Descriptor, _ components: [String], doing: String) throws(TargetError) -> Descriptor {
        guard let made = try directory(base, components, create: true, doing: doing) else {
            throw .io("\(doing) at \(displayName): could not create \(components.joined(separator: "/"))",
                      errno: Errno.noSuchFileOrDirectory.rawValue)
        }
        return made
    }

    private func duplicate(_ fd: borrowing Descriptor, doing: String) throws(TargetError) -> Int32 {
        do {
            return try SystemCall.openat(fd.raw, ".", [.readOnly, .directory])
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    func withPublishing<R>(_ body: () throws(TargetError) -> R) throws(TargetError) -> R {
        try publishing.withLock { _ throws(TargetError) in try body() }
    }

    private static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/") else { return path }
        guard let base = try? SystemCall.getcwd() else { return path }
        return (base == "/" ? "" : base) + "/" + path
    }
}
