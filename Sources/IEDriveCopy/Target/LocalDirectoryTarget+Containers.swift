import IEDriveSystem
public import IEDriveCore

/// Containers, deletes and description changes: what a storage account's Blob endpoint does
/// besides reading and publishing. A removed blob or container is first renamed into
/// `.iedrive/trash` (one step: it is gone from listings at once) and then deleted there; a crash
/// in between leaves only trash, which the next removal clears.
extension LocalDirectoryTarget {
    static let trashDirectory = [".iedrive", "trash"]

    /// The containers, by name (byte order, as Azure lists them).
    public func containers() throws(TargetError) -> [String] {
        let root = try openRoot()
        let doing = "listing containers"
        do throws(SystemCallError) {
            var names: [String] = []
            for bytes in try SystemCall.directoryEntries(root.raw, ".") {
                let name = String(decoding: bytes, as: UTF8.self)
                guard ContainerName.problem(name) == nil, try SystemCall.fstatatIfPresent(root.raw, name)?.kind == .directory else {
                    continue
                }
                names.append(name)
            }
            return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    public func containerExists(_ name: String) throws(TargetError) -> Bool {
        let root = try openRoot()
        do {
            return try SystemCall.fstatatIfPresent(root.raw, name)?.kind == .directory
        } catch {
            throw TargetError(error, doing: "looking up container \(name)", at: displayName)
        }
    }

    /// Creates container `name`; false when it already existed.
    public func createContainer(_ name: String) throws(TargetError) -> Bool {
        let root = try openRoot()
        do {
            try SystemCall.mkdirat(root.raw, name, existingIsFine: false)
            return true
        } catch where error.errno == .fileExists {
            return false
        } catch {
            throw TargetError(error, doing: "creating container \(name)", at: displayName)
        }
    }

    /// Removes container `name` with every blob in it; false when there was none.
    public func deleteContainer(_ name: String) throws(TargetError) -> Bool {
        try withPublishing { () throws(TargetError) -> Bool in
            let root = try openRoot()
            return try discard(name, from: root, doing: "deleting container \(name)")
        }
    }

    /// Removes the published blob at `path`; false when there was none.
    public func delete(_ path: BlobPath) throws(TargetError) -> Bool {
        try withPublishing { () throws(TargetError) -> Bool in
            let root = try openRoot()
            let components = TargetLayout.components(of: path)
            let doing = "deleting blob \(path)"
            guard let parent = try directory(root, Array(components.dropLast()), create: false, doing: doing) else { return false }
            return try discard(components[components.count - 1], from: parent, doing: doing)
        }
    }

    /// Replaces the properties and metadata of the published blob at `path`, keeping its bytes
    /// and type; its Last-Modified and ETag change, as Azure's do. False when there is no such blob. The new description is
    /// written beside the old one and renamed over it.
    public func updateDescription(_ path: BlobPath, properties: BlobProperties, metadata: BlobMetadata) throws(TargetError) -> Bool {
        try withPublishing { () throws(TargetError) -> Bool in
            let root = try openRoot()
            let doing = "changing the properties of blob \(path)"
            guard let blob = try directory(root, TargetLayout.components(of: path), create: false, doing: doing) else { return false }
            do throws(SystemCallError) {
                guard var record = try readRecord(in: blob, doing: doing) else { return false }
                record.properties = properties
                record.metadata = metadata
                record.publishedNanoseconds = max(SystemClock.realtimeNanoseconds(), record.publishedNanoseconds + 1)
                let temporary = TargetLayout.recordFile + ".new"
                let file = Descriptor(try SystemCall.openat(blob.raw, temporary, [.writeOnly, .create, .truncate, .noFollow],
                                                            permissions: 0o644))
                try SystemCall.writeAll(file.raw, record.encoded, subject: temporary)
                try SystemCall.fsync(file.raw, subject: temporary)
                try SystemCall.renameat2(blob.raw, temporary, blob.raw, TargetLayout.recordFile)
                try SystemCall.fsync(blob.raw, subject: "\(path)")
                return true
            } catch {
                throw TargetError(error, doing: doing, at: displayName)
            }
        }
    }

    /// Moves `entry` of `parent` into the trash and deletes it there.
    private func discard(_ entry: String, from parent: borrowing Descriptor, doing: String) throws(TargetError) -> Bool {
        let base = try openRoot()
        let trash = try makeDirectory(base, Self.trashDirectory, doing: doing)
        let parked = "\(SystemCall.getpid())-\(UInt64.random(in: 0...UInt64.max))"
        do {
            guard try SystemCall.fstatatIfPresent(parent.raw, entry)?.kind == .directory else { return false }
            try SystemCall.renameat2(parent.raw, entry, trash.raw, parked)
            try SystemCall.fsync(parent.raw, subject: entry)
            try Self.removeTree(parked, in: trash.raw)
            return true
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    /// Deletes `name` in `directory` and everything below it (no symbolic link is followed).
    static func removeTree(_ name: String, in directory: Int32) throws(SystemCallError) {
        guard let status = try SystemCall.fstatatIfPresent(directory, name) else { return }
        guard status.kind == .directory else {
            try SystemCall.unlinkat(directory, name, missingIsFine: true)
            return
        }
        let child = Descriptor(try SystemCall.openat(directory, name, [.readOnly, .directory, .noFollow]))
        for entry in try SystemCall.directoryEntries(child.raw, ".", followingSymbolicLinks: false) {
            try removeTree(String(decoding: entry, as: UTF8.self), in: child.raw)
        }
        try SystemCall.unlinkat(directory, name, removingDirectory: true, missingIsFine: true)
    }
}
