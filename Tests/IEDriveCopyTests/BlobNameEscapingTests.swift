import IEDriveCopy
import IEDriveCore
import Testing

/// The escaping scheme on its own: every valid name round-trips, no entry is unsafe, blobs and
/// folders never share an entry.
@Suite struct BlobNameEscapingTests {
    /// Decodes a component list the way the listing walk does.
    func decode(_ components: [String]) -> String? {
        var name: [UInt8] = []
        var pending: [UInt8] = []
        for (index, component) in components.enumerated() {
            guard let entry = BlobNameEscaping.entry(Array(component.utf8)) else { return nil }
            switch entry {
            case .continuation(let piece): pending += piece
            case .folder(let piece):
                name += pending + piece + [0x2F]
                pending = []
            case .blob(let piece):
                guard index == components.count - 1 else { return nil }
                return String(validating: name + pending + piece, as: UTF8.self)
            }
        }
        return nil
    }

    func checkSafe(_ components: [String], _ name: String) {
        for component in components {
            #expect(!component.isEmpty, "\(name)")
            #expect(component.utf8.count <= 255, "\(name): \(component.utf8.count) bytes")
            #expect(component != "." && component != "..", "\(name)")
            #expect(!component.hasPrefix("."), "\(name): \(component)")
            #expect(!component.utf8.contains(0x2F) && !component.utf8.contains(0), "\(name)")
        }
    }

    static let names: [String] = [
        "pictures/bob/wild/desert.jpg", "a", "a/b", "a-b", "/leading", "a//b", "//x", "x/ /y",
        "...x", ".../...x", "..x/.y", ".iedrive", ".iedrive/staging/x", "~blob", "a~blob", "x/~empty", "~more/~",
        "100%", "%2E%2E/x", "%7E", "back\\slash", "空白/ファイル.txt", "emoji 😀/🧪",
        "e\u{301}", "\u{E9}", "data", "meta", "x/data/meta", "x/\u{301}y/\u{301}", "a/\u{20DD}",
        String(repeating: "x", count: 1_024),
        String(repeating: "字", count: 1_024),
        String(repeating: "😀", count: 512),
        String(repeating: "%", count: 1_024),
        String(repeating: "~", count: 600) + "/" + String(repeating: ".", count: 300) + "x",
        Array(repeating: "s", count: 254).joined(separator: "/"),
        Array(repeating: "", count: 253).joined(separator: "/") + "/z",
        String(repeating: ".", count: 500) + "a",
    ]

    @Test(arguments: names) func roundTrips(_ name: String) throws {
        #expect(BlobName.problem(name, inRoot: false) == nil, "test name must be valid")
        let components = BlobNameEscaping.components(of: name)
        checkSafe(components, name)
        #expect(decode(components) == name)
        #expect(components.last?.hasSuffix(BlobNameEscaping.blobSuffix) == true)
        #expect(components.dropLast().allSatisfy { !$0.hasSuffix(BlobNameEscaping.blobSuffix) })
    }

    @Test func blobsAndFoldersNeverShareEntries() {
        // "a" the blob, "a/b" (folder a), "a~blob" the blob: three different first entries.
        #expect(BlobNameEscaping.components(of: "a") == ["a~blob"])
        #expect(BlobNameEscaping.components(of: "a/b") == ["a", "b~blob"])
        #expect(BlobNameEscaping.components(of: "a~blob") == ["a%7Eblob~blob"])
        #expect(BlobNameEscaping.components(of: "a~blob/c") == ["a%7Eblob", "c~blob"])
    }

    @Test func aSegmentStartingWithACombiningMarkIsASegment() {
        // A combining mark after '/' makes one Character of both: the split is by byte.
        #expect(BlobNameEscaping.components(of: "x/\u{301}y") == ["x", "\u{301}y~blob"])
    }

    @Test func documentedExamples() {
        #expect(BlobNameEscaping.components(of: "pictures/bob/desert.jpg") == ["pictures", "bob", "desert.jpg~blob"])
        #expect(BlobNameEscaping.components(of: "/.profile") == ["~empty", "%2Eprofile~blob"])
        #expect(BlobNameEscaping.components(of: "100%~done") == ["100%25%7Edone~blob"])
        #expect(BlobNameEscaping.components(of: "a//b") == ["a", "~empty", "b~blob"])
        let long = BlobNameEscaping.components(of: String(repeating: "q", count: 600))
        #expect(long.map(\.utf8.count) == [255, 255, 105])
        #expect(long[0].hasSuffix("~more") && long[1].hasSuffix("~more") && long[2].hasSuffix("~blob"))
    }

    @Test func longSegmentsAreCutAtScalarBoundaries() {
        let name = String(repeating: "a😀", count: 300)
        for component in BlobNameEscaping.components(of: name) {
            let body = component.utf8.dropLast(5)
            #expect(String(validating: Array(body), as: UTF8.self) != nil)
            #expect(body.count <= BlobNameEscaping.maxPieceBytes)
        }
    }

    @Test func foreignAndNonCanonicalEntriesAreRefused() {
        for foreign in ["%41", "%2e", "%2", "%ZZ", ".hidden", "a~b", "~blob", "~more", "~", "%7e", "x~blob~blob"] {
            #expect(BlobNameEscaping.entry(Array(foreign.utf8)) == nil, "\(foreign)")
        }
        #expect(BlobNameEscaping.entry(Array("~empty".utf8)) == .folder([]))
        #expect(BlobNameEscaping.entry(Array("%2Ea~more".utf8)) == .continuation(Array(".a".utf8)))
    }

    @Test func randomNamesRoundTrip() {
        var generator = SeededGenerator(seed: 7)
        let alphabet: [String] = ["a", "b", "/", ".", "%", "~", " ", "-", "字", "😀", "\\", "Z"]
        for _ in 0..<2_000 {
            let count = Int.random(in: 1...40, using: &generator)
            let name = (0..<count).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            guard BlobName.problem(name, inRoot: false) == nil else { continue }
            let components = BlobNameEscaping.components(of: name)
            checkSafe(components, name)
            #expect(decode(components) == name, "\(name)")
        }
    }

    @Test func stagingNamesAreSafeAndStable() {
        let ids = ["job1-drive2-000042", "", ".", "..", "../../etc", "a/b", "%", "~", "名前",
                   String(repeating: "x", count: 5_000), String(repeating: "x", count: 4_999) + "y"]
        let entries = ids.map { StagingName.entry(for: StagedBlobID($0)) }
        #expect(Set(entries).count == ids.count)
        for entry in entries {
            #expect(!entry.isEmpty && entry.utf8.count <= 255 && !entry.hasPrefix(".") && !entry.contains("/"))
        }
        #expect(entries[0] == "job1-drive2-000042")
        #expect(StagingName.entry(for: StagedBlobID("a/b")) == entries[5])
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
