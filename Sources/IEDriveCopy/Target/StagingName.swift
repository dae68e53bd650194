import Crypto
public import IEDriveCore

/// The entry under `<root>/.iedrive/staging/` that holds one staged blob. The same id always
/// gives the same entry, in every process, so a restarted copy finds its file again.
///
/// Letters, digits, `-` and `_` stay; `.` stays except first; every other byte becomes `%XX`.
/// An empty id is `~`. When that is longer than 200 bytes, the entry is its first 120 bytes,
/// `~`, and the SHA-256 of the id in hex (64 digits): still one id per entry, within NAME_MAX.
public enum StagingName {
    public static let maxLength = 200

    public static func entry(for id: StagedBlobID) -> String {
        let raw = Array(id.rawValue.utf8)
        guard !raw.isEmpty else { return "~" }
        var out: [UInt8] = []
        var cuts: [Int] = []
        for (index, byte) in raw.enumerated() {
            cuts.append(out.count)
            if isKept(byte) && !(index == 0 && byte == 0x2E) {
                out.append(byte)
            } else {
                out += [0x25, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            }
        }
        guard out.count > maxLength else { return String(decoding: out, as: UTF8.self) }
        let cut = cuts.last { $0 <= 120 } ?? 0
        let digest = SHA256.hash(data: raw).map { [hexDigits[Int($0 >> 4)], hexDigits[Int($0 & 15)]] }.joined()
        return String(decoding: out[..<cut] + [0x7E] + digest, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isKept(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte)
            || byte == 0x2D || byte == 0x5F || byte == 0x2E
    }
}
