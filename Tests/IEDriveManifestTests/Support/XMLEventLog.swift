@testable import IEDriveManifest

/// Runs the reader over `bytes` fed in chunks of the given sizes (cycled), and returns the
/// events as compact strings (`<a x=1>`, `"text"`, `</a>`) with positions, so two runs can be
/// compared whatever the chunking.
func xmlEvents(_ bytes: [UInt8], chunkSizes: [Int] = [Int.max], limits: XMLLimits = .manifest) throws(XMLError) -> [String] {
    var reader = XMLReader(limits: limits)
    var log: [String] = []
    func drain() throws(XMLError) {
        while let event = try reader.next() {
            switch event {
            case .start(let tag):
                let attributes = tag.attributes.map { " \($0.name)=\($0.value)" }.joined()
                log.append("\(tag.line):\(tag.column) <\(tag.name)\(attributes)>")
            case .end(let name, let line, let column):
                log.append("\(line):\(column) </\(name)>")
            case .text(let text, let line, let column):
                log.append("\(line):\(column) \"\(text)\"")
            }
        }
    }
    var offset = 0
    var turn = 0
    while offset < bytes.count {
        let size = min(chunkSizes[turn % chunkSizes.count], bytes.count - offset)
        try reader.feed(bytes[offset..<(offset + size)])
        try drain()
        offset += size
        turn += 1
    }
    reader.finish()
    try drain()
    return log
}

func xmlEvents(_ text: String, chunkSizes: [Int] = [Int.max], limits: XMLLimits = .manifest) throws(XMLError) -> [String] {
    try xmlEvents(Array(text.utf8), chunkSizes: chunkSizes, limits: limits)
}

/// The error the reader reports for `bytes`, or nil if it accepts them.
func xmlError(_ bytes: [UInt8], chunkSizes: [Int] = [Int.max], limits: XMLLimits = .manifest) -> XMLError? {
    do {
        _ = try xmlEvents(bytes, chunkSizes: chunkSizes, limits: limits)
        return nil
    } catch {
        return error
    }
}

func xmlError(_ text: String, chunkSizes: [Int] = [Int.max], limits: XMLLimits = .manifest) -> XMLError? {
    xmlError(Array(text.utf8), chunkSizes: chunkSizes, limits: limits)
}
