import Glibc
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Names at the limits and hostile names, published for real: they read back, list back, and
/// nothing lands outside `<root>/<container>` or `<root>/.iedrive`.
@Suite struct TargetNameTests {
    static let hostile: [String] = [
        "../../../../etc/passwd-not", "..%2F..%2Fx", ".../x", "...x/y", "%2e%2e/x", ".iedrive", ".iedrive/staging/s",
        "/..x", "//", "/a", "a//b", "///z", "~blob", "x~blob", "x/~empty", "~more", "data", "meta", "x/data", "a\\..\\b",
        "~", "%", "%25", "%7E", " ", " /x", "CON", "a:b*c?d\"e<f>g|h", ".", "..x", "\u{202E}gnp.exe", "e\u{301}", "\u{E9}",
    ].filter { BlobName.problem($0, inRoot: false) == nil }

    static let limits: [String] = [
        String(repeating: "x", count: 1_024),
        String(repeating: "字", count: 1_024),
        String(repeating: "😀", count: 512),
        String(repeating: "%", count: 1_000),
        String(repeating: ".", count: 700) + "end",
        Array(repeating: "s", count: 254).joined(separator: "/"),
        Array(repeating: "", count: 253).joined(separator: "/") + "/z",
        (0..<254).map { String($0 % 10) }.joined(separator: "/"),
        String(repeating: "é", count: 400) + "/" + String(repeating: "b", count: 600),
        String(repeating: "q", count: 250) + "/x",
        String(repeating: "q", count: 250) + "-y",
        String(repeating: "q", count: 250),
    ]

    @Test func namesAtTheLimitsRoundTrip() throws {
        let fixture = try TargetFixture("limits")
        defer { fixture.cleanup() }
        for (index, name) in Self.limits.enumerated() {
            #expect(BlobName.problem(name, inRoot: false) == nil, "test name \(index) must be valid")
            let outcome = try fixture.put("limits/" + name, Array("#\(index)".utf8))
            #expect(outcome.disposition == .created && outcome.final?.name == name)
            let info = try #require(try fixture.target.info(try BlobPath(container: "limits", name: name)))
            #expect(info.path.name == name && info.length == UInt64("#\(index)".utf8.count))
            #expect(try fixture.contents("limits/" + name) == Array("#\(index)".utf8))
        }
        #expect(try fixture.allNames("limits") == byteSorted(Self.limits))
        #expect(try fixture.allNames("limits", pageSize: 1) == byteSorted(Self.limits))
        for entry in walk(fixture.root) { #expect(entry.nameLength <= 255, "\(entry.path)") }
    }

    @Test func hostileNamesStayInsideTheirContainer() throws {
        let fixture = try TargetFixture("hostile")
        defer { fixture.cleanup() }
        #expect(Self.hostile.count > 25)
        for name in Self.hostile {
            try fixture.put("evil/" + name, Array(name.utf8))
            try fixture.put("$root/" + name.split(separator: "/", omittingEmptySubsequences: false).joined(separator: "_"), [1])
        }
        #expect(try fixture.allNames("evil") == byteSorted(Self.hostile))
        for name in Self.hostile { #expect(try fixture.contents("evil/" + name) == Array(name.utf8)) }

        var blobs = 0
        for entry in walk(fixture.root) {
            let top = entry.path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            #expect(["evil", "$root", ".iedrive"].contains(top), "\(entry.path) is outside the containers")
            #expect(entry.mode & S_IFMT == S_IFDIR || entry.mode & S_IFMT == S_IFREG, "\(entry.path) is neither file nor directory")
            #expect(entry.nameLength <= 255)
            if entry.mode & S_IFMT == S_IFREG {
                let file = entry.path.split(separator: "/").last.map(String.init) ?? ""
                #expect(file == "data" || file == "meta", "\(entry.path)")
                if top != ".iedrive", file == "data" { blobs += 1 }
            }
        }
        #expect(blobs == 2 * Self.hostile.count)
        #expect(walk(fixture.root + "/.iedrive/staging").isEmpty)
    }
}
