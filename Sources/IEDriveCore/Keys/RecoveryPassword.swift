/// A BitLocker recovery password: 48 digits in 8 groups of 6, each group a multiple of 11
/// whose quotient fits 16 bits (the 128-bit key it encodes). Checked here, before any C
/// library sees it: libdislocker answers a malformed and a wrong key with the same code.
///
/// Accepted spellings: the dashed form, groups separated by spaces, or 48 digits in a row;
/// stored normalised to the dashed form. Its description never shows the digits.
public struct RecoveryPassword: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let groups: [UInt32]

    public init(_ text: String) throws(RecoveryPasswordError) {
        let trimmed = text.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { throw .empty }
        var groupTexts: [Substring]
        if trimmed.contains("-") || trimmed.contains(" ") || trimmed.contains("\t") {
            groupTexts = trimmed.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == "\t" })
        } else {
            guard trimmed.count == 48 else { throw .wrongLength(digits: trimmed.count) }
            groupTexts = []
            var rest = Substring(trimmed)
            while !rest.isEmpty {
                groupTexts.append(rest.prefix(6))
                rest = rest.dropFirst(6)
            }
        }
        guard groupTexts.count == 8 else { throw .wrongGroupCount(groupTexts.count) }
        var groups: [UInt32] = []
        for (index, group) in groupTexts.enumerated() {
            guard group.count == 6, group.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt32(group) else {
                throw .groupNotSixDigits(group: index + 1)
            }
            guard value % 11 == 0 else { throw .groupNotMultipleOf11(group: index + 1) }
            guard value / 11 <= 65535 else { throw .groupTooLarge(group: index + 1) }
            groups.append(value)
        }
        self.groups = groups
    }

    /// The recovery password that encodes these 16 key bytes (8 little-endian 16-bit
    /// numbers, each written ×11 as a group of 6 digits): how a BitLocker writer makes one
    /// from random bytes.
    public init(keyBytes: [UInt8]) {
        precondition(keyBytes.count == 16, "a recovery password encodes 16 bytes")
        groups = (0..<8).map { UInt32(keyBytes[2 * $0]) | UInt32(keyBytes[2 * $0 + 1]) << 8 }.map { $0 * 11 }
    }

    /// A fresh recovery password from the system's CSPRNG (getrandom): 16 random key bytes.
    public static func random() -> RecoveryPassword {
        var generator = SystemRandomNumberGenerator()
        return RecoveryPassword(keyBytes: (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The 16 key bytes the password encodes, for the one place that needs them: deriving the
    /// protector's stretched key when a BitLocker volume is written or unlocked.
    public var revealedKeyBytes: [UInt8] {
        groups.flatMap { group -> [UInt8] in
            let value = group / 11
            return [UInt8(value & 0xFF), UInt8(value >> 8)]
        }
    }

    /// The dashed form, for the one place that needs it: handing the key to the unlocker.
    public var revealedForUnlock: String {
        groups.map { value in
            let digits = String(value)
            return String(repeating: "0", count: 6 - digits.count) + digits
        }.joined(separator: "-")
    }

    /// Redacted: only the shape, never digits.
    public var description: String { "••••••-••••••-••••••-••••••-••••••-••••••-••••••-•••••• (recovery password, redacted)" }
    public var debugDescription: String { description }
}

/// Why a recovery password is malformed. Messages name the group, never its digits.
public enum RecoveryPasswordError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case wrongLength(digits: Int)
    case wrongGroupCount(Int)
    case groupNotSixDigits(group: Int)
    case groupNotMultipleOf11(group: Int)
    case groupTooLarge(group: Int)

    public var description: String {
        let shape = "a recovery password is 48 digits in 8 groups of 6, like 123456-…"
        return switch self {
        case .empty: "the recovery password is empty; \(shape)"
        case .wrongLength(let digits): "the recovery password has \(digits) characters without separators, not 48 digits; \(shape)"
        case .wrongGroupCount(let count): "the recovery password has \(count) groups, not 8; \(shape)"
        case .groupNotSixDigits(let group): "group \(group) of the recovery password is not 6 digits"
        case .groupNotMultipleOf11(let group): "group \(group) of the recovery password is not a multiple of 11, so the password was mistyped"
        case .groupTooLarge(let group): "group \(group) of the recovery password is too large (over 720885), so the password was mistyped"
        }
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(self.drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
