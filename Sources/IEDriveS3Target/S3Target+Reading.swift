public import IEDriveCore
import IEDriveS3
import NIOCore

/// Reading published blobs and containers. A container is its blobs' common prefix, and an
/// empty container is remembered by a marker object `PREFIX/.iedrive/containers/NAME`.
extension S3Target {
    public func exists(_ path: BlobPath) throws(TargetError) -> Bool {
        do {
            return try client.headObject(layout.key(for: path)) != nil
        } catch {
            throw error.targetError
        }
    }

    public func info(_ path: BlobPath) throws(TargetError) -> StoredBlobInfo? {
        try head(path)?.storedInfo
    }

    public func read(_ path: BlobPath, range: Range<UInt64>) throws(TargetError) -> [UInt8] {
        guard !range.isEmpty else { return [] }
        let key = layout.key(for: path)
        // One GET: the store clips a range past the end, and refuses (416) one that starts there.
        let bytes: [UInt8]?
        let wanted = Int(min(range.upperBound - range.lowerBound, UInt64(Int32.max)))
        do throws(S3Error) {
            bytes = try client.getObject(key, range: range, limit: wanted + 1)
        } catch where error.status == 416 {
            guard try exists(path) else { throw .io("reading blob \(path) at \(displayName): no such blob", errno: 2) }
            return []
        } catch {
            throw error.targetError
        }
        guard let bytes else { throw .io("reading blob \(path) at \(displayName): no such blob", errno: 2) }
        return bytes
    }

    /// Blobs of `container` under `prefix` in byte order of their names: a page of the keys
    /// with a HEAD each (type, properties and metadata live with the object), merged with the
    /// container's long names.
    public func list(container: String, prefix: String, startAfter: String?, limit: Int) throws(TargetError) -> [StoredBlobInfo] {
        let base = layout.containerPrefix(container)
        do {
            var found: [StoredBlobInfo] = []
            var token: String?
            repeat {
                let page = try client.listObjects(prefix: base + prefix, startAfter: startAfter.map { base + $0 }, continuationToken: token,
                                                  maxKeys: min(1_000, max(1, limit - found.count)))
                for object in page.objects {
                    guard let path = layout.path(forKey: object.key), let info = try client.headObject(object.key),
                          let description = S3BlobDescription(key: object.key, info: info, layout: layout) else { continue }
                    if path.container == container { found.append(description.storedInfo) }
                }
                token = page.continuationToken
            } while token != nil && found.count < limit
            var long: [StoredBlobInfo] = []
            var longToken: String?
            repeat {
                let page = try client.listObjects(prefix: layout.longPrefix(container), continuationToken: longToken)
                for object in page.objects {
                    guard let info = try client.headObject(object.key),
                          let description = S3BlobDescription(key: object.key, info: info, layout: layout),
                          description.path.name.hasPrefix(prefix),
                          startAfter.map({ Self.precedes($0, description.path.name) }) ?? true else { continue }
                    long.append(description.storedInfo)
                }
                longToken = page.continuationToken
            } while longToken != nil
            let merged = (found + long).sorted { Self.precedes($0.path.name, $1.path.name) }
            return Array(merged.prefix(limit))
        } catch {
            throw error.targetError
        }
    }

    /// Byte order of UTF-8, as S3 and Azure list.
    static func precedes(_ a: String, _ b: String) -> Bool {
        Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
    }

    // MARK: Containers

    private var markerPrefix: String { layout.prefix + ".iedrive/containers/" }

    public func containers() throws(TargetError) -> [String] {
        do {
            var names: Set<String> = []
            var token: String?
            repeat {
                let page = try client.listObjects(prefix: layout.prefix, delimiter: "/", continuationToken: token)
                for common in page.commonPrefixes {
                    let name = String(common.dropFirst(layout.prefix.count).dropLast())
                    if name != ".iedrive", !name.isEmpty { names.insert(name) }
                }
                token = page.continuationToken
            } while token != nil
            token = nil
            repeat {
                let page = try client.listObjects(prefix: markerPrefix, continuationToken: token)
                names.formUnion(page.objects.map { String($0.key.dropFirst(markerPrefix.count)) })
                token = page.continuationToken
            } while token != nil
            return names.sorted(by: Self.precedes)
        } catch {
            throw error.targetError
        }
    }

    public func containerExists(_ name: String) throws(TargetError) -> Bool {
        do {
            if try client.headObject(markerPrefix + name) != nil { return true }
            if try !client.listObjects(prefix: layout.containerPrefix(name), maxKeys: 1).objects.isEmpty { return true }
            return try !client.listObjects(prefix: layout.longPrefix(name), maxKeys: 1).objects.isEmpty
        } catch {
            throw error.targetError
        }
    }

    public func createContainer(_ name: String) throws(TargetError) -> Bool {
        guard try !containerExists(name) else { return false }
        do {
            try client.putObject(markerPrefix + name, body: ByteBuffer(), md5Base64: Self.emptyMD5)
        } catch {
            throw error.targetError
        }
        return true
    }

    public func deleteContainer(_ name: String) throws(TargetError) -> Bool {
        guard try containerExists(name) else { return false }
        do {
            for prefix in [layout.containerPrefix(name), layout.longPrefix(name)] {
                var token: String?
                repeat {
                    let page = try client.listObjects(prefix: prefix, continuationToken: token)
                    for object in page.objects { try client.deleteObject(object.key) }
                    token = page.continuationToken
                } while token != nil
            }
            try client.deleteObject(markerPrefix + name)
        } catch {
            throw error.targetError
        }
        return true
    }

    public func delete(_ path: BlobPath) throws(TargetError) -> Bool {
        guard try exists(path) else { return false }
        do {
            try client.deleteObject(layout.key(for: path))
        } catch {
            throw error.targetError
        }
        return true
    }

    /// Rewrites the object's description in place (a copy onto itself inside the store).
    public func updateDescription(_ path: BlobPath, properties: BlobProperties, metadata: BlobMetadata) throws(TargetError) -> Bool {
        guard var description = try head(path) else { return false }
        description.properties = properties
        description.metadata = metadata
        let key = layout.key(for: path)
        do {
            try client.copyObject(from: key, to: key, headers: description.headers(layout: layout))
        } catch {
            throw error.targetError
        }
        return true
    }
}
