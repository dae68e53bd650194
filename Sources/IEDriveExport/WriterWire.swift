/// The framed protocol between iedrive and its per-drive writer process (`iedrive-writer`):
/// each message is a little-endian u32 length, then that many bytes: an operation code (a
/// request) or a status (a reply), then its fields. Strings are a u32 length and UTF-8;
/// paths are components joined by `/` (a component never holds one).
public enum WriterWire {
    public enum Operation: UInt8, Sendable {
        case format = 1       // u64 size, u8 cipher (0 none, 1 XTS-128, 2 XTS-256), password, label, description
        case makeDirectory = 2 // path
        case createFile = 3   // u64 size, u8 sparse, path
        case write = 4        // u64 offset, bytes (the rest)
        case closeFile = 5
        case finish = 6       // unmount, flush; the writer exits after its reply
        case discardFile = 7
    }

    /// The largest message: a write of 4 MiB and its header.
    public static let maxMessage = (4 << 20) + 64

    public struct Encoder {
        public var bytes: [UInt8] = [0, 0, 0, 0]
        public init() {}
        public mutating func u8(_ value: UInt8) { bytes.append(value) }
        public mutating func u32(_ value: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(value >> UInt32(shift) & 0xFF)) } }
        public mutating func u64(_ value: UInt64) { for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(value >> UInt64(shift) & 0xFF)) } }
        public mutating func i32(_ value: Int32) { u32(UInt32(bitPattern: value)) }
        public mutating func string(_ value: String) {
            u32(UInt32(value.utf8.count))
            bytes += value.utf8
        }
        public mutating func raw(_ more: [UInt8]) { bytes += more }
        /// The message with its length in front.
        public var framed: [UInt8] {
            var out = bytes
            let length = UInt32(out.count - 4)
            for index in 0..<4 { out[index] = UInt8(length >> UInt32(8 * index) & 0xFF) }
            return out
        }
    }

    public struct Decoder {
        public let bytes: [UInt8]
        public var position = 0
        public init(_ bytes: [UInt8]) { self.bytes = bytes }

        public mutating func u8() throws(DriveWriteError) -> UInt8 {
            try need(1)
            defer { position += 1 }
            return bytes[position]
        }
        public mutating func u32() throws(DriveWriteError) -> UInt32 {
            try need(4)
            defer { position += 4 }
            return (0..<4).reduce(0) { $0 | UInt32(bytes[position + $1]) << UInt32(8 * $1) }
        }
        public mutating func u64() throws(DriveWriteError) -> UInt64 {
            try need(8)
            defer { position += 8 }
            return (0..<8).reduce(0) { $0 | UInt64(bytes[position + $1]) << UInt64(8 * $1) }
        }
        public mutating func i32() throws(DriveWriteError) -> Int32 { Int32(bitPattern: try u32()) }
        public mutating func string() throws(DriveWriteError) -> String {
            let count = Int(try u32())
            try need(count)
            defer { position += count }
            return String(decoding: bytes[position..<position + count], as: UTF8.self)
        }
        public var rest: ArraySlice<UInt8> { bytes[position...] }

        private func need(_ count: Int) throws(DriveWriteError) {
            guard count <= bytes.count - position else {
                throw .fileSystem(errno: 71, detail: "a malformed message between iedrive and its writer process")
            }
        }
    }

    // MARK: errors across the pipe

    public static func encode(_ error: DriveWriteError, into encoder: inout Encoder) {
        switch error {
        case .device(let errno, let offset, let detail): encoder.u8(0); encoder.i32(errno); encoder.u64(offset); encoder.string(detail)
        case .full(let detail): encoder.u8(1); encoder.i32(28); encoder.u64(0); encoder.string(detail)
        case .format(let detail): encoder.u8(2); encoder.i32(0); encoder.u64(0); encoder.string(detail)
        case .fileSystem(let errno, let detail): encoder.u8(3); encoder.i32(errno); encoder.u64(0); encoder.string(detail)
        case .name(let errno, let path): encoder.u8(4); encoder.i32(errno); encoder.u64(0); encoder.string(path)
        case .bitLocker(let detail): encoder.u8(5); encoder.i32(0); encoder.u64(0); encoder.string(detail)
        }
    }

    public static func decodeError(_ decoder: inout Decoder) throws(DriveWriteError) -> DriveWriteError {
        let kind = try decoder.u8()
        let errno = try decoder.i32()
        let offset = try decoder.u64()
        let text = try decoder.string()
        switch kind {
        case 0: return .device(errno: errno, offset: offset, detail: text)
        case 1: return .full(detail: text)
        case 2: return .format(text)
        case 4: return .name(errno: errno, path: text)
        case 5: return .bitLocker(text)
        default: return .fileSystem(errno: errno, detail: text)
        }
    }
}
