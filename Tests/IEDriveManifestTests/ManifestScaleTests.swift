import Foundation
import IEDriveCore
import IEDriveManifest
import Testing

/// A generated manifest of 1,000,000 blobs (100,000 in debug builds, where the same code runs
/// ~10× slower; override with IEDRIVE_MANIFEST_BLOBS) validated in bounded memory. The peak resident set is reset before the run (`/proc/self/clear_refs`, 5)
/// and read after (`VmHWM`); the bound is generous because other suites run in parallel. The
/// throughput line is printed, never asserted; `scripts/bench-manifest` runs this in release.
@Suite("Manifest at scale")
struct ManifestScaleTests {
    static var blobCount: Int {
        #if DEBUG
        let fallback = 100_000
        #else
        let fallback = 1_000_000
        #endif
        return ProcessInfo.processInfo.environment["IEDRIVE_MANIFEST_BLOBS"].flatMap(Int.init) ?? fallback
    }

    @Test func millionBlobManifestInBoundedMemory() throws {
        let count = Self.blobCount
        var validator = ManifestValidator()
        var blobs = 0
        var pieces = 0
        var bytes = 0
        var validating = Duration.zero
        let clock = ContinuousClock()
        ProcessMemory.resetPeak()
        let before = ProcessMemory.residentBytes()
        for chunk in GeneratedManifest(blobs: count) {
            bytes += chunk.count
            let started = clock.now
            try validator.feed(chunk)
            while let item = try validator.next() {
                if case .blob(let blob) = item {
                    blobs += 1
                    pieces += blob.pieces.count
                }
            }
            validating += clock.now - started
        }
        validator.finish()
        while try validator.next() != nil {}
        let peakDelta = max(0, ProcessMemory.peakBytes() - before)
        let summary = try #require(validator.summary)

        #expect(blobs == count)
        #expect(summary.blobCount == count)
        #expect(summary.documentBytes == UInt64(bytes))
        #expect(pieces == count / 50 * 2 + (count / 10 - count / 50) * 3 + (count - count / 10))
        // ~32 bytes per blob for the duplicate-path set plus a few MiB of buffers; allow 4×.
        #expect(peakDelta < 64 << 20 + count * 128, "peak grew by \(peakDelta) bytes")

        let seconds = validating.inSeconds
        let megabytes = Double(bytes) / 1_048_576
        print("""
        manifest-scale: \(count) blobs, \(String(format: "%.1f", megabytes)) MiB of XML, validated in \
        \(String(format: "%.2f", seconds)) s = \(String(format: "%.1f", megabytes / seconds)) MiB/s; \
        peak RSS +\(String(format: "%.1f", Double(peakDelta) / 1_048_576)) MiB = \(peakDelta / max(count, 1)) bytes/blob; \
        duplicate set \(summary.duplicateSetBytes / 1_048_576) MiB = \(summary.duplicateSetBytes / max(count, 1)) bytes/blob
        """)
    }
}

/// Resident-set figures of this process from /proc/self/status (Linux).
enum ProcessMemory {
    /// Resets `VmHWM` to the current resident set (writing 5 to clear_refs, Linux ≥ 4.0).
    static func resetPeak() {
        if let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
            handle.write(Data("5".utf8))
            try? handle.close()
        }
    }

    static func residentBytes() -> Int { field("VmRSS") }
    static func peakBytes() -> Int { field("VmHWM") }

    private static func field(_ name: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
            return kilobytes * 1_024
        }
        return 0
    }
}
