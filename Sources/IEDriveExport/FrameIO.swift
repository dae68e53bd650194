internal import IEDriveSystem

/// Length-prefixed messages over a pipe (WriterWire's framing), read and written whole.
public enum FrameIO {
    /// The next message, or nil at end of file before its first byte.
    public static func read(_ fd: Int32) throws(DriveWriteError) -> [UInt8]? {
        guard let header = try readExactly(fd, 4) else { return nil }
        let length = Int(header.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << UInt32(8 * $1.offset) })
        guard length <= WriterWire.maxMessage else {
            throw .fileSystem(errno: 71, detail: "a message of \(length) bytes between iedrive and its writer process")
        }
        guard let body = try readExactly(fd, length) else {
            throw .fileSystem(errno: 71, detail: "the writer pipe ended inside a message")
        }
        return body
    }

    public static func write(_ fd: Int32, _ framed: [UInt8]) throws(DriveWriteError) {
        do {
            try SystemCall.writeAll(fd, framed, subject: "the writer pipe")
        } catch {
            throw .fileSystem(errno: error.errno.rawValue, detail: "the writer pipe: \(error)")
        }
    }

    private static func readExactly(_ fd: Int32, _ count: Int) throws(DriveWriteError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            var result: Result<Int, SystemCallError> = .success(0)
            bytes.withUnsafeMutableBytes { raw in
                result = Result { () throws(SystemCallError) in
                    try SystemCall.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[done...]), subject: "the writer pipe")
                }
            }
            let got: Int
            switch result {
            case .success(let count): got = count
            case .failure(let error): throw .fileSystem(errno: error.errno.rawValue, detail: "the writer pipe: \(error)")
            }
            if got == 0 {
                if done == 0 { return nil }
                throw .fileSystem(errno: 71, detail: "the writer pipe ended inside a message")
            }
            done += got
        }
        return bytes
    }
}
