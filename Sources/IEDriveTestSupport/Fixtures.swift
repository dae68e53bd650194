import Foundation
import IEDriveSystem

/// The Windows-made BitLocker volumes of ../shared/fixtures/bitlk-images.tar.xz, unpacked once
/// into a cache, with their recovery keys from images.conf.
public enum Fixtures {
    /// The directory holding bitlk-images.tar.xz: $IEDRIVE_FIXTURES, else ../shared/fixtures
    /// beside the repository.
    public static var directory: String {
        if let override = ProcessInfo.processInfo.environment["IEDRIVE_FIXTURES"], !override.isEmpty {
            return override
        }
        return TestEnvironment.repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/fixtures").standardizedFileURL.path
    }

    public static var archive: String { directory + "/bitlk-images.tar.xz" }

    public static var available: Bool { FileManager.default.fileExists(atPath: archive) }

    public static var skipReason: String {
        "BitLocker fixtures not found at \(archive); set IEDRIVE_FIXTURES to the folder holding bitlk-images.tar.xz"
    }

    /// The unpacked images folder (unpacking on first use, shared with scripts/make-test-drive).
    public static func imagesDirectory() throws -> String {
        let cache = (ProcessInfo.processInfo.environment["XDG_CACHE_HOME"] ?? "/tmp") + "/iedrive-fixtures"
        let images = cache + "/bitlk-images"
        let lock = try FileLock(path: cache + ".lock")
        defer { lock.release() }
        if !FileManager.default.fileExists(atPath: images + "/images.conf") {
            try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
            try CommandRunner.check(["tar", "-xJf", archive, "-C", cache])
        }
        return images
    }

    /// One fixture image and its recovery password (RP=) from images.conf.
    public struct Image: Sendable {
        public var name: String
        public var path: String
        public var recoveryKey: String?
        public var isToGo: Bool { name.contains("togo") }
    }

    public static func images() throws -> [Image] {
        let folder = try imagesDirectory()
        let conf = try String(contentsOfFile: folder + "/images.conf", encoding: .utf8)
        var result: [Image] = []
        var current: Image?
        for line in conf.split(separator: "\n") {
            if line.hasPrefix("["), line.hasSuffix("]") {
                if let current { result.append(current) }
                let name = String(line.dropFirst().dropLast())
                current = Image(name: name, path: "\(folder)/\(name).img", recoveryKey: nil)
            } else if line.hasPrefix("RP=") {
                let key = String(line.dropFirst(3))
                current?.recoveryKey = key.isEmpty ? nil : key
            }
        }
        if let current { result.append(current) }
        return result.filter { FileManager.default.fileExists(atPath: $0.path) }
    }
}

/// An exclusive `flock` on a file, so parallel tests (and processes) build a shared thing once.
public final class FileLock: @unchecked Sendable {
    private let fd: Int32

    public init(path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        guard let fd = try? SystemCall.open(path, [.readWrite, .create], permissions: 0o644) else {
            throw TestSupportError.setup("cannot open lock file \(path)")
        }
        self.fd = fd
        try? SystemCall.lockExclusively(fd, subject: path)
    }

    public func release() {
        try? SystemCall.unlock(fd, subject: "a lock file")
        SystemCall.close(fd)
    }
}
