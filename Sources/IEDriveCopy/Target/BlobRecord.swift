import IEDriveCore

/// What the local directory target keeps about a blob beside its bytes: the `meta` file of the
/// blob's directory. It is written into the staging directory before the publishing rename, so
/// data and description appear (and are replaced) together.
///
/// Text, one `key value` pair a line, UTF-8; in values `\` is written `\\` and control bytes
/// `\xHH`, so a value is always one line:
///
/// ```
/// iedrive-blob 1
/// path pictures/bob/desert.jpg
/// staged job7-drive2-000042
/// disposition Created
/// type BlockBlob
/// length 30000
/// published 1700000000123456789
/// Content-Type image/jpeg
/// Content-MD5 a2Ns9QxYbjm3FZzlBnrGGw==
/// meta Owner ops-team
/// ```
///
/// `published` is nanoseconds since the Unix epoch; property lines use the properties-file
/// element names; `meta NAME VALUE` keeps metadata in order. Unknown keys are ignored.
struct BlobRecord: Sendable, Hashable {
    static let header = "iedrive-blob 1"
    /// A record is small: 8 KiB of metadata plus properties; anything larger is not ours.
    static let maxSize = 64 * 1024

    var path: String
    var staged: StagedBlobID
    var disposition: DispositionStatus
    var type: BlobType
    var length: UInt64
    var publishedNanoseconds: Int64
    var properties: BlobProperties
    var metadata: BlobMetadata

    init(path: String, staged: StagedBlobID, disposition: DispositionStatus, type: BlobType, length: UInt64,
                publishedNanoseconds: Int64, properties: BlobProperties, metadata: BlobMetadata) {
        self.path = path
        self.staged = staged
        self.disposition = disposition
        self.type = type
        self.length = length
        self.publishedNanoseconds = publishedNanoseconds
        self.properties = properties
        self.metadata = metadata
    }

    var encoded: [UInt8] {
        var lines: [(String, String)] = [
            ("path", path), ("staged", staged.rawValue), ("disposition", disposition.rawValue),
            ("type", type.rawValue), ("length", String(length)), ("published", String(publishedNanoseconds)),
        ]
        let stored = properties.importable
        let values: [(String, String?)] = [
            ("Content-Type", stored.contentType), ("Content-MD5", stored.contentMD5?.base64),
            ("Content-Encoding", stored.contentEncoding), ("Content-Language", stored.contentLanguage),
            ("Cache-Control", stored.cacheControl),
        ]
        for case let (key, value?) in values { lines.append((key, value)) }
        for pair in metadata.pairs { lines.append(("meta", pair.name + " " + pair.value)) }
        var out = Array(Self.header.utf8) + [0x0A]
        for (key, value) in lines {
            out += Array(key.utf8) + [0x20] + Self.escaped(value) + [0x0A]
        }
        return out
    }

    /// Parses a record; nil when it is not one (wrong header, missing or malformed fields).
    init?(decoding bytes: [UInt8]) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: true).makeIterator()
        guard let first = lines.next(), first.elementsEqual(Self.header.utf8) else { return nil }
        var fields: [String: String] = [:]
        var properties = BlobProperties()
        var pairs: [BlobMetadata.Pair] = []
        while let line = lines.next() {
            guard let space = line.firstIndex(of: 0x20),
                  let value = Self.unescaped(line[line.index(after: space)...])
            else { return nil }
            let key = String(decoding: line[..<space], as: UTF8.self)
            switch key {
            case "Content-Type": properties.contentType = value
            case "Content-MD5":
                guard let digest = MD5Digest(base64: value) else { return nil }
                properties.contentMD5 = digest
            case "Content-Encoding": properties.contentEncoding = value
            case "Content-Language": properties.contentLanguage = value
            case "Cache-Control": properties.cacheControl = value
            case "meta":
                guard let gap = value.firstIndex(of: " ") else { return nil }
                pairs.append(BlobMetadata.Pair(name: String(value[..<gap]), value: String(value[value.index(after: gap)...])))
            default: fields[key] = value
            }
        }
        guard let path = fields["path"], let staged = fields["staged"],
              let disposition = fields["disposition"].flatMap(DispositionStatus.init(rawValue:)),
              let type = fields["type"].flatMap(BlobType.init(rawValue:)),
              let length = fields["length"].flatMap({ UInt64($0) }),
              let published = fields["published"].flatMap({ Int64($0) })
        else { return nil }
        self.init(path: path, staged: StagedBlobID(staged), disposition: disposition, type: type, length: length,
                  publishedNanoseconds: published, properties: properties, metadata: BlobMetadata(pairs: pairs))
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func escaped(_ value: String) -> [UInt8] {
        var out: [UInt8] = []
        for byte in value.utf8 {
            if byte == 0x5C {
                out += [0x5C, 0x5C]
            } else if byte < 0x20 || byte == 0x7F {
                out += [0x5C, 0x78, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]]
            } else {
                out.append(byte)
            }
        }
        return out
    }

    private static func unescaped(_ text: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            guard text[index] == 0x5C else {
                out.append(text[index])
                index += 1
                continue
            }
            if index + 1 < text.endIndex, text[index + 1] == 0x5C {
                out.append(0x5C)
                index += 2
            } else if index + 3 < text.endIndex, text[index + 1] == 0x78,
                      let high = hexDigits.firstIndex(of: text[index + 2]), let low = hexDigits.firstIndex(of: text[index + 3]) {
                out.append(UInt8(high << 4 | low))
                index += 4
            } else {
                return nil
            }
        }
        return String(validating: out, as: UTF8.self)
    }
}
