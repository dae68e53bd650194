import IEDriveCore

/// Where an element starts, recorded cheaply on every event: line, column, depth and name. The
/// element path of a `DocumentLocation` (a string join) is built only when an error or problem
/// is actually reported, from the open elements above the mark — which are still open then,
/// because marks are only used while their parent is.
struct XMLMark {
    var line: Int
    var column: Int
    var depth: Int
    var name: String
}

extension XMLReader {
    /// The mark of the element whose event was just returned (or of text inside it).
    func mark(_ line: Int, _ column: Int) -> XMLMark {
        XMLMark(line: line, column: column, depth: stack.count, name: stack.last ?? "")
    }

    func location(of mark: XMLMark) -> DocumentLocation {
        let ancestors = stack.prefix(max(0, min(mark.depth - 1, stack.count)))
        let path = mark.depth == 0 ? "" : "/" + (ancestors + [mark.name]).joined(separator: "/")
        return DocumentLocation(line: mark.line, column: mark.column, elementPath: path)
    }
}
