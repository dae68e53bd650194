import Crypto
import Foundation

/// A storage account's key: 64 random bytes, shown base64-encoded as Azure shows its keys. It
/// signs (HMAC-SHA256) Shared Key requests and SAS tokens. `description` never shows it.
public struct StorageAccountKey: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]

    /// A fresh key from the system's random source.
    public static func generate() -> StorageAccountKey {
        var generator = SystemRandomNumberGenerator()
        return StorageAccountKey(bytes: (0..<64).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// A key as Azure prints it (base64); nil when `text` is not base64 of at least 16 bytes.
    public init?(base64 text: String) {
        guard let data = Data(base64Encoded: text), data.count >= 16 else { return nil }
        bytes = Array(data)
    }

    public var base64: String { Data(bytes).base64EncodedString() }

    /// The base64 HMAC-SHA256 of `text` (UTF-8) under this key.
    public func sign(_ text: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: bytes))
        return Data(code).base64EncodedString()
    }

    /// Whether `signature` (base64) is the one `sign(text)` gives, compared in constant time.
    public func verify(_ signature: String, over text: String) -> Bool {
        guard let given = Data(base64Encoded: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: Array(text.utf8), using: SymmetricKey(data: bytes))
    }

    public var description: String { "StorageAccountKey(redacted)" }
}
