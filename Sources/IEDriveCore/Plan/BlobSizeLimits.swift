/// Largest blob the service accepts, by blob type. The sources disagree (drive-manifest.md §8):
/// the 2014 manifest reference says 200 GB for block blobs and 1 TB for page blobs, the 2021
/// FAQ ~4.768 TB and 8 TB. Config switch `limits: legacy | current`, default `current`.
///
/// Exact values: both block figures are 50,000 blocks times the block size of their era —
/// 4 MiB (209,715,200,000 bytes, "200 GB") and 100 MiB (5,242,880,000,000 bytes = 4.768 TiB);
/// the page figures are 1 TiB and 8 TiB. Note that a manifest's own block rules (≤ 50,000
/// blocks of ≤ 4 MiB) already cap a block blob at the legacy figure.
public enum BlobSizeLimits: String, Sendable, Hashable, CaseIterable {
    case current
    case legacy

    public func maxLength(of type: BlobType) -> UInt64 {
        switch (self, type) {
        case (.legacy, .block): 50_000 * 4_194_304
        case (.legacy, .page): 1 << 40
        case (.current, .block): 50_000 * 104_857_600
        case (.current, .page): 8 << 40
        }
    }
}
