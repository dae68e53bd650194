// iedrive-writer: writes one export drive for iedrive, in its own unprivileged process.
// Not for people: iedrive starts it with fd 3 = the drive (read-write), 4 = requests, 5 =
// replies (IEDriveExport's WriterWire), stdin/stdout on /dev/null and stderr as its log.
// As root it first becomes an unprivileged user (--user NAME; default iedrive-reader if that
// account exists, else nobody); it opens no device itself, and runs only mkntfs (on a scratch
// file of its own under /tmp).
import IEDriveCore
import IEDriveDriveWriter
import IEDriveExport
import IEDriveSystem

func say(_ text: String) {
    try? SystemCall.writeAll(SystemCall.standardError, Array(text.utf8), subject: "stderr")
}

func isOpen(_ fd: Int32) -> Bool { (try? SystemCall.fstat(fd, subject: "descriptor \(fd)")) != nil }

let explanation = """
    iedrive-writer is an internal helper of iedrive and is not meant to be run by hand. iedrive \
    starts one per export drive with file descriptor 3 open read-write on the drive, 4 the request \
    pipe and 5 the reply pipe. To write a drive, use `iedrive export`.

    """

try? SystemCall.ignore(.brokenPipe)
for fd: Int32 in 0...2 where !isOpen(fd) { _ = try? SystemCall.open("/dev/null", .readWrite) }

// `iedrive bitlocker-encrypt` runs its work here, where the BitLocker writer lives:
//   iedrive-writer data-size BYTES
//   iedrive-writer encrypt-image CIPHER   (fd 3 plaintext image, read-only; fd 4 output, read-write;
//                                          the new recovery password on stdout)
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "data-size", let bytes = UInt64(CommandLine.arguments[2]) {
    do {
        print(try ImageEncrypter.dataSize(volumeSize: bytes))
        SystemCall.exit(0)
    } catch {
        say("iedrive-writer: \(error)\n")
        SystemCall.exit(2)
    }
}
if CommandLine.arguments.count == 3, CommandLine.arguments[1] == "encrypt-image",
   let cipher = BitLockerCipher(name: CommandLine.arguments[2]) {
    do {
        try WriterSandbox.enter(user: nil)
        let size = try SystemCall.seekToEnd(3, subject: "the plaintext")
        let password = RecoveryPassword.random()
        try ImageEncrypter.run(plainFD: 3, plainSize: size, outputFD: 4, cipher: cipher, password: password)
        try SystemCall.writeAll(SystemCall.standardOutput, Array((password.revealedForUnlock + "\n").utf8), subject: "stdout")
        try SystemCall.fsync(SystemCall.standardOutput, subject: "stdout")
        SystemCall.exit(0)
    } catch {
        say("iedrive-writer: \(error)\n")
        SystemCall.exit(1)
    }
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
    try WriterSandbox.enter(user: user)
} catch {
    say("iedrive-writer: \(error)\n")
    SystemCall.exit(1)
}
let scratch: String
do {
    // Named with this pid: when this process is killed, iedrive removes what it left.
    scratch = try SystemCall.makeTemporaryDirectory(prefix: WriterScratch.prefix(of: SystemCall.getpid()))
} catch {
    say("iedrive-writer: no scratch directory under /tmp: \(error)\n")
    SystemCall.exit(1)
}
let finished = WriterServer(deviceFD: 3, requestFD: 4, responseFD: 5, scratchDirectory: scratch).run()
try? SystemCall.unlinkat(SystemCall.currentDirectory, scratch, removingDirectory: true)
SystemCall.exit(finished ? 0 : 1)
