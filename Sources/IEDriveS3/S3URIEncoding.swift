/// Percent-encoding as SigV4 and S3 want it: every byte of the UTF-8 form except the
/// unreserved `A–Z a–z 0–9 - . _ ~` becomes `%XY` (upper-case hex); `/` is kept in object key
/// paths and encoded everywhere else.
public enum S3URIEncoding {
    public static func encode(_ text: String, keepSlash: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepSlash:
                out.append("/")
            default:
                out.append("%")
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            }
        }
        return out
    }

    /// The canonical query string: parameters sorted by encoded name (then value), each
    /// `name=value` with both encoded; a parameter without a value is `name=`.
    public static func canonicalQuery(_ parameters: [(String, String)]) -> String {
        parameters.map { (encode($0.0), encode($0.1)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")
}
