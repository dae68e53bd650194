import Foundation

/// Drive images built by scripts/make-test-drive, cached by kind and options in
/// `.build/test-drives/<script hash>/`, so every test (and every run) builds each one once.
/// Tests must treat these images as read-only evidence; build a private copy to modify one.
public enum TestDrives {
    public struct Drive: Sendable {
        public var path: String
        /// key=value lines the builder printed (recovery_key, partition_offset …).
        public var facts: [String: String]
        public var recoveryKey: String? { facts["recovery_key"] }
    }

    /// Builds (or reuses) an image of `kind` with the builder's `options`.
    public static func drive(_ kind: String, options: [String] = [], name: String? = nil) throws -> Drive {
        let script = TestEnvironment.script("make-test-drive")
        let key = ([kind] + options).joined(separator: " ")
        let fileName = name ?? sanitized(key)
        let directory = try cacheDirectory()
        let image = "\(directory)/\(fileName).img"
        let factsFile = image + ".facts"
        let lock = try FileLock(path: image + ".lock")
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: image), let text = try? String(contentsOfFile: factsFile, encoding: .utf8) {
            return Drive(path: image, facts: parseFacts(text))
        }
        let output = try CommandRunner.check([script, kind, image, "--quiet"] + options)
        try output.write(toFile: factsFile, atomically: true, encoding: .utf8)
        return Drive(path: image, facts: parseFacts(output))
    }

    /// Builds a fresh image into `path` (not cached), for tests that alter it.
    public static func build(_ kind: String, at path: String, options: [String] = []) throws -> Drive {
        let output = try CommandRunner.check([TestEnvironment.script("make-test-drive"), kind, path, "--quiet"] + options)
        return Drive(path: path, facts: parseFacts(output))
    }

    static func cacheDirectory() throws -> String {
        let script = TestEnvironment.script("make-test-drive")
        let hash = try CommandRunner.check(["sh", "-c", "cat \"$0\" \"$(dirname \"$0\")\"/lib/* 2>/dev/null | sha256sum | cut -c1-16", script])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let directory = TestEnvironment.repositoryRoot.appendingPathComponent(".build/test-drives/\(hash)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    static func parseFacts(_ text: String) -> [String: String] {
        var facts: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return facts
    }

    private static func sanitized(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" })
    }
}

/// sha256 of a file or device, for read-only proofs.
public func sha256(of path: String) throws -> String {
    let output = try CommandRunner.check(["sha256sum", path])
    return String(output.prefix(64))
}
