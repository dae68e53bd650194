import IEDriveCore
@testable import IEDriveS3Target
import Testing

@Suite struct S3BlobLayoutTests {
    @Test func blobsAreKeysUnderThePrefix() throws {
        let layout = S3BlobLayout(prefix: "/imports/site-a/")
        #expect(layout.prefix == "imports/site-a/")
        let path = try BlobPath.parse("photos/2024/a b+c%.jpg")
        #expect(layout.key(for: path) == "imports/site-a/photos/2024/a b+c%.jpg")
        #expect(layout.path(forKey: "imports/site-a/photos/2024/a b+c%.jpg") == path)
        #expect(layout.path(forKey: "imports/site-a/.iedrive/staging/x") == nil, "bookkeeping is not a blob")
        #expect(layout.path(forKey: "elsewhere/photos/x") == nil)
        #expect(S3BlobLayout(prefix: "").key(for: path) == "photos/2024/a b+c%.jpg")
    }

    @Test func namesLongerThanAKeyGoToTheLongArea() throws {
        let layout = S3BlobLayout(prefix: "p")
        // 1,024 characters of a three-byte letter: a legal blob name, 3 KiB of UTF-8.
        let long = try BlobPath(container: "intake", name: String(repeating: "語", count: 1_024))
        let key = layout.key(for: long)
        #expect(layout.isLong(long) && key.hasPrefix("p/.iedrive/long/intake/") && key.utf8.count == 23 + 64, "\(key)")
        #expect(layout.key(for: long) == key, "the same name, the same key")
        // Up to the limit a name stays where S3 tools expect it.
        let fits = try BlobPath(container: "intake", name: String(repeating: "k", count: 1_024 - "p/intake/".utf8.count))
        #expect(!layout.isLong(fits) && layout.key(for: fits).utf8.count == 1_024)
    }
}
