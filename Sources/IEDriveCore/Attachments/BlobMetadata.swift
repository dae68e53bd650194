/// The name/value pairs of a metadata file (metadata-properties.md §1), in file order. Names
/// are unique ignoring case, because Azure treats them case-insensitively.
public struct BlobMetadata: Sendable, Hashable {
    public struct Pair: Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var pairs: [Pair]

    public init(pairs: [Pair] = []) {
        self.pairs = pairs
    }

    public subscript(name: String) -> String? {
        let folded = name.lowercased()
        return pairs.first { $0.name.lowercased() == folded }?.value
    }

    /// Names plus values in UTF-8 bytes, the quantity Azure limits to 8 KB.
    public var totalBytes: Int { pairs.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count } }
}
