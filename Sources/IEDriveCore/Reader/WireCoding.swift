/// The little binary encoding of the reader protocol's control messages: little-endian
/// integers, booleans as one byte, strings as a 32-bit length and UTF-8 bytes. Small, fast to
/// write and read for 20,000-file walks, and free of Foundation.
public struct WireWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func u8(_ value: UInt8) { bytes.append(value) }
    public mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    public mutating func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func u64(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func i64(_ value: Int64) { u64(UInt64(bitPattern: value)) }
    public mutating func string(_ value: String) {
        let utf8 = Array(value.utf8)
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
    public mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }
}

/// A message that ended early or held a value out of range.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "malformed reader message: \(message)" }
}

public struct WireReader {
    private let bytes: [UInt8]
    private var position: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.position = 0
    }

    public var isAtEnd: Bool { position == bytes.count }

    private mutating func take(_ count: Int) throws(WireError) -> ArraySlice<UInt8> {
        guard count >= 0, bytes.count - position >= count else {
            throw WireError("needs \(count) more bytes at \(position), has \(bytes.count - position)")
        }
        defer { position += count }
        return bytes[position..<position + count]
    }

    public mutating func u8() throws(WireError) -> UInt8 { try take(1).first! }
    public mutating func bool() throws(WireError) -> Bool {
        switch try u8() {
        case 0: false
        case 1: true
        case let other: throw WireError("boolean byte \(other)")
        }
    }
    public mutating func u32() throws(WireError) -> UInt32 {
        try take(4).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    public mutating func u64() throws(WireError) -> UInt64 {
        try take(8).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
    public mutating func i64() throws(WireError) -> Int64 { Int64(bitPattern: try u64()) }
    public mutating func string() throws(WireError) -> String {
        let count = Int(try u32())
        let utf8 = try take(count)
        guard let text = String(validating: utf8, as: UTF8.self) else { throw WireError("string is not UTF-8") }
        return text
    }
    public mutating func optionalString() throws(WireError) -> String? {
        try bool() ? try string() : nil
    }
    /// Fails unless every byte was consumed: a message with trailing bytes is malformed.
    public func finish() throws(WireError) {
        guard isAtEnd else { throw WireError("\(bytes.count - position) trailing bytes") }
    }
}
