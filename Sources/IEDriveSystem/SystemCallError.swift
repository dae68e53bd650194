/// A failed system call: which one (its C name), on what, and the errno it failed with.
///
/// ```swift
/// do {
///     try SystemCall.syncfs(root, subject: path)
/// } catch where error.errno == .noSpace {
///     …
/// }
/// ```
public struct SystemCallError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The C function as C spells it (`openat`, `renameat2`, `fcntl(F_SETPIPE_SZ)`), so a
    /// message can be traced to its call site with grep.
    public var call: String
    /// What the call was made on: a path, `from → to`, or the role of a descriptor
    /// ("the reply pipe").
    public var subject: String
    public var errno: Errno

    public init(call: String, subject: String, errno: Errno) {
        self.call = call
        self.subject = subject
        self.errno = errno
    }

    /// `openat /srv/target: No such file or directory`.
    public var description: String {
        subject.isEmpty ? "\(call): \(errno)" : "\(call) \(subject): \(errno)"
    }
}
