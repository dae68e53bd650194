import Foundation
import IEDriveTestSupport
import Testing

/// The built `iedrive` binary, run for real.
enum CLI {
    static func iedrive(_ arguments: [String], stdin: String? = nil) throws -> CommandResult {
        try CommandRunner.run([TestEnvironment.iedriveBinary] + arguments, stdin: stdin)
    }

    /// Runs and measures the wall time.
    static func timed(_ arguments: [String], stdin: String? = nil) throws -> (result: CommandResult, seconds: Double) {
        let start = ContinuousClock.now
        let result = try iedrive(arguments, stdin: stdin)
        let elapsed = ContinuousClock.now - start
        return (result, elapsed.inSeconds)
    }

    /// Starts `iedrive` without waiting (to watch or signal it and its reader).
    static func start(_ arguments: [String]) throws -> BackgroundCommand {
        try BackgroundCommand([TestEnvironment.iedriveBinary] + arguments)
    }
}

/// `--json` output as Foundation objects.
func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any], "not a JSON object:\n\(text)", sourceLocation: sourceLocation)
}

/// What a failed `verify` must show: exit 4, `iedrive verify: <label>: <reason>` on stderr, and
/// with --json the failure object (`state`, `token`, `reason`). Returns the reason.
@discardableResult
func expectDriveFailure(_ result: CommandResult, label: String, token: String, json: Bool = true,
                        command: String = "verify",
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    #expect(result.status == 4, "\(result)", sourceLocation: sourceLocation)
    let prefix = "iedrive \(command): \(label): "
    let line = result.stderr.split(separator: "\n").first { $0.hasPrefix(prefix) }
    let stderrReason = try #require(line.map { String($0.dropFirst(prefix.count)) },
                                    "stderr lacks '\(prefix)…':\n\(result)", sourceLocation: sourceLocation)
    guard json else { return stderrReason }
    let object = try jsonObject(result.stdout, sourceLocation: sourceLocation)
    #expect(object["ok"] as? Bool == false, sourceLocation: sourceLocation)
    let failure = try #require(object["failure"] as? [String: Any], "no failure object:\n\(result.stdout)",
                               sourceLocation: sourceLocation)
    #expect(failure["state"] as? String == label, sourceLocation: sourceLocation)
    #expect(failure["token"] as? String == token, sourceLocation: sourceLocation)
    #expect(failure["reason"] as? String == stderrReason, sourceLocation: sourceLocation)
    return stderrReason
}

/// Runs `body`, then expects every image to hash as before: the proof nothing wrote to them.
func expectUnchanged<R>(_ images: [String], sourceLocation: SourceLocation = #_sourceLocation,
                        _ body: () throws -> R) throws -> R {
    let before = try images.map(sha256(of:))
    defer {
        for (image, hash) in zip(images, before) {
            #expect((try? sha256(of: image)) == hash, "\(image) was modified", sourceLocation: sourceLocation)
        }
    }
    return try body()
}

/// Writes `text` to a fresh file (e.g. a recovery key file) and returns its path.
func writeFile(_ text: String, in directory: TemporaryDirectory, named name: String) throws -> String {
    let path = directory.file(name)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

/// Every file under `directory`, read as text (drive logs, to look for what must not be there).
func allText(in directory: String) -> String {
    let names = (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []
    return names.compactMap { try? String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
}
