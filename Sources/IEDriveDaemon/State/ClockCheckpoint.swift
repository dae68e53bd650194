import Foundation
public import IEDriveCore
import IEDriveSystem

/// Simulated time survives restarts: the last simulated instant is kept in the state directory
/// (`clock`, milliseconds since the epoch as text) and the clock never starts before it.
public struct ClockCheckpoint: Sendable {
    public let path: String

    public init(stateDirectory: String) { path = stateDirectory + "/clock" }

    public func load() -> Instant? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let value = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return Instant(millisecondsSinceEpoch: value)
    }

    /// Written to a temporary name and renamed, so a crash leaves the old or the new value.
    public func save(_ instant: Instant) throws {
        let temporary = path + ".new"
        try String(instant.millisecondsSinceEpoch).write(toFile: temporary, atomically: false, encoding: .utf8)
        do {
            try SystemCall.rename(temporary, path)
        } catch {
            throw ConfigurationError("cannot save the simulated clock to \(path): \(error.errno)")
        }
    }
}
