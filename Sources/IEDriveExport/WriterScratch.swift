import Foundation
internal import IEDriveSystem

/// The writer process's scratch directory under /tmp (mkntfs formats a sparse file of the
/// volume's size there): `/tmp/iedrive-writer-<pid>-XXXXXX`, named with the writer's pid so that
/// what a killed writer leaves can be found and removed by iedrive.
public enum WriterScratch {
    public static let parent = "/tmp"

    /// The mkdtemp prefix of the writer `pid`'s directory.
    public static func prefix(of pid: Int32) -> String { "\(parent)/iedrive-writer-\(pid)-" }

    /// Removes what the writer `pid` left, once it has been reaped.
    static func remove(of pid: Int32) {
        let name = String(prefix(of: pid).dropFirst(parent.count + 1))
        for entry in entries() where entry.hasPrefix(name) {
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    /// Removes the directories of writers that no longer run (killed with a daemon that was
    /// killed itself, so no one reaped them).
    public static func removeOrphaned() {
        for entry in entries() where entry.hasPrefix("iedrive-writer-") {
            let fields = entry.split(separator: "-")
            guard fields.count == 4, let pid = Int32(fields[2]), !isRunning(pid) else { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + entry)
        }
    }

    private static func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
    }

    /// Whether `pid` runs: it has a /proc entry and is not a zombie (an orphan waits to be
    /// reaped by whatever runs as pid 1, which may take its time).
    private static func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}
