import IEDriveCore
import IEDriveManifest

/// Small manifests for rule tests: a valid skeleton whose parts a test replaces.
enum ManifestFixture {
    static let hashA = "01BB1AC3926B4B4A62234E9FECD44E7D"

    /// A whole manifest around `blobs` (the `Blob` elements), with line 1 the declaration,
    /// line 2 `<DriveManifest>`, and the first blob starting on line 7.
    static func manifest(blobs: String, drive: String = "    <DriveId>ZA1B2C3D</DriveId>\n", list: String = "",
                         version: String = "2014-11-01") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <DriveManifest Version="\(version)">
          <Drive>
        \(drive)    <BlobList>
        \(list)
        \(blobs)
            </BlobList>
          </Drive>
        </DriveManifest>

        """
    }

    /// One block blob of `length` bytes with the given `BlockList` body (defaults to one block
    /// covering it). Its `<Blob>` is on the first line, `Length` on the fourth, the first block
    /// on the sixth.
    static func blockBlob(path: String = "photos/a.jpg", file: String = #"\data\a.jpg"#, length: UInt64 = 1_000,
                          blocks: String? = nil, extra: String = "") -> String {
        let body = blocks ?? #"<Block Offset="0" Length="\#(length)" Hash="\#(hashA)"/>"#
        return """
              <Blob>
                <BlobPath>\(path)</BlobPath>
                <FilePath>\(file)</FilePath>
                <Length>\(length)</Length>
                <BlockList>
                  \(body)
                </BlockList>\(extra)
              </Blob>
        """
    }

    /// One page blob; same line layout as `blockBlob`.
    static func pageBlob(path: String = "disks/d.vhd", length: UInt64 = 4_096, ranges: String) -> String {
        """
              <Blob>
                <BlobPath>\(path)</BlobPath>
                <FilePath>\\disks\\d.vhd</FilePath>
                <Length>\(length)</Length>
                <PageRangeList>
                  \(ranges)
                </PageRangeList>
              </Blob>
        """
    }

    static func block(_ offset: UInt64, _ length: UInt64, id: String? = nil, hash: String = hashA) -> String {
        let idAttribute = id.map { #" Id="\#($0)""# } ?? ""
        return #"<Block Offset="\#(offset)" Length="\#(length)"\#(idAttribute) Hash="\#(hash)"/>"#
    }

    static func page(_ offset: UInt64, _ length: UInt64) -> String {
        #"<PageRange Offset="\#(offset)" Length="\#(length)" Hash="\#(hashA)"/>"#
    }
}

/// The structural error a manifest text produces, or nil when it validates.
func manifestError(_ text: String, options: ManifestOptions = ManifestOptions()) -> ManifestFormatError? {
    do {
        _ = try ManifestValidator.validate(Array(text.utf8), options: options)
        return nil
    } catch {
        return error
    }
}

func validManifest(_ text: String, options: ManifestOptions = ManifestOptions()) throws -> ValidatedManifest {
    try ManifestValidator.validate(Array(text.utf8), options: options)
}
