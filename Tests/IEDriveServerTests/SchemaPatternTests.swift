import Foundation
import IEDriveAPI
import IEDriveCore
@testable import IEDriveServer
import Testing

/// The OpenAPI document's patterns say exactly what the server accepts: each pattern and the
/// rule it restates give the same verdict on hand-picked edge cases and on many strings drawn
/// from an alphabet of the characters that rule cares about (ASCII case, Unicode case
/// mappings and canonical equivalents, White_Space, controls, noncharacters, combining marks).
@Suite struct SchemaPatternTests {
    /// Whether `pattern` matches all of `text` (ICU, like ECMA here: the patterns use neither
    /// `\d`, `\s` nor flags; the whole-range check stands in for ECMA's `$`).
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: pattern) else {
            Issue.record("pattern does not compile: \(pattern)")
            return false
        }
        let range = NSRange(text.startIndex..., in: text)
        return regex.firstMatch(in: text, options: [.anchored], range: range)?.range == range
    }

    /// Pattern and rule agree on every sample; mismatches are listed.
    static func agree(_ pattern: String, _ samples: [String], rule: (String) -> Bool,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let mismatches = samples.filter { matches(pattern, $0) != rule($0) }
        #expect(mismatches.isEmpty, "pattern and server disagree on \(mismatches.prefix(8).map { $0.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() })",
                sourceLocation: sourceLocation)
        #expect(samples.contains(where: rule) && samples.contains(where: { !rule($0) }), "samples on both sides",
                sourceLocation: sourceLocation)
    }

    /// `count` strings of 0…`maximum` pieces drawn from `alphabet` (SplitMix64, fixed seed).
    static func draw(_ alphabet: [String], count: Int = 3000, maximum: Int = 12, seed: UInt64 = 17) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { _ in
            (0..<Int(next() % UInt64(maximum + 1))).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined()
        }
    }

    /// Characters where Unicode and ASCII-only rules part ways.
    static let tricky = ["\u{212A}", "\u{130}", "\u{131}", "\u{17F}", "é", "e\u{301}", "\u{301}", " ", "\t", "\n", "\u{85}",
                         "\u{A0}", "\u{2028}", "\u{3000}", "\u{FEFF}", "\u{180E}", "\u{0}", "\u{7F}", "\u{9F}", "\u{E000}",
                         "\u{F0000}", "\u{10FFFD}", "\u{1F600}", "/", "\\", ".", "$", "'"]
        // Noncharacters (Swift literals refuse them).
        + [0xFDD0, 0xFFFE, 0x1FFFE].map { String(Unicode.Scalar(UInt32($0))!) }

    @Test func jobNames() {
        let samples = ["abc", "ab", "a-_", "-ab", "_ab", String(repeating: "a", count: 64), String(repeating: "a", count: 65),
                       "job 1", "jöb"] + Self.draw(["a", "Z", "0", "-", "_"] + Self.tricky, maximum: 8)
        Self.agree(SchemaPatterns.jobName, samples) { JobName.problem($0) == nil }
    }

    @Test func driveIds() {
        let printable = (0x21...0x7E).map { String(UnicodeScalar($0)!) }
        let samples = ["", "A", String(repeating: "Z", count: 128), String(repeating: "Z", count: 129), "a b", "a/b", "a\\b"]
            + Self.draw(printable + Self.tricky, maximum: 6)
        Self.agree(SchemaPatterns.driveId, samples) { DriveIdentifier.problem($0) == nil }
    }

    @Test func storageAccountIds() {
        let words = ["/subscriptions/", "/SubScriptions/", "/resourceGroups/", "/RESOURCEGROUPS/", "/providers/",
                     "/Microsoft.Storage/", "/microsoft.classicstorage/", "/Microsoft-Storage/", "/storageAccounts/", "/STORAGEACCOUNTS/"]
        let good = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a"
        var samples = [good, good + "/", "/" + good, good.replacingOccurrences(of: "/a", with: "/"),
                       good.replacingOccurrences(of: "k", with: "\u{212A}"), good.replacingOccurrences(of: "/g/", with: "/g\u{301}/"),
                       good.replacingOccurrences(of: "/g/", with: "/\u{301}g/"), good.replacingOccurrences(of: "/g/", with: "/g\u{85}/"),
                       good.replacingOccurrences(of: "/g/", with: "/g\u{FEFF}/"), good.replacingOccurrences(of: "/g/", with: "/g\u{180E}/")]
        // Well-formed skeletons with drawn segments and spellings, and drawn noise.
        let segments = Self.draw(["a", "0", "-"] + Self.tricky, count: 600, maximum: 3, seed: 3)
        for (index, segment) in segments.enumerated() {
            let word = words[index % words.count]
            samples.append(good.replacingOccurrences(of: "/g/", with: "/\(segment)/"))
            samples.append(good.replacingOccurrences(of: "/providers/", with: word))
        }
        samples += Self.draw(words + ["s", "g", "a"] + Self.tricky, count: 1000, maximum: 9, seed: 5)
        Self.agree(SchemaPatterns.storageAccountId, samples, rule: StorageAccountID.isWellFormed)
    }

    @Test func locations() {
        let samples = ["West Europe", "westeurope", "WestEurope", "  w e s t e u r o p e ", "West US", "westus", "WESTUS",
                       "West\tEurope", "West\u{A0}Europe", "Wést Europe", "North Europe", ""]
            + Self.draw(["w", "W", "e", "E", "s", "t", "u", "U", "r", "o", "p", "S", " "] + Self.tricky, count: 4000, maximum: 12)
        let catalog = LocationCatalog.simulated
        Self.agree(SchemaPatterns.location(catalog), samples) { catalog.location(named: $0) != nil }
    }

    @Test func diagnosticsPaths() {
        let samples = ["waimportexport", "logs/import", "$root", "$root/x", "ab", "a--b", "-ab", "ab-", "abc/", "abc//d", "abc/./d",
                       "abc/../d", "abc/d.", "abc/d./e", "abc/.d", "/abc", "abc\\d", "ABC", String(repeating: "a", count: 63),
                       String(repeating: "a", count: 64), "abc/" + String(repeating: "x", count: 508),
                       "abc/" + String(repeating: "x", count: 509)]
            + Self.draw(["abc", "a", "0", "-", "/", ".", "..", "$root", "A", "x"] + Self.tricky, count: 4000, maximum: 8)
        // The length is the schema's maxLength (code points) beside the pattern; the server counts
        // UTF-16 code units, which the format says: strings where the two counts differ are left out.
        let comparable = samples.filter { !($0.unicodeScalars.count <= DiagnosticsPath.maxLength && $0.utf16.count > DiagnosticsPath.maxLength) }
        let schema = { (text: String) in Self.matches(SchemaPatterns.diagnosticsPath, text) && text.unicodeScalars.count <= DiagnosticsPath.maxLength }
        let mismatches = comparable.filter { schema($0) != (DiagnosticsPath.problem($0) == nil) }
        #expect(mismatches.isEmpty, "schema and server disagree on \(mismatches.prefix(8).map { $0.unicodeScalars.map { $0.escaped(asASCII: true) }.joined() })")
        #expect(comparable.contains { DiagnosticsPath.problem($0) == nil } && comparable.contains { DiagnosticsPath.problem($0) != nil })
    }

    @Test func durations() {
        let samples = ["14d", "36h", "90m", "1w", "1d12h", "0s", "250ms", "1m1ms", "1ms1m", "1s1s", "1m2m", "1h1ms1m1s1d1w",
                       "999999999w", "1000000000s", "0000000001s", "1", "d", "1D", "1 d", "-1d", "+1d", "1mss", "1\u{661}d"]
            + Self.draw(["1", "0", "9", "12", "999999999", "ms", "s", "m", "h", "d", "w", "x", "M", " "] + Self.tricky, count: 4000, maximum: 6)
        Self.agree(SchemaPatterns.duration, samples) { text in
            (try? TimeSpan(parsing: text)) != nil && SimulatorRoutes.numbersFit(text)
        }
    }

    @Test func filters() {
        let samples = ["", "   ", "state eq 'Creating'", "  State  EQ  'creating'  ", "properties/state eq 'Pac\u{212A}aging'",
                       "jobType eq 'Import' and state eq 'Closed'", "properties/jobType eq 'EXPORT'", "state eq 'Creating' and",
                       "and state eq 'Creating'", "state eq 'Creat''ing'", "state eq Creating", "state\teq 'Creating'", "\t",
                       "state eq 'a and b'", "state ne 'Creating'"]
            + Self.draw(["state", "State", "properties/state", "jobType", "properties/jobtype", "eq", "EQ", "and", "AND", "'Creating'",
                         "'closed'", "'Import'", "'export'", "'Bogus'", "'", "''", " ", "  "] + Self.tricky, count: 5000, maximum: 9)
        Self.agree(SchemaPatterns.filter, samples) { (try? JobListFilter(parsing: $0)) != nil }
    }

    @Test func skipTokens() {
        var samples: [String] = []
        for offset in [0, 1, 2, 9, 10, 11, 99, 100, 101, 255, 999, 1000, 12345, 999_999, 1_000_000, 123_456_789,
                       JobListQuery.maximumOffset, JobListQuery.maximumOffset / 7] {
            let token = JobListQuery.token(offset: offset)
            samples += [token, token + "=", String(token.dropLast()), token + "A", "A" + token, token.lowercased(), token.uppercased()]
        }
        samples += ["", "b2Zmc2V0PTAx", "b2Zmc2V0PS0x", "b2Zmc2V0PSsx", "b2Zmc2V0PTI=", "b2Zmc2V0PTIw", "b2Zmc2V0PTEwMDAwMDAwMDAwMDAwMDAw"]
        let alphabet = ["b2Zmc2V0PT", "A", "E", "k", "w", "5", "M", "N", "O", "D", "T", "j", "z", "Q", "g", "-", "_", "="]
        samples += Self.draw(alphabet, count: 4000, maximum: 7).map { "b2Zmc2V0PT" + $0 }
        Self.agree(SchemaPatterns.skipToken, samples) { (try? JobListQuery(top: nil, filter: nil, skipToken: $0)) != nil }
    }

    @Test func caseInsensitiveWords() {
        let pattern = SchemaPatterns.caseless(["Import", "Export"])
        Self.agree(pattern, ["Import", "IMPORT", "export", "Imports", "", "İmport", "Import "]) { text in
            ["import", "export"].contains { ASCIICaseless.equal($0, text) }
        }
    }
}
