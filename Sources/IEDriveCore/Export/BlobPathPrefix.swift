/// An export blob-path prefix (blob-list.md §3): `/`, then all or part of a container name,
/// optionally `/` and the start of a blob name. Blob `C/B` is selected when `"/" + C + "/" + B`
/// starts with the prefix; `/` alone selects everything, the root container included.
public struct BlobPathPrefix: Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// §5 item 4.
        case missingLeadingSlash
        /// §5 item 5: `//logo.bmp` — the root container must be spelled `$root`.
        case emptyContainer
        /// §5 item 7.
        case invalidContainer(String)
        /// §5 item 8, in UTF-16 code units.
        case nameTooLong(Int)

        public var description: String {
            switch self {
            case .missingLeadingSlash: "a blob path prefix must start with '/'"
            case .emptyContainer: "the container part is empty; the root container must be written '$root'"
            case .invalidContainer(let reason): reason
            case .nameTooLong(let length): "the blob-name part has \(length) characters; at most \(BlobName.maxLength) are allowed"
            }
        }
    }

    public static let everything = BlobPathPrefix(uncheckedText: "/")

    /// The prefix including its leading `/`.
    public let text: String

    public init(_ text: String) throws(Problem) {
        guard text.hasPrefix("/") else { throw .missingLeadingSlash }
        let rest = text.dropFirst()
        if let slash = rest.firstIndex(of: "/") {
            let container = rest[..<slash]
            guard !container.isEmpty else { throw .emptyContainer }
            if let reason = ContainerName.problem(container) { throw .invalidContainer(reason) }
            let name = rest[rest.index(after: slash)...]
            guard name.utf16.count <= BlobName.maxLength else { throw .nameTooLong(name.utf16.count) }
        } else if !rest.isEmpty, !ContainerName.isValidPartial(rest) {
            throw .invalidContainer("'\(rest)' cannot begin a container name (lower-case letters, digits, hyphens, or $root)")
        }
        self.text = text
    }

    private init(uncheckedText: String) {
        self.text = uncheckedText
    }

    public func matches(_ path: BlobPath) -> Bool {
        ("/" + path.container + "/" + path.name).hasPrefix(text)
    }

    public var description: String { text }
}
