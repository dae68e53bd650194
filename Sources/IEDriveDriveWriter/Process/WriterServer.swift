internal import IEDriveCore
internal import IEDriveBitLocker
internal import IEDriveSystem
internal import IEDriveExport

/// The writer process's side: one drive (`deviceFD`, read-write), requests from
/// `requestFD`, replies to `responseFD`, until `finish` or the end of the request pipe. It
/// makes the volume (BitLocker and NTFS) when asked to `format`, then writes what it is sent.
/// Every reply carries the volume's free bytes and cluster size, so the parent plans without
/// asking.
public final class WriterServer {
    private let deviceFD: Int32
    private let requestFD: Int32
    private let responseFD: Int32
    private let scratchDirectory: String
    private var writer: NTFSWriter?

    public init(deviceFD: Int32, requestFD: Int32, responseFD: Int32, scratchDirectory: String) {
        self.deviceFD = deviceFD
        self.requestFD = requestFD
        self.responseFD = responseFD
        self.scratchDirectory = scratchDirectory
    }

    /// Serves until `finish` (true) or the parent goes away (false).
    public func run() -> Bool {
        while true {
            let message: [UInt8]?
            do {
                message = try FrameIO.read(requestFD)
            } catch {
                return false
            }
            guard let message else { return false }
            var decoder = WriterWire.Decoder(message)
            var reply = WriterWire.Encoder()
            var finished = false
            do {
                guard let operation = WriterWire.Operation(rawValue: try decoder.u8()) else {
                    throw DriveWriteError.fileSystem(errno: 22, detail: "an unknown request")
                }
                try handle(operation, &decoder)
                finished = operation == .finish
                reply.u8(0)
                reply.u64(writer?.freeBytes ?? 0)
                reply.u32(UInt32(writer?.clusterSize ?? 4096))
            } catch let error as DriveWriteError {
                reply = WriterWire.Encoder()
                reply.u8(1)
                WriterWire.encode(error, into: &reply)
            } catch {
                reply = WriterWire.Encoder()
                reply.u8(1)
                WriterWire.encode(.fileSystem(errno: 5, detail: "\(error)"), into: &reply)
            }
            do {
                try FrameIO.write(responseFD, reply.framed)
            } catch {
                return false
            }
            if finished { return true }
            if case .finish? = WriterWire.Operation(rawValue: message.first ?? 0) { return false }   // a failed finish
        }
    }

    private func handle(_ operation: WriterWire.Operation, _ decoder: inout WriterWire.Decoder) throws {
        switch operation {
        case .format:
            let size = try decoder.u64()
            let cipherCode = try decoder.u8()
            let passwordText = try decoder.string()
            let label = try decoder.string()
            let description = try decoder.string()
            let encryption: DriveVolumeMaker.Encryption
            switch cipherCode {
            case 0: encryption = .none
            default:
                let password = try RecoveryPassword(passwordText)
                encryption = .bitLocker(cipherCode == 1 ? .xtsAES128 : .xtsAES256, password)
            }
            // The scratch directory serves mkntfs only: gone once the volume is made, so a writer
            // killed later leaves nothing behind.
            defer { try? SystemCall.unlinkat(SystemCall.currentDirectory, scratchDirectory, removingDirectory: true) }
            let made = try DriveVolumeMaker.make(fd: deviceFD, size: size, encryption: encryption, label: label,
                                                 description: description, scratchDirectory: scratchDirectory)
            writer = try NTFSWriter(mounting: made.volume)
        case .makeDirectory:
            try open().makeDirectory(Self.components(try decoder.string()))
        case .createFile:
            let size = try decoder.u64()
            let sparse = try decoder.u8() != 0
            try open().createFile(Self.components(try decoder.string()), size: size, sparse: sparse)
        case .write:
            let offset = try decoder.u64()
            let writer = try open()
            var failure: DriveWriteError?
            decoder.rest.withUnsafeBytes { raw in
                do throws(DriveWriteError) { try writer.write(raw, at: offset) } catch { failure = error }
            }
            if let failure { throw failure }
        case .closeFile:
            try open().closeFile()
        case .discardFile:
            try open().discardFile()
        case .finish:
            if let writer {
                try writer.unmount()
                try writer.volume.sync()
            }
        }
    }

    private func open() throws(DriveWriteError) -> NTFSWriter {
        guard let writer else { throw .fileSystem(errno: 22, detail: "the drive was not formatted first") }
        return writer
    }

    static func components(_ path: String) -> [String] {
        path.isEmpty ? [] : path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    }
}
