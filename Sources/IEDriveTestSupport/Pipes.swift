public import Glibc
import IEDriveSystem

/// Close-on-exec pipes and the file action the tests' own spawning needs, through
/// IEDriveSystem (whose C half declares the _GNU_SOURCE calls Swift's Glibc module lacks).
public enum Pipes {
    /// `pipe2(O_CLOEXEC)`: both ends close-on-exec from the start, so a child spawned by
    /// another thread meanwhile cannot inherit them (a stray write end hides end of file).
    public static func make() throws -> (read: Int32, write: Int32) {
        do {
            return try SystemCall.pipe()
        } catch {
            throw TestSupportError.setup("pipe2: \(error.errno)")
        }
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+); false when it failed.
    public static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ fd: Int32) -> Bool {
        withUnsafeMutablePointer(to: &actions) { (try? SystemCall.addCloseFrom($0, lowest: fd)) != nil }
    }
}
