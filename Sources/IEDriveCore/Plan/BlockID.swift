/// A block ID as `Put Block` takes it: base64 text of at most 64 bytes (drive-manifest.md §3
/// "Block IDs"). The text is kept as written because it is what the upload sends and what the
/// drive log repeats.
public struct BlockID: Sendable, Hashable, CustomStringConvertible {
    public static let maxDecodedBytes = 64

    public enum Problem: Error, Sendable, Hashable {
        case notBase64
        case empty
        case tooLong(decodedBytes: Int)
    }

    public let base64: String

    public init(base64 text: String) throws(Problem) {
        guard !text.isEmpty else { throw .empty }
        guard Base64.decode(text) != nil else { throw .notBase64 }
        let decoded = Base64.decodedLength(ofValid: text)
        guard decoded > 0 else { throw .empty }
        guard decoded <= Self.maxDecodedBytes else { throw .tooLong(decodedBytes: decoded) }
        self.base64 = text
    }

    public var description: String { base64 }

    /// The ID's bytes (for tests and for naming blocks in a storage target).
    public var bytes: [UInt8] { Base64.decode(base64) ?? [] }
}
