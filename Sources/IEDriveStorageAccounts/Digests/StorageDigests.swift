import Crypto

/// MD5 as the Blob service uses it (`Content-MD5` of a body, a block, a whole blob), fed in
/// pieces as a request body arrives.
public struct StorageMD5: Sendable {
    private var hasher = Insecure.MD5()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    public mutating func update(_ bytes: [UInt8]) {
        hasher.update(data: bytes)
    }

    /// The 16 bytes.
    public func finalize() -> [UInt8] { Array(hasher.finalize()) }
}

/// A stable file name for text of any length: the hex SHA-256 of its UTF-8.
public enum StorageNameDigest {
    public static func hex(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { byte in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
        }.joined()
    }
}
