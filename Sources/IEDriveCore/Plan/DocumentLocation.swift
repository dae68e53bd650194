/// Where in an XML document something was found: 1-based line and column (columns count
/// characters) and the element path (`/DriveManifest/Drive/BlobList/Blob/BlockList/Block`),
/// so an operator can find the spot in a multi-gigabyte manifest.
public struct DocumentLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var elementPath: String

    public init(line: Int, column: Int, elementPath: String) {
        self.line = line
        self.column = column
        self.elementPath = elementPath
    }

    public var description: String {
        elementPath.isEmpty ? "line \(line), column \(column)" : "line \(line), column \(column) (\(elementPath))"
    }
}
