/// The XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`), allowed only as the very
/// first bytes. Any declared encoding other than UTF-8 is refused: the reader decodes nothing else.
extension XMLReader {
    /// `version="1.x"`, then optionally `encoding="UTF-8"` and `standalone="yes|no"`, in that order.
    func xmlDeclaration(_ range: Range<Int>, line: Int, column: Int) throws(XMLError) {
        var pseudo: [(String, String)] = []
        var index = range.lowerBound
        while true {
            let spaceStart = index
            while index < range.upperBound, XMLCharacters.isSpace(buffer[index]) { index += 1 }
            if index == range.upperBound { break }
            guard index > spaceStart else {
                throw error(.notWellFormed, "malformed XML declaration", line: line, column: column)
            }
            let (key, afterKey) = try name(at: index, end: range.upperBound, line: line, column: column)
            index = afterKey
            while index < range.upperBound, XMLCharacters.isSpace(buffer[index]) { index += 1 }
            guard index < range.upperBound, buffer[index] == XMLCharacters.equals else {
                throw error(.notWellFormed, "malformed XML declaration", line: line, column: column)
            }
            index += 1
            while index < range.upperBound, XMLCharacters.isSpace(buffer[index]) { index += 1 }
            guard index < range.upperBound, buffer[index] == XMLCharacters.quote || buffer[index] == XMLCharacters.apostrophe,
                  let close = buffer[(index + 1)..<range.upperBound].firstIndex(of: buffer[index]) else {
                throw error(.notWellFormed, "malformed XML declaration", line: line, column: column)
            }
            pseudo.append((key, String(decoding: buffer[(index + 1)..<close], as: UTF8.self)))
            index = close + 1
        }
        let keys = pseudo.map(\.0)
        let allowedOrders: [[String]] = [["version"], ["version", "encoding"], ["version", "standalone"],
                                         ["version", "encoding", "standalone"]]
        guard allowedOrders.contains(keys) else {
            throw error(.notWellFormed, "the XML declaration needs version first, then optionally encoding and standalone",
                        line: line, column: column)
        }
        let version = pseudo[0].1
        guard version.hasPrefix("1."), version.count > 2, version.dropFirst(2).allSatisfy(\.isASCII),
              version.dropFirst(2).allSatisfy(\.isNumber) else {
            throw error(.notWellFormed, "unsupported XML version '\(version)'", line: line, column: column)
        }
        if let encoding = pseudo.first(where: { $0.0 == "encoding" })?.1, encoding.uppercased() != "UTF-8" {
            throw error(.unsupportedEncoding, "the declared encoding '\(encoding)' is not accepted; only UTF-8 is",
                        line: line, column: column)
        }
        if let standalone = pseudo.first(where: { $0.0 == "standalone" })?.1, standalone != "yes", standalone != "no" {
            throw error(.notWellFormed, "standalone must be 'yes' or 'no'", line: line, column: column)
        }
    }
}
