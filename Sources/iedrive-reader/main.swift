// iedrive-reader: unlocks and reads one drive for iedrive, in its own unprivileged process.
// Not for people: iedrive starts it with fd 3 = the drive (read-only), 4 = requests,
// 5 = replies (the protocol of IEDriveCore's ReaderRequest), stdin/stdout on /dev/null and
// stderr as its log. Everything it does is in IEDriveNTFS (ReaderSandbox, ReaderServer).
import IEDriveCore
import IEDriveNTFS
#if canImport(Glibc)
import Glibc
#endif

let explanation = """
    iedrive-reader is an internal helper of iedrive and is not meant to be run by hand. \
    iedrive starts one per drive, with file descriptor 3 open read-only on the drive, 4 the \
    request pipe and 5 the reply pipe, stdin and stdout on /dev/null and stderr as its log; \
    as root it first becomes an unprivileged user (--user NAME; default \
    \(ReaderSandbox.preferredUser) if that account exists, else \(ReaderSandbox.fallbackUser)). \
    To look at a drive, use `iedrive probe`.

    """

func say(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

func isOpen(_ fd: Int32) -> Bool {
    var info = stat()
    return fstat(fd, &info) == 0
}

signal(SIGPIPE, SIG_IGN)   // a parent that goes away ends the server, not the process
// Keep 0–2 taken, so no descriptor opened later (libdislocker's copy of the drive) lands there.
for fd: Int32 in 0...2 where !isOpen(fd) {
    _ = open("/dev/null", O_RDWR)
}

var user: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--user", let name = arguments.popFirst(), !name.isEmpty {
        user = name
    } else {
        say(explanation)
        exit(2)
    }
}
guard isOpen(3), isOpen(4), isOpen(5) else {
    say(explanation)
    exit(2)
}

do {
    _ = try ReaderSandbox.enter(user: user)
} catch {
    // No parser has run yet; tell the parent why in the protocol, then stop.
    say("iedrive-reader: \(error)\n")
    let frame = error.frame(id: 0).encoded
    _ = frame.withUnsafeBytes { write(5, $0.baseAddress, $0.count) }
    exit(1)
}

let ending = ReaderServer(deviceFD: 3, requestFD: 4, responseFD: 5).run()
if !ending.isOrderly { say("iedrive-reader: \(ending)\n") }
exit(ending.isOrderly ? 0 : 1)
