/// The body of a Put Block List request: `<BlockList>` with `<Committed>`, `<Uncommitted>` and
/// `<Latest>` children, each a base64 block id, in the order the blob is to be assembled. Read
/// with the bounded XML reader: at most 50,000 ids (Azure's limit) and 8 MiB.
public enum BlockListDocument {
    public enum Source: String, Sendable, Hashable {
        case committed = "Committed", uncommitted = "Uncommitted", latest = "Latest"
    }

    public struct Entry: Sendable, Hashable {
        public var source: Source
        public var id: String
    }

    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    public static let maxBlocks = 50_000
    static let limits = XMLLimits(maxDocumentBytes: 8 << 20, maxDepth: 2, maxNameBytes: 16, maxAttributes: 0,
                                  maxAttributeValueBytes: 0, maxTextBytes: 256, maxMarkupBytes: 64)

    public static func parse(_ bytes: [UInt8]) throws(Problem) -> [Entry] {
        var reader = XMLReader(limits: limits)
        var entries: [Entry] = []
        var open: Source?
        var text = ""
        do {
            try reader.feed(bytes)
            reader.finish()
            while let event = try reader.next() {
                switch event {
                case .start(let tag):
                    if reader.depth == 1 {
                        guard tag.name == "BlockList" else { throw Problem(description: "the root element is <\(tag.name)>, not <BlockList>") }
                    } else {
                        guard let source = Source(rawValue: tag.name) else {
                            throw Problem(description: "<\(tag.name)> is not Committed, Uncommitted or Latest")
                        }
                        open = source
                        text = ""
                    }
                case .text(let chunk, _, _):
                    if open != nil { text += chunk }
                case .end:
                    guard let source = open else { continue }
                    open = nil
                    guard entries.count < maxBlocks else { throw Problem(description: "more than \(maxBlocks) blocks") }
                    entries.append(Entry(source: source, id: text))
                }
            }
        } catch let error as XMLError {
            throw Problem(description: error.message)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(description: "\(error)")
        }
        return entries
    }
}
