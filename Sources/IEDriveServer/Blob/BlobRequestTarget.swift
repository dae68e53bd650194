import Foundation

/// What a path-style Blob service URL names: `/ACCOUNT`, `/ACCOUNT/CONTAINER`,
/// `/ACCOUNT/CONTAINER/BLOB NAME` (the name may hold `/`). Segments are percent-decoded; the
/// raw path is kept for Shared Key, which signs it as sent.
struct BlobRequestTarget: Sendable {
    var account: String
    var container: String?
    var blob: String?
    var encodedPath: String
    /// The query, names and values percent-decoded (`+` stays `+`, as Azure reads it).
    var query: [(name: String, value: String)]

    /// nil when the path names no account or does not decode.
    init?(encodedPath: String, encodedQuery: String?) {
        self.encodedPath = encodedPath
        guard encodedPath.hasPrefix("/") else { return nil }
        let rest = encodedPath.dropFirst()
        let accountEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let account = String(rest[..<accountEnd]).removingPercentEncoding, !account.isEmpty else { return nil }
        self.account = account
        if accountEnd < rest.endIndex {
            let afterAccount = rest[rest.index(after: accountEnd)...]
            let containerEnd = afterAccount.firstIndex(of: "/") ?? afterAccount.endIndex
            let container = String(afterAccount[..<containerEnd])
            if !container.isEmpty {
                guard let decoded = container.removingPercentEncoding else { return nil }
                self.container = decoded
            }
            if containerEnd < afterAccount.endIndex {
                let name = String(afterAccount[afterAccount.index(after: containerEnd)...])
                if !name.isEmpty {
                    guard let decoded = name.removingPercentEncoding else { return nil }
                    blob = decoded
                }
            }
        }
        var pairs: [(name: String, value: String)] = []
        for item in (encodedQuery ?? "").split(separator: "&") where !item.isEmpty {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = String(parts[0]).removingPercentEncoding,
                  let value = (parts.count > 1 ? String(parts[1]) : "").removingPercentEncoding else { return nil }
            pairs.append((name, value))
        }
        query = pairs
    }

    func parameter(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}
