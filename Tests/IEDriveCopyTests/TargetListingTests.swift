import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// Listing: byte order, prefixes, paging with `startAfter`, and the case where a long
/// segment's pieces and a folder of the same text interleave.
@Suite struct TargetListingTests {
    @Test func prefixesAndPagesFollowByteOrder() throws {
        let fixture = try TargetFixture("listing")
        defer { fixture.cleanup() }
        let names = ["a", "a-b", "a.b", "a/b", "a/b/c", "a0", "b", "logs/2022-01/app.log", "logs/2022-summary.csv",
                     "logs/2023/x", "Z", "é", "e\u{301}", "😀", "~tilde", "%pct", "/slash", "a//b"]
        for name in names { try fixture.put("box/" + name, [1]) }
        let sorted = byteSorted(names)
        for size in [1, 2, 3, 7, 100] {
            #expect(try fixture.allNames("box", pageSize: size) == sorted, "page size \(size)")
        }
        for prefix in ["", "a", "a/", "a/b", "logs/2022-", "logs/2022-01/", "logs/2023/x", "zzz", "é", "e"] {
            for size in [1, 3, 50] {
                #expect(try fixture.allNames("box", prefix: prefix, pageSize: size) == sorted.filter { $0.hasPrefixBytes(prefix) },
                        "prefix \(prefix) size \(size)")
            }
        }
        let afterA = try fixture.target.list(container: "box", prefix: "", startAfter: "a/b", limit: 3).map(\.path.name)
        #expect(afterA == Array(sorted.drop { !"a/b".utf8.lexicographicallyPrecedes($0.utf8) }.prefix(3)))
        #expect(try fixture.target.list(container: "box", prefix: "", startAfter: "zzzzzzzzzz", limit: 3).count
            == sorted.filter { "zzzzzzzzzz".utf8.lexicographicallyPrecedes($0.utf8) }.count)
        #expect(try fixture.target.list(container: "nosuch", prefix: "", startAfter: nil, limit: 10).isEmpty)
        #expect(try fixture.target.list(container: ".iedrive", prefix: "", startAfter: nil, limit: 10).isEmpty)
        #expect(try fixture.target.list(container: "box", prefix: "", startAfter: nil, limit: 0).isEmpty)
    }

    @Test func longSegmentPiecesInterleavingWithAFolderListInOrder() throws {
        // "c" is exactly one piece long: "c/z" is folder c, "c-a" and "c0" continue c's piece.
        // Their names alternate around '/': c-a < c/z < c0.
        let fixture = try TargetFixture("interleave")
        defer { fixture.cleanup() }
        let c = String(repeating: "k", count: BlobNameEscaping.maxPieceBytes)
        let names = [c + "-a", c + "/z", c + "0", c, c + "/y/q", c + "-a/b", c + "." + "x"]
        for name in names.reversed() { try fixture.put("box/" + name, [2]) }
        let sorted = byteSorted(names)
        for size in [1, 2, 3, 10] { #expect(try fixture.allNames("box", pageSize: size) == sorted, "size \(size)") }
        #expect(try fixture.allNames("box", prefix: c + "/", pageSize: 1) == [c + "/y/q", c + "/z"])
        #expect(try fixture.allNames("box", prefix: c + "-", pageSize: 1) == [c + "-a", c + "-a/b"])
    }

    @Test func randomNamesListLikeASortedArray() throws {
        let fixture = try TargetFixture("randomlist")
        defer { fixture.cleanup() }
        var generator = SeededGenerator(seed: 11)
        let alphabet: [String] = ["a", "b", "/", ".", "%", "~", "-", "0", "字", String(repeating: "L", count: 120)]
        var names = Set<[UInt8]>()
        while names.count < 300 {
            let name = (0..<Int.random(in: 1...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined()
            guard BlobName.problem(name, inRoot: false) == nil else { continue }
            if names.insert(Array(name.utf8)).inserted { try fixture.put("box/" + name, [3]) }
        }
        let sorted = byteSorted(names.map { String(decoding: $0, as: UTF8.self) })
        for size in [1, 17, 1_000] { #expect(try fixture.allNames("box", pageSize: size) == sorted, "size \(size)") }
        for prefix in ["a", "a/", "%", "~", "L", "字/", "a.b"] {
            #expect(try fixture.allNames("box", prefix: prefix, pageSize: 13) == sorted.filter { $0.hasPrefixBytes(prefix) })
        }
    }
}

extension String {
    /// Prefix by UTF-8 bytes (Swift's `hasPrefix` compares canonically equivalent text as equal).
    func hasPrefixBytes(_ prefix: String) -> Bool { utf8.starts(with: prefix.utf8) }
}
