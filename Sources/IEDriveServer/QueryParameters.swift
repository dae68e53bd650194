import Foundation
import Hummingbird

/// The query string with names and values percent-decoded. Hummingbird decodes values only;
/// clients (Azure SDKs, our `nextLink`s) send `%24top` for `$top`.
struct QueryParameters {
    private var items: [(String, String)] = []

    init(_ request: Request) {
        guard let query = request.uri.query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            items.append((name, value))
        }
    }

    /// The first value of `name`.
    func get(_ name: String) -> String? { items.first { $0.0 == name }?.1 }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
