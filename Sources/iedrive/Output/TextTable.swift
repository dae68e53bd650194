/// Left-aligned columns separated by two spaces, as lsblk prints them. Numbers are
/// right-aligned when a column is declared numeric. Width counts characters, which is right
/// for the ASCII and Latin labels drives carry and close enough for the rest.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    var rows: [[String]] = []

    init(_ headers: [String], alignments: [Alignment]? = nil) {
        self.headers = headers
        self.alignments = alignments ?? Array(repeating: .left, count: headers.count)
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [headers] + rows
        let widths = headers.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                let isLast = column == row.count - 1
                switch alignments[column] {
                case .left: line += cell + (isLast ? "" : pad)
                case .right: line += pad + cell
                }
                if !isLast { line += "  " }
            }
            return line
        }.joined(separator: "\n")
    }
}
