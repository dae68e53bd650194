/// Where a local storage target lives, as configuration writes it: a plain path or a `file:`
/// URL. (`s3://BUCKET[/PREFIX]` addresses are read before this, by the composition root's
/// `StorageTargets`, into an S3 target.)
public enum TargetAddress: Sendable, Hashable, CustomStringConvertible {
    /// A directory on this machine (`/srv/iedrive/target`, `file:///srv/iedrive/target`).
    case localDirectory(path: String)

    /// The schemes `parse` understands, for error messages.
    public static let supportedSchemes = ["file", "s3"]

    /// Parses a path (anything without `scheme://`) or a `file:` URL: `file:///p`,
    /// `file://localhost/p` or `file:/p`, percent-decoded (RFC 8089). A URL with a query,
    /// a fragment, another host or another scheme is refused with a message naming what works.
    public static func parse(_ text: String) throws(TargetError) -> TargetAddress {
        guard !text.isEmpty else { throw .notAccessible("the target address is empty; give a directory path or a file:// URL") }
        guard let scheme = URLText.scheme(of: text) else { return .localDirectory(path: text) }
        guard scheme.lowercased() == "file" else {
            throw .notAccessible("unsupported target scheme '\(scheme)' in '\(text)'; supported: "
                + supportedSchemes.map { "\($0)://" }.joined(separator: ", ") + " URLs and plain directory paths")
        }
        var rest = Substring(text.dropFirst(scheme.count + 1))
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let host = rest[..<slash]
            guard host.isEmpty || host.lowercased() == "localhost" else {
                throw .notAccessible("file URL '\(text)' names host '\(host)'; only local directories are supported (file:///path)")
            }
            rest = rest[slash...]
        }
        guard !rest.contains("?"), !rest.contains("#") else {
            throw .notAccessible("file URL '\(text)' has a query or fragment; give only the directory (file:///path)")
        }
        guard rest.hasPrefix("/") else { throw .notAccessible("file URL '\(text)' has no absolute path (file:///path)") }
        guard let path = URLText.percentDecoded(rest), !path.utf8.contains(0) else {
            throw .notAccessible("file URL '\(text)' has a malformed or NUL percent escape")
        }
        return .localDirectory(path: path)
    }

    /// The URL form: `file:///srv/iedrive/target`.
    public var description: String {
        switch self {
        case .localDirectory(let path): "file://" + URLText.percentEncodedPath(path)
        }
    }
}
