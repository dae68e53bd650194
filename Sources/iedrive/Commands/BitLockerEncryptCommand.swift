import ArgumentParser
import IEDriveBitLocker
import IEDriveCore
import IEDriveDriveWriter
import IEDriveSystem

/// `iedrive bitlocker-encrypt PLAIN OUTPUT`: a plaintext volume image made into a BitLocker
/// volume by iedrive's writer (test drives and benchmarks of any size, with a fresh key).
struct BitLockerEncryptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bitlocker-encrypt",
        abstract: "Make a BitLocker volume (iedrive's writer, fresh recovery password) holding a plaintext volume image.",
        discussion: """
            For test drives and benchmarks (scripts/make-test-drive bitlocker). OUTPUT (an \
            existing file or device, its whole size) becomes a BitLocker volume whose decrypted \
            view starts with PLAIN's bytes: PLAIN's data extents are encrypted (XTS-AES, the \
            sector as tweak) and its holes are left unwritten, as BitLocker's used-space-only \
            encryption leaves free space. The file system in PLAIN must fit the volume's data \
            area, which is OUTPUT's size less 1 MiB (BitLocker's header copy and metadata sit \
            after it), rounded down to 64 KiB; --print-data-size tells it for a size.
            """
    )

    @Argument(help: ArgumentHelp("The plaintext volume image (e.g. an NTFS made with mkntfs).", valueName: "plain"))
    var plain: String?

    @Argument(help: ArgumentHelp("The file or device to make the BitLocker volume on (overwritten).", valueName: "output"))
    var output: String?

    @Option(help: ArgumentHelp("xts-aes-128 or xts-aes-256 (default).", valueName: "cipher"))
    var cipher: String = BitLockerCipher.xtsAES256.rawValue

    @Option(help: ArgumentHelp("Write the new recovery password here (created 0600; must not exist).", valueName: "file"))
    var recoveryPasswordFile: String?

    @Option(help: ArgumentHelp("Only print the data area's size for a volume of this many bytes, and exit.",
                               valueName: "bytes"))
    var printDataSize: UInt64?

    func validate() throws {
        guard BitLockerCipher(name: cipher) != nil else { throw ValidationError("--cipher must be xts-aes-128 or xts-aes-256.") }
        if printDataSize == nil {
            guard plain != nil, output != nil else { throw ValidationError("Give PLAIN and OUTPUT.") }
            guard recoveryPasswordFile != nil else { throw ValidationError("--recovery-password-file is required.") }
        }
    }

    func run() throws {
        if let printDataSize {
            do {
                Console.out(String(try BitLockerLayout(volumeSize: printDataSize).dataSize))
            } catch {
                throw CommandFailure("\(error)", status: ExitStatus.usage, state: .usage)
            }
            return
        }
        guard let plain, let output, let recoveryPasswordFile else { return }
        do {
            let source = try SystemCall.open(plain, .readOnly)
            defer { SystemCall.close(source) }
            let plainSize = try SystemCall.seekToEnd(source, subject: plain)
            let target = try SystemCall.open(output, .readWrite)
            defer { SystemCall.close(target) }
            let size = try SystemCall.seekToEnd(target, subject: output)
            let layout = try BitLockerLayout(volumeSize: size)
            guard plainSize <= layout.dataSize else {
                throw CommandFailure("\(plain) has \(plainSize) bytes; a BitLocker volume of \(size) bytes holds \(layout.dataSize)")
            }
            let password = try BitLockerFormatter.newRecoveryPassword()
            let keyFD = try SystemCall.open(recoveryPasswordFile, [.writeOnly, .create, .exclusive], permissions: 0o600)
            try SystemCall.writeAll(keyFD, Array((password.revealedForUnlock + "\n").utf8), subject: recoveryPasswordFile)
            SystemCall.close(keyFD)
            let created = try BitLockerFormatter.create(fd: target, volumeSize: size, cipher: BitLockerCipher(name: cipher)!,
                                                        recoveryPassword: password, description: "iedrive test drive")
            let volume = try PlaintextVolume(fd: target, dataSize: created.layout.dataSize, key: created.revealedFVEK,
                                             headerSize: BitLockerLayout.headerSize, headerOffset: created.layout.headerOffset)
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
            defer { buffer.deallocate() }
            for extent in try SystemCall.dataExtents(source, size: plainSize, subject: plain) {
                var done: UInt64 = 0
                while done < extent.length {
                    let piece = Int(min(UInt64(buffer.count), extent.length - done))
                    let got = try SystemCall.pread(source, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<piece]),
                                                   at: extent.offset + done, subject: plain)
                    guard got > 0 else { break }
                    try volume.write(UnsafeRawBufferPointer(rebasing: buffer[0..<got]), at: extent.offset + done)
                    done += UInt64(got)
                }
            }
            try volume.sync()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("bitlocker-encrypt: \(error)")
        }
    }
}
