import IEDriveSystem
public import IEDriveCore

extension LocalDirectoryTarget {
    public func exists(_ path: BlobPath) throws(TargetError) -> Bool {
        let root = try openRoot()
        return try blobExists(path, root: root)
    }

    public func info(_ path: BlobPath) throws(TargetError) -> StoredBlobInfo? {
        let root = try openRoot()
        let doing = "reading blob \(path)"
        guard let directory = try directory(root, TargetLayout.components(of: path), create: false, doing: doing) else {
            return nil
        }
        return try storedInfo(path, in: directory, doing: doing)
    }

    public func read(_ path: BlobPath, range: Range<UInt64>) throws(TargetError) -> [UInt8] {
        let file = Descriptor(try openBlob(path))
        let doing = "reading blob \(path)"
        let size: UInt64
        do {
            size = UInt64(try SystemCall.fstat(file.raw, subject: "\(path)").size)
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        let end = min(range.upperBound, size)
        guard range.lowerBound < end else { return [] }
        let wanted = Int(min(end - range.lowerBound, UInt64(Int32.max)))
        var bytes = [UInt8](repeating: 0, count: wanted)
        var filled = 0
        while filled < wanted {
            let got: Int
            do {
                got = try bytes.withUnsafeMutableBytes { raw in
                    try SystemCall.pread(file.raw, into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]),
                                         at: range.lowerBound + UInt64(filled), subject: "\(path)")
                }
            } catch let error as SystemCallError {
                throw TargetError(error, doing: doing, at: displayName)
            } catch {
                throw .io("\(doing) at \(displayName): \(error)", errno: Errno.ioError.rawValue)
            }
            if got == 0 { break }
            filled += got
        }
        bytes.removeLast(wanted - filled)
        return bytes
    }

    /// A descriptor of a published blob's bytes (`O_RDONLY | O_CLOEXEC`, the caller closes).
    func openBlob(_ path: BlobPath) throws(TargetError) -> Int32 {
        let root = try openRoot()
        let doing = "opening blob \(path)"
        guard let directory = try directory(root, TargetLayout.components(of: path), create: false, doing: doing) else {
            throw .io("\(doing) at \(displayName): no such blob", errno: Errno.noSuchFileOrDirectory.rawValue)
        }
        do {
            return try SystemCall.openat(directory.raw, TargetLayout.dataFile, [.readOnly, .noFollow])
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    func blobExists(_ path: BlobPath, root: borrowing Descriptor) throws(TargetError) -> Bool {
        let components = TargetLayout.components(of: path)
        let doing = "looking up blob \(path)"
        guard let parent = try directory(root, Array(components.dropLast()), create: false, doing: doing) else { return false }
        do {
            guard let info = try SystemCall.fstatatIfPresent(parent.raw, components[components.count - 1]) else { return false }
            return info.kind == .directory
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
    }

    /// The blob whose directory is open as `directory`; nil when it holds no readable record.
    func storedInfo(_ path: BlobPath, in directory: borrowing Descriptor, doing: String) throws(TargetError) -> StoredBlobInfo? {
        let record: BlobRecord?
        let size: UInt64
        do {
            record = try readRecord(in: directory, doing: doing)
            guard let data = try SystemCall.fstatatIfPresent(directory.raw, TargetLayout.dataFile) else { return nil }
            size = UInt64(data.size)
        } catch {
            throw TargetError(error, doing: doing, at: displayName)
        }
        guard let record else { return nil }
        var properties = record.properties
        properties.contentLength = size
        properties.lastModified = HTTPDate.rfc1123(nanoseconds: record.publishedNanoseconds)
        properties.etag = HTTPDate.etag(nanoseconds: record.publishedNanoseconds)
        return StoredBlobInfo(path: path, type: record.type, length: size, properties: properties, metadata: record.metadata)
    }

    /// The `meta` record in `directory`; nil when absent or not a record.
    func readRecord(in directory: borrowing Descriptor, doing: String) throws(SystemCallError) -> BlobRecord? {
        let fd: Int32
        do {
            fd = try SystemCall.openat(directory.raw, TargetLayout.recordFile, [.readOnly, .noFollow])
        } catch where error.errno == .noSuchFileOrDirectory {
            return nil
        }
        let file = Descriptor(fd)
        let bytes = try SystemCall.readToEnd(file.raw, limit: BlobRecord.maxSize, subject: TargetLayout.recordFile)
        guard bytes.count <= BlobRecord.maxSize else {
            throw SystemCallError(call: "read", subject: TargetLayout.recordFile, errno: .fileTooLarge)
        }
        return BlobRecord(decoding: bytes)
    }
}
