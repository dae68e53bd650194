// iedrive-reader: unlocks and reads one drive for iedrive, in its own unprivileged process.
// Not for people: iedrive starts it with fd 3 = the drive (read-only), 4 = requests,
// 5 = replies (the protocol of IEDriveCore's ReaderRequest), stdin/stdout on /dev/null and
// stderr as its log. Everything it does is in IEDriveNTFS (ReaderSandbox, ReaderServer).
import IEDriveCore
import IEDriveNTFS
import IEDriveSystem

let explanation = """
    iedrive-reader is an internal helper of iedrive and is not meant to be run by hand. \
    iedrive starts one per drive, with file descriptor 3 open read-only on the drive, 4 the \
    request pipe and 5 the reply pipe, stdin and stdout on /dev/null and stderr as its log; \
    as root it first becomes an unprivileged user (--user NAME; default \
    \(ReaderSandbox.preferredUser) if that account exists, else \(ReaderSandbox.fallbackUser)). \
    To look at a drive, use `iedrive probe`.

    """

func say(_ text: String) {
    try? SystemCall.writeAll(SystemCall.standardError, Array(text.utf8), subject: "stderr")
}

func isOpen(_ fd: Int32) -> Bool {
    (try? SystemCall.fstat(fd, subject: "descriptor \(fd)")) != nil
}

try? SystemCall.ignore(.brokenPipe)   // a parent that goes away ends the server, not the process
// Keep 0–2 taken, so no descriptor opened later (libdislocker's copy of the drive) lands there.
// (Close-on-exec, like every open through SystemCall: the reader executes nothing.)
for fd: Int32 in 0...2 where !isOpen(fd) {
    _ = try? SystemCall.open("/dev/null", .readWrite)
}

var user: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--user", let name = arguments.popFirst(), !name.isEmpty {
        user = name
    } else {
        say(explanation)
        SystemCall.exit(2)
    }
}
guard isOpen(3), isOpen(4), isOpen(5) else {
    say(explanation)
    SystemCall.exit(2)
}

do {
    _ = try ReaderSandbox.enter(user: user)
} catch {
    // No parser has run yet; tell the parent why in the protocol, then stop.
    say("iedrive-reader: \(error)\n")
    try? SystemCall.writeAll(5, error.frame(id: 0).encoded, subject: "the reply pipe")
    SystemCall.exit(1)
}

let ending = ReaderServer(deviceFD: 3, requestFD: 4, responseFD: 5).run()
if !ending.isOrderly { say("iedrive-reader: \(ending)\n") }
SystemCall.exit(ending.isOrderly ? 0 : 1)
