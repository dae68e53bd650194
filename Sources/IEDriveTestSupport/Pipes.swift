import Foundation
public import Glibc

/// Close-on-exec pipes and the other GNU-only calls the spawning helpers need, which the
/// Glibc module does not import (they sit behind _GNU_SOURCE); looked up with dlsym.
public enum Pipes {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// `pipe2(O_CLOEXEC)`: both ends close-on-exec from the start, so a child spawned by
    /// another thread meanwhile cannot inherit them (a stray write end hides end of file).
    public static func make() throws -> (read: Int32, write: Int32) {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else {
            throw TestSupportError.setup("pipe2 not found")
        }
        let pipe2 = unsafeBitCast(symbol, to: Pipe2.self)
        var fds: [Int32] = [-1, -1]
        guard pipe2(&fds, O_CLOEXEC) == 0 else { throw TestSupportError.setup("pipe2: \(String(cString: strerror(errno)))") }
        return (fds[0], fds[1])
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+); false when missing.
    public static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ fd: Int32) -> Bool {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return false
        }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, fd) == 0
    }
}
