import IEDriveSystem

/// The mounts of this process's mount namespace, from `/proc/self/mountinfo`, keyed by the
/// `major:minor` of the mounted device. Used to tell that a drive is in use by the host.
public struct MountTable: Sendable, Equatable {
    public struct Mount: Sendable, Equatable {
        public var devnum: String
        public var mountpoint: String
        public var source: String
    }

    public var mounts: [Mount]

    public init(mounts: [Mount]) { self.mounts = mounts }

    /// Reads `/proc/self/mountinfo`; an unreadable file gives an empty table.
    public static func current() -> MountTable {
        guard let text = readSmallFile("/proc/self/mountinfo") else { return MountTable(mounts: []) }
        return parse(mountinfo: text)
    }

    /// Parses mountinfo lines: `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw`.
    /// Mount points are octal-escaped by the kernel (`\040` for a space).
    public static func parse(mountinfo text: String) -> MountTable {
        var mounts: [Mount] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, let dash = fields.firstIndex(of: "-"), dash + 2 < fields.count else { continue }
            mounts.append(Mount(devnum: String(fields[2]),
                                mountpoint: unescapeOctal(fields[4]),
                                source: unescapeOctal(fields[dash + 2])))
        }
        return MountTable(mounts: mounts)
    }

    public func mountpoints(ofDevnums devnums: Set<String>) -> [String] {
        mounts.filter { devnums.contains($0.devnum) }.map(\.mountpoint)
    }

    static func unescapeOctal(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "\\"), utf8.count >= 4,
               let value = UInt8(String(decoding: utf8.dropFirst().prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(4)
            } else {
                bytes.append(byte)
                utf8 = utf8.dropFirst()
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Reads a small (procfs/sysfs) file whole, up to `limit` bytes; nil when it cannot be opened.
/// A read error ends it early, with what was read.
func readSmallFile(_ path: String, limit: Int = 4 << 20) -> String? {
    guard let fd = try? SystemCall.open(path, .readOnly) else { return nil }
    defer { SystemCall.close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while bytes.count < limit {
        let count = chunk.withUnsafeMutableBytes { (try? SystemCall.read(fd, into: $0, subject: path)) ?? 0 }
        if count == 0 { break }
        bytes.append(contentsOf: chunk[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// The names in a directory, without `.` and `..`; empty when it cannot be read.
func directoryEntryNames(_ path: String) -> [String] {
    let names = (try? SystemCall.directoryEntries(SystemCall.currentDirectory, path)) ?? []
    return names.map { String(decoding: $0, as: UTF8.self) }
}
