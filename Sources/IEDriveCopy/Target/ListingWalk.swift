import IEDriveSystem

/// The sorted walk behind `LocalDirectoryTarget.list`, over the entries `BlobNameEscaping`
/// writes. Names compare by UTF-8 bytes.
///
/// Each directory entry stands for a set of names sharing a key: a blob for exactly its name,
/// a folder for names starting `key/`, a long-segment piece for names starting with `key` and
/// longer. Those sets can interleave (a piece's names and a folder's may alternate around `/`),
/// so a level is not a concatenation of its children: each child gives its first `limit`
/// names, sorted, and the level merges them, keeping `limit`. Children are visited in key
/// order and the visit stops once a child's key is past the `limit`-th name kept, so a page
/// costs reading the directories that lead to its names, not the whole container.
struct ListingWalk {
    struct Found {
        var name: String
        /// From the container directory to the blob's own directory.
        var components: [String]
        var bytes: [UInt8]
    }

    let prefix: [UInt8]
    let startAfter: [UInt8]?
    let limit: Int

    init(prefix: [UInt8], startAfter: [UInt8]?, limit: Int) {
        self.prefix = prefix
        self.startAfter = startAfter
        self.limit = limit
    }

    mutating func collect(in container: Int32) throws(SystemCallError) -> [Found] {
        try collect(container, components: [], done: [], pending: [])
    }

    private struct Child {
        var entry: String
        var kind: BlobNameEscaping.Entry
        /// The smallest name the child can hold (a blob: its name).
        var key: [UInt8]
    }

    /// `done`: the name bytes of the complete segments above, each with its `/`; `pending`:
    /// pieces of a segment still being continued.
    private func collect(_ container: Int32, components: [String], done: [UInt8], pending: [UInt8]) throws(SystemCallError) -> [Found] {
        let names = try Self.entries(container, TargetLayout.groups(components))
        var children: [Child] = []
        for raw in names {
            guard let kind = BlobNameEscaping.entry(raw) else { continue }
            let key: [UInt8]
            switch kind {
            case .blob(let piece): key = done + pending + piece
            case .folder(let piece):
                if piece.isEmpty, !pending.isEmpty { continue }
                key = done + pending + piece + [0x2F]
            case .continuation(let piece): key = done + pending + piece
            }
            let child = Child(entry: String(decoding: raw, as: UTF8.self), kind: kind, key: key)
            if wanted(child) { children.append(child) }
        }
        children.sort { $0.key.lexicographicallyPrecedes($1.key) }

        var kept: [Found] = []
        for child in children {
            if kept.count >= limit, let last = kept.last, !child.key.lexicographicallyPrecedes(last.bytes) { break }
            let below = components + [child.entry]
            let found: [Found]
            switch child.kind {
            case .blob:
                guard let name = String(validating: child.key, as: UTF8.self),
                      BlobNameEscaping.components(of: name) == below
                else { continue }
                found = [Found(name: name, components: below, bytes: child.key)]
            case .folder:
                found = try collect(container, components: below, done: child.key, pending: [])
            case .continuation(let piece):
                found = try collect(container, components: below, done: done, pending: pending + piece)
            }
            kept = merged(kept, found)
        }
        return kept
    }

    /// The entry names of the directory reached from `container` through `groups` (each a
    /// relative path short enough for one `openat`), symbolic links not followed.
    private static func entries(_ container: Int32, _ groups: [[String]]) throws(SystemCallError) -> [[UInt8]] {
        guard let last = groups.last else { return try SystemCall.directoryEntries(container, ".") }
        var current: Descriptor? = nil
        for group in groups.dropLast() {
            let path = group.joined(separator: "/")
            current = Descriptor(try SystemCall.openat(current?.raw ?? container, path, [.readOnly, .directory, .noFollow]))
        }
        return try SystemCall.directoryEntries(current?.raw ?? container, last.joined(separator: "/"), followingSymbolicLinks: false)
    }

    /// Whether a child can hold a name with the prefix that comes after `startAfter`.
    private func wanted(_ child: Child) -> Bool {
        let key = child.key
        if case .blob = child.kind {
            guard key.starts(with: prefix) else { return false }
            if let startAfter { return startAfter.lexicographicallyPrecedes(key) }
            return true
        }
        guard key.starts(with: prefix) || prefix.starts(with: key) else { return false }
        if let startAfter, key.lexicographicallyPrecedes(startAfter), !startAfter.starts(with: key) { return false }
        return true
    }

    private func merged(_ left: [Found], _ right: [Found]) -> [Found] {
        if right.isEmpty { return left }
        if let last = left.last, let first = right.first, last.bytes.lexicographicallyPrecedes(first.bytes) {
            return Array((left + right).prefix(limit))
        }
        var out: [Found] = []
        out.reserveCapacity(min(limit, left.count + right.count))
        var i = 0
        var j = 0
        while out.count < limit, i < left.count || j < right.count {
            if j == right.count || (i < left.count && left[i].bytes.lexicographicallyPrecedes(right[j].bytes)) {
                out.append(left[i])
                i += 1
            } else {
                out.append(right[j])
                j += 1
            }
        }
        return out
    }
}
