import IEDriveAPI
import IEDriveCore

/// The server's input rules restated as schema patterns: regular expressions in the subset
/// ECMA-262 (OpenAPI's dialect) and Python's `re` read alike (explicit classes, no `\d`/`\s`,
/// no flags). Each names the code it restates; `SchemaPatternTests` runs both on the same
/// samples. Case-insensitive words are spelled `[Aa]`, as the server compares them
/// (`ASCIICaseless`): ASCII letters only, no other folding.
enum SchemaPatterns {
    /// `JobName.problem`: 3–64 ASCII letters, digits, `-` and `_`, starting with a letter or digit.
    static let jobName = "^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$"

    /// `DriveIdentifier.problem`: 1–128 printable ASCII characters other than space, `/`, `\`.
    static let driveId = #"^[!-.0-\[\]-~]{1,128}$"#

    /// `StorageAccountID.isWellFormed`: the fixed words in any ASCII case, each named segment
    /// one or more characters that are neither `/` nor Unicode White_Space.
    static var storageAccountId: String {
        let segment = "[^/" + whiteSpace + "]+"
        let provider = "(?:" + caselessWord("Microsoft.Storage") + "|" + caselessWord("Microsoft.ClassicStorage") + ")"
        return "^/" + caselessWord("subscriptions") + "/" + segment + "/" + caselessWord("resourceGroups") + "/" + segment
            + "/" + caselessWord("providers") + "/" + provider + "/" + caselessWord("storageAccounts") + "/" + segment + "$"
    }

    /// `ScopeNames.subscriptionProblem`: a GUID, hexadecimal digits in either case.
    static let subscriptionId = "^" + guid + "$"

    static let guid = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"

    /// `ScopeNames.resourceGroupProblem`: 1–90 ASCII letters, digits, `_`, `-`, `.`, `(`, `)`,
    /// not ending in `.`.
    static let resourceGroupName = "^[A-Za-z0-9_.()-]{0,89}[A-Za-z0-9_()-]$"

    /// Unicode White_Space, as a character-class body (`Unicode.Scalar.Properties.isWhitespace`).
    static let whiteSpace = #"\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"#

    /// `LocationCatalog.location(named:)`: a display or short name, ASCII case ignored, spaces
    /// (U+0020) anywhere ignored; or the same after a location id's fixed part
    /// (`/providers/Microsoft.ImportExport/locations/`, optionally after `/subscriptions/{GUID}`).
    static func location(_ catalog: LocationCatalog) -> String {
        var keys: [String] = []
        for location in catalog.locations {
            for name in [location.shortName, location.displayName] {
                let key = String(String.UnicodeScalarView(name.unicodeScalars.filter { $0 != " " }))
                if !key.isEmpty, !keys.contains(where: { ASCIICaseless.equal($0, key) }) { keys.append(key) }
            }
        }
        let spelled = keys.map { key in key.unicodeScalars.map { caseless($0) + " *" }.joined() }
        let idPrefix = "(?:/(?:" + caselessWord("subscriptions") + "/" + guid + "/)?" + caselessWord("providers") + "/"
            + caselessWord("Microsoft.ImportExport") + "/" + caselessWord("locations") + "/)?"
        return "^" + idPrefix + " *(?:" + spelled.joined(separator: "|") + ")$"
    }

    /// Exactly one of `words`, ASCII case ignored.
    static func caseless(_ words: [String]) -> String {
        "^(?:" + words.map(caselessWord).joined(separator: "|") + ")$"
    }

    static func caselessWord(_ word: String) -> String { word.unicodeScalars.map(caseless).joined() }

    private static func caseless(_ scalar: Unicode.Scalar) -> String {
        let value = scalar.value
        if (65...90).contains(value) || (97...122).contains(value) {
            let upper = Unicode.Scalar(value & ~0x20)!, lower = Unicode.Scalar(value | 0x20)!
            return "[\(upper)\(lower)]"
        }
        return escaped(scalar)
    }

    /// The scalar as a literal outside a class (only ECMA's syntax characters are escaped:
    /// with the `u` flag, escaping anything else is an error).
    static func escaped(_ scalar: Unicode.Scalar) -> String {
        #"^$\.*+?()[]{}|"#.unicodeScalars.contains(scalar) ? "\\\(scalar)" : String(scalar)
    }

    // MARK: diagnosticsPath

