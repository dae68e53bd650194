/// What every fuzz target does with libFuzzer's input: copy it into an array, cut it into
/// pieces for the streaming parsers, and stop the process loudly when a property fails.
///
/// The pieces are drawn from a generator seeded by the input's own bytes, so one input always
/// gives the same pieces (libFuzzer replays a crash by running the input again), and different
/// inputs see every piece size from one byte up.
public enum FuzzInput {
    /// libFuzzer's buffer as an array (it may pass a null pointer with a count of 0).
    public static func bytes(_ data: UnsafePointer<UInt8>?, _ count: Int) -> [UInt8] {
        guard let data, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: count))
    }

    /// `bytes` cut into consecutive pieces: sometimes single bytes, sometimes up to 16, 256 or
    /// 4,096 bytes at a time, mixed within one input.
    public static func pieces(of bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var generator = SplitMix64(seed: fnv1a(bytes))
        var pieces: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let bound: UInt64 = switch generator.next() % 4 {
            case 0: 1
            case 1: 16
            case 2: 256
            default: 4_096
            }
            let length = Int(1 + generator.next() % bound)
            let end = min(bytes.count, start + length)
            pieces.append(bytes[start..<end])
            start = end
        }
        return pieces
    }

    /// FNV-1a, 64 bits: a cheap seed that depends on every byte.
    public static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}

/// SplitMix64: small, fast and deterministic.
public struct SplitMix64 {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A property of the code under test failed for this input: report it and trap, so libFuzzer
/// saves the input as a crash (`crash-<sha1>`) and `scripts/fuzz` fails.
public func fuzzFailure(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("fuzz property failed: \(message)", file: file, line: line)
}

/// `fuzzFailure` unless `condition` holds.
public func fuzzCheck(_ condition: Bool, _ message: @autoclosure () -> String,
                      file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fuzzFailure(message(), file: file, line: line) }
}
