import ArgumentParser
import IEDriveCore
import IEDriveExport
import IEDriveSystem

/// `iedrive bitlocker-encrypt PLAIN OUTPUT`: a plaintext volume image made into a BitLocker
/// volume by iedrive's writer (test drives and benchmarks of any size, with a fresh key). The
/// work runs in the writer process (`iedrive-writer encrypt-image`), unprivileged, with both
/// files passed as descriptors.
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
            area: OUTPUT's size less 1 MiB (BitLocker's header copy and metadata sit after it), \
            rounded down to 64 KiB; --print-data-size tells it for a size.
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
        let writer = WriterProcessClient.defaultExecutable()
        if let printDataSize {
            let status = try runWriter([writer, "data-size", String(printDataSize)], descriptors: [-1, 1, 2])
            if status != 0 { throw ExitCode(ExitStatus.usage) }
            return
        }
        guard let plain, let output, let recoveryPasswordFile else { return }
        do {
            let source = try SystemCall.open(plain, .readOnly)
            defer { SystemCall.close(source) }
            let target = try SystemCall.open(output, .readWrite)
            defer { SystemCall.close(target) }
            let keyFD = try SystemCall.open(recoveryPasswordFile, [.writeOnly, .create, .exclusive], permissions: 0o600)
            defer { SystemCall.close(keyFD) }
            // The writer prints the password on its stdout: straight into the 0600 file.
            let status: Int32
            do {
                status = try runWriter([writer, "encrypt-image", cipher], descriptors: [-1, keyFD, 2, source, target])
            } catch {
                try? SystemCall.unlink(recoveryPasswordFile)
                throw error
            }
            guard status == 0 else {
                try? SystemCall.unlink(recoveryPasswordFile)
                throw CommandFailure("bitlocker-encrypt: the writer process failed (its message is above)")
            }
        } catch let error as SystemCallError {
            throw CommandFailure("bitlocker-encrypt: \(error)")
        }
    }

    private func runWriter(_ arguments: [String], descriptors: [Int32]) throws -> Int32 {
        let pid = try SystemCall.spawn(arguments[0], arguments: arguments, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],
                                       descriptors: descriptors)
        let status = try SystemCall.waitpid(pid)
        return status.terminationSignal == nil ? status.exitStatus : 128 + (status.terminationSignal?.rawValue ?? 0)
    }
}