    /// `DiagnosticsPath.problem`: a container (`ContainerName`: 3–63 lower-case letters, digits
    /// and single inner hyphens; or `$root`, alone), then optionally folders: no empty, `.` or
    /// `..` folder, no `\`, none of the characters a blob name cannot hold (`BlobName`:
    /// controls, private use, noncharacters), not ending in `.`. Its length limit counts
    /// UTF-16 code units, which a pattern cannot: the `diagnostics-path` format says so.
    static var diagnosticsPath: String {
        let container = "[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}"
        let character = "[^/\\\\" + blobNameForbidden + "]"
        let last = "[^/\\\\." + blobNameForbidden + "]"
        let folders = "(?:(?:/(?!\\.\\.?/)" + character + "+)*/" + character + "*" + last + ")?"
        return "^(?:\\$root|" + container + folders + ")$"
    }

    /// `BlobName.isForbidden`, as a character-class body: C0 and C1 controls, DEL, private use
    /// (BMP and planes 15–16) and noncharacters (U+FDD0–U+FDEF, and the last two code points of
    /// every plane). Code points above U+FFFF are written as themselves: neither dialect's
    /// escape for them is the other's.
    static var blobNameForbidden: String {
        var body = #"\u0000-\u001f\u007f-\u009f\ue000-\uf8ff\ufdd0-\ufdef\ufffe\uffff"#
        body += literalRange(0xF0000, 0xFFFFD) + literalRange(0x100000, 0x10FFFD)
        for plane in UInt32(1)...16 { body += literalRange(plane << 16 | 0xFFFE, plane << 16 | 0xFFFF) }
        return body
    }

    private static func literalRange(_ low: UInt32, _ high: UInt32) -> String {
        "\(Unicode.Scalar(low)!)-\(Unicode.Scalar(high)!)"
    }

    // MARK: Simulator and list queries

    /// `TimeSpan(parsing:)` as `POST /iedrive/v1/sim/advance` takes it: numbers of 1–9 ASCII
    /// digits each followed by a unit (`ms`, `s`, `m`, `h`, `d`, `w`), each unit at most once.
    static var duration: String {
        let units = TimeUnit.allCases.map(\.rawValue).sorted { $0.count > $1.count }
        let once = units.map { unit in
            let token = "[0-9]" + unit + "(?![A-Za-z])"
            return "(?!.*" + token + ".*" + token + ")"
        }
        return "^" + once.joined() + "(?:[0-9]{1,\(SimulatorRoutes.maximumDurationDigits)}(?:"
            + units.joined(separator: "|") + ")(?![A-Za-z]))+$"
    }

    /// `JobListFilter`: spaces (U+0020) only around or between `field eq 'value'` clauses
    /// joined by `and`; fields `state`, `properties/state` (a Classic job state) and `jobType`,
    /// `properties/jobType` (`Import`, `Export`); words and values in any ASCII case. Empty or
    /// only spaces: no filter.
    static var filter: String {
        let properties = "(?:" + caselessWord("properties/") + ")?"
        let eq = " +" + caselessWord("eq") + " +"
        let states = JobState.allCases.map { caselessWord($0.rawValue) }.joined(separator: "|")
        let types = JobType.allCases.map { caselessWord($0.rawValue) }.joined(separator: "|")
        let clause = "(?:" + properties + caselessWord("state") + eq + "'(?:" + states + ")'|"
            + properties + caselessWord("jobType") + eq + "'(?:" + types + ")')"
        return "^ *(?:" + clause + "(?: +" + caselessWord("and") + " +" + clause + ")*)? *$"
    }

    /// `JobListQuery.offset(fromToken:)`: the tokens our `nextLink`s carry, base64url (no
    /// padding) of `offset=N`, N a decimal of 1–16 digits without leading zeros. Written out
    /// in base64 groups: `b2Zmc2V0` is `offset`; `PT` begins `=` and the first digit; each
    /// later group of four characters holds three digits, a tail of two or three one or two.
    static var skipToken: String {
        let firstDigit = "[AEIMQUYcgk]", nonZeroFirst = "[EIMQUYcgk]", lastOfGroup = "[w-z0-5]"
        let pair = "(?:[MN][DTjz]|O[DT])"
        let group = pair + firstDigit + lastOfGroup
        let tail = "(?:(?:[MN][AQgw]|O[AQ])|" + pair + firstDigit + ")"
        return "^b2Zmc2V0PT(?:" + firstDigit + "|" + nonZeroFirst + lastOfGroup + "(?:" + group + "){0,4}" + tail + "?)$"
    }

    /// An event id to resume after (`?after=`, `Last-Event-ID`): up to 18 ASCII digits; empty
    /// means none.
    static let eventId = "^(?:[0-9]{1,18})?$"
    /// `StorageAccountName.problem`: 3-24 lower-case letters and digits.
    static let storageAccountName = "^[a-z0-9]{3,24}$"
}
