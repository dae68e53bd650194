/// The 1-based line of the first line of `text` containing `needle` (occurrence `nth`), so rule
/// tests state *which* element an error must point at rather than a number that drifts.
func line(of needle: String, in text: String, occurrence nth: Int = 1) -> Int {
    var seen = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
        seen += 1
        if seen == nth { return index + 1 }
    }
    return -1
}
