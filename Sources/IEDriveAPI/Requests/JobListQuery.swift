import Foundation
public import IEDriveCore

/// The query of the two list operations (rest-api.md §1, suggested behaviour): `$top` (page
/// size 1–100, default 100), `$filter` and the opaque `$skiptoken` our `nextLink` carries.
public struct JobListQuery: Sendable, Hashable {
    public var top: Int
    public var filter: JobListFilter
    /// The `$filter` text as given, echoed into `nextLink`.
    public var filterText: String?
    /// Jobs already returned by earlier pages.
    public var offset: Int

    public static let defaultTop = 100

    public init(top: String?, filter: String?, skipToken: String?) throws(ARMError) {
        if let top {
            // ASCII digits only: `Int` would also take a sign ("+5").
            guard !top.isEmpty, top.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(top), (1...100).contains(value) else {
                throw ARMError(.invalidParameter, "$top must be a whole number from 1 to 100, not '\(top.prefix(40))'.",
                               target: "$top")
            }
            self.top = value
        } else {
            self.top = Self.defaultTop
        }
        self.filter = try JobListFilter(parsing: filter)
        filterText = filter.flatMap { $0.utf8.allSatisfy { $0 == 0x20 } ? nil : $0 }
        offset = try skipToken.map(Self.offset(fromToken:)) ?? 0
    }

    /// `$skiptoken` for a page starting after `offset` jobs: base64url (no padding) of `offset=N`.
    public static func token(offset: Int) -> String {
        Data("offset=\(offset)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Offsets a token can carry: below 10^16 (16 digits), far beyond any job count.
    public static let maximumOffset = 9_999_999_999_999_999

    /// The offset of a token `token(offset:)` made, exactly as it made it: any other spelling
    /// (padding, another alphabet, a sign or leading zero) is refused, so the accepted tokens
    /// are a regular language the OpenAPI document can state as a pattern.
    static func offset(fromToken token: String) throws(ARMError) -> Int {
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("offset="), let offset = Int(text.dropFirst("offset=".count)),
              (0...maximumOffset).contains(offset), Self.token(offset: offset) == token else {
            throw ARMError(.invalidParameter, "$skiptoken is not one this service issued; follow nextLink verbatim.",
                           target: "$skiptoken")
        }
        return offset
    }

    /// One page of `jobs` (already in the stable order) and, unless it is the last, the query
    /// string of the next page (`api-version`, `$top`, `$filter`, `$skiptoken`, percent-encoded).
    public func page(of jobs: [Job], apiVersion: APIVersion) -> (jobs: [Job], nextQuery: String?) {
        let matching = jobs.filter(filter.matches)
        let page = Array(matching.dropFirst(offset).prefix(top))
        guard offset + page.count < matching.count else { return (page, nil) }
        var items = [("api-version", apiVersion.rawValue), ("$top", String(top))]
        if let filterText { items.append(("$filter", filterText)) }
        items.append(("$skiptoken", Self.token(offset: offset + page.count)))
        return (page, items.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&"))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// `$filter`: clauses `state eq '<State>'` and `properties/jobType eq '<Import|Export>'` (also
/// `jobType`, `properties/state`), joined with `and`; values compare case-insensitively. Anything
/// else is 400 `InvalidFilter`.
public struct JobListFilter: Sendable, Hashable {
    /// Lower-cased Classic state names, any of which matches (one per `state` clause: all must hold).
    public var states: [String] = []
    public var jobTypes: [JobType] = []

    public init() {}

    public init(parsing text: String?) throws(ARMError) {
        // Only spaces separate words; a filter of spaces alone (or none) is no filter.
        guard let text, !text.utf8.allSatisfy({ $0 == 0x20 }) else { return }
        for clause in try Self.clauses(text) {
            let (field, value) = try Self.comparison(clause, in: text)
            if ["state", "properties/state"].contains(where: { ASCIICaseless.equal($0, field) }) {
                let known = JobState.allCases.map(\.rawValue)
                guard let state = known.first(where: { ASCIICaseless.equal($0, value) }) else {
                    throw Self.invalid("'\(value)' is not a job state (\(known.joined(separator: ", "))).")
                }
                states.append(state.lowercased())
            } else if ["jobType", "properties/jobType"].contains(where: { ASCIICaseless.equal($0, field) }) {
                guard let type = JobType.allCases.first(where: { ASCIICaseless.equal($0.rawValue, value) }) else {
                    throw Self.invalid("'\(value)' is not a job type (Import, Export).")
                }
                jobTypes.append(type)
            } else {
                throw Self.invalid("'\(field)' cannot be filtered on; use state or properties/jobType.")
            }
        }
    }

    public func matches(_ job: Job) -> Bool {
        let state = job.classicState().lowercased()
        return states.allSatisfy { $0 == state } && jobTypes.allSatisfy { $0 == job.type }
    }

    /// Splits at ` and ` outside quoted values.
    static func clauses(_ text: String) throws(ARMError) -> [String] {
        var clauses: [String] = []
        var current = ""
        var quoted = false
        var words = text.split(separator: " ", omittingEmptySubsequences: true).makeIterator()
        while let word = words.next() {
            if !quoted && ASCIICaseless.equal(word, "and") {
                guard !current.isEmpty else { throw invalid("'and' needs a condition on each side.") }
                clauses.append(current)
                current = ""
                continue
            }
            current += current.isEmpty ? String(word) : " " + word
            quoted = word.reduce(quoted) { $1 == "'" ? !$0 : $0 }
        }
        guard !current.isEmpty, !quoted else { throw invalid("The filter ends early: '\(text.prefix(200))'.") }
        clauses.append(current)
        return clauses
    }

    /// `field eq 'value'` → (field, value); `''` inside a value is one quote.
    static func comparison(_ clause: String, in text: String) throws(ARMError) -> (String, String) {
        let parts = clause.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3, ASCIICaseless.equal(parts[1], "eq"), parts[2].count >= 2,
              parts[2].hasPrefix("'"), parts[2].hasSuffix("'") else {
            throw invalid("'\(clause.prefix(200))' is not of the form field eq 'value'.")
        }
        let value = parts[2].dropFirst().dropLast().replacingOccurrences(of: "''", with: "'")
        return (String(parts[0]), value)
    }

    static func invalid(_ message: String) -> ARMError {
        ARMError(.invalidFilter, "Unsupported $filter: \(message) Supported: state eq '<state>', "
                 + "properties/jobType eq '<Import|Export>', joined with 'and'.", target: "$filter")
    }
}
