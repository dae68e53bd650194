import IEDriveCore

/// A path on the volume as the protocol carries it: absolute, `/`-separated, Unicode
/// (`/Folder/Übergröße.txt`); `/` is the root. libntfs-3g resolves it case-sensitively.
struct VolumePath: Hashable {
    let text: String

    init(_ text: String) throws(ReaderFailure) {
        guard text.utf8.first == UInt8(ascii: "/") else {
            throw ReaderFailure(.badRequest, "A volume path must start with '/'.", path: text)
        }
        guard !text.utf8.contains(0) else {
            throw ReaderFailure(.badRequest, "A volume path must not contain NUL.", path: text)
        }
        let components = text.slashSeparated(omittingEmpty: true)
        guard !components.contains(where: { $0 == "." || $0 == ".." }) else {
            throw ReaderFailure(.badRequest, "A volume path must not contain '.' or '..' components.", path: text)
        }
        self.text = "/" + components.joined(separator: "/")
    }

    private init(normalized: String) { text = normalized }

    var isRoot: Bool { text == "/" }

    /// The first component as a path of its own (`/a` for `/a/b/c`); nil for the root.
    var topComponent: VolumePath? {
        guard let name = text.slashSeparated(omittingEmpty: true).first else { return nil }
        return VolumePath(normalized: "/" + name)
    }

    /// Whether the path starts with `prefix` (a component that begins with it).
    func hasPrefix(_ prefix: String) -> Bool { text.dropFirst().hasPrefix(prefix) }

    func appending(_ name: String) -> VolumePath {
        VolumePath(normalized: isRoot ? "/" + name : text + "/" + name)
    }
}
