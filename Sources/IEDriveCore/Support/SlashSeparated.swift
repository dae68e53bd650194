extension StringProtocol {
    /// The parts of a path between `/` separators, split by byte. `split(separator: "/")` splits
    /// by Character, and a combining mark after a `/` joins it into one Character: `a/\u{301}b`
    /// would be one part. Names of blobs and NTFS files may start with a combining mark.
    public func slashSeparated(omittingEmpty: Bool = false) -> [Substring] {
        let whole = Substring(self)
        let bytes = whole.utf8
        var parts: [Substring] = []
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            if bytes[index] == 0x2F {
                if !(omittingEmpty && start == index) { parts.append(whole[start..<index]) }
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if !(omittingEmpty && start == bytes.endIndex) { parts.append(whole[start..<bytes.endIndex]) }
        return parts
    }
}
