/// A small XML document read whole into elements, for answers that are short and shaped by a
/// schema (S3's ListObjectsV2, ListParts, errors): read with the bounded reader, so a hostile
/// or broken answer costs at most `limits`. Attributes are dropped; text is the element's own
/// character data, entities decoded.
public struct XMLElementTree: Sendable, Hashable {
    public var name: String
    public var text: String
    public var children: [XMLElementTree]

    public init(name: String, text: String = "", children: [XMLElementTree] = []) {
        self.name = name
        self.text = text
        self.children = children
    }

    /// The first child named `name`.
    public func child(_ name: String) -> XMLElementTree? {
        children.first { $0.name == name }
    }

    /// Every child named `name`, in document order.
    public func children(_ name: String) -> [XMLElementTree] {
        children.filter { $0.name == name }
    }

    /// The text of the first child named `name`, nil when there is none.
    public func text(of name: String) -> String? {
        child(name)?.text
    }

    /// Answers of object stores: at most 16 MiB, 8 levels, 64 KiB of text an element.
    public static let answerLimits = XMLLimits(maxDocumentBytes: 16 << 20, maxDepth: 8, maxNameBytes: 128, maxAttributes: 8,
                                               maxAttributeValueBytes: 1_024, maxTextBytes: 65_536, maxMarkupBytes: 4_096)

    /// The document's root element. Throws the reader's message when the bytes are not
    /// well-formed XML or break `limits`.
    public static func parse(_ bytes: some Collection<UInt8>, limits: XMLLimits = answerLimits) throws(XMLTreeError) -> XMLElementTree {
        var reader = XMLReader(limits: limits)
        var stack: [XMLElementTree] = []
        var root: XMLElementTree?
        do {
            try reader.feed(bytes)
            reader.finish()
            while let event = try reader.next() {
                switch event {
                case .start(let tag):
                    stack.append(XMLElementTree(name: tag.name))
                case .text(let chunk, _, _):
                    if !stack.isEmpty { stack[stack.count - 1].text += chunk }
                case .end:
                    guard let done = stack.popLast() else { continue }
                    if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
                }
            }
        } catch {
            throw XMLTreeError(description: error.message)
        }
        guard let root else { throw XMLTreeError(description: "the document has no root element") }
        return root
    }
}

/// Why bytes are not an ``XMLElementTree``.
public struct XMLTreeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
}
