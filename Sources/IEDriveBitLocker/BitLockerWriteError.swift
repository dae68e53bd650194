/// Why a BitLocker volume could not be created or opened for writing. Never holds a key.
public enum BitLockerWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// OpenSSL refused or failed (a key of the wrong size, no entropy).
    case crypto(String)
    /// The device is too small, or its size is not whole sectors.
    case geometry(String)
    /// Reading or writing the volume's header or metadata failed.
    case device(String)
    /// The metadata found is not one this writer made, or the key does not open it.
    case metadata(String)

    public var description: String {
        switch self {
        case .crypto(let detail): "BitLocker crypto: \(detail)"
        case .geometry(let detail): "BitLocker volume geometry: \(detail)"
        case .device(let detail): "BitLocker volume I/O: \(detail)"
        case .metadata(let detail): "BitLocker metadata: \(detail)"
        }
    }
}
