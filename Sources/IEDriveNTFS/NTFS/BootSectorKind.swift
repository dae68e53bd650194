/// What the first sectors of a volume hold, judged from signatures only, to say what was
/// found where NTFS was expected (and to tell a damaged NTFS boot sector from no NTFS).
enum BootSectorKind: Equatable {
    case ntfs
    case fat
    case exFAT
    case bitLocker
    case ext
    case zeros
    case unknown

    /// From at least the first 2 KiB of the volume.
    init(_ bytes: UnsafeRawBufferPointer) {
        func matches(_ text: String, at offset: Int) -> Bool {
            let expected = Array(text.utf8)
            guard bytes.count >= offset + expected.count else { return false }
            return expected.indices.allSatisfy { bytes[offset + $0] == expected[$0] }
        }
        if matches("NTFS    ", at: 3) {
            self = .ntfs
        } else if matches("-FVE-FS-", at: 3) {
            self = .bitLocker
        } else if matches("EXFAT   ", at: 3) {
            self = .exFAT
        } else if matches("FAT", at: 0x36) || matches("FAT32", at: 0x52) {
            self = .fat
        } else if bytes.count >= 0x43A, bytes[0x438] == 0x53, bytes[0x439] == 0xEF {
            self = .ext
        } else if bytes.allSatisfy({ $0 == 0 }) {
            self = .zeros
        } else {
            self = .unknown
        }
    }

    /// "It holds …" for a message.
    var holds: String {
        switch self {
        case .ntfs: "NTFS"
        case .fat: "a FAT file system (a BitLocker To Go drive decrypts to FAT)"
        case .exFAT: "an exFAT file system"
        case .bitLocker: "a BitLocker volume"
        case .ext: "a Linux ext2/3/4 file system"
        case .zeros: "only zeros"
        case .unknown: "no file system we recognise"
        }
    }
}
