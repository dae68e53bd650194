/// The sector ciphers the writer makes: BitLocker's XTS modes (Windows 10 and later).
/// Export drives use XTS-AES-256, the service's choice; test drives may use either.
public enum BitLockerCipher: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    case xtsAES128 = "xts-aes-128"
    case xtsAES256 = "xts-aes-256"

    /// FVEK bytes: the data key then the tweak key.
    public var keyLength: Int { self == .xtsAES128 ? 32 : 64 }
    public var description: String { self == .xtsAES128 ? "XTS-AES-128" : "XTS-AES-256" }

    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "xts-aes-128", "xts-128", "aes-xts-128": self = .xtsAES128
        case "xts-aes-256", "xts-256", "aes-xts-256": self = .xtsAES256
        default: return nil
        }
    }
}
