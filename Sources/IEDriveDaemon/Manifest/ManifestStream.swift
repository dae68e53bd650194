import IEDriveCopy
import IEDriveCore
import IEDriveManifest

/// Reads the manifest from the volume in 1 MiB pieces and feeds the streaming validator, so a
/// manifest of a million blobs never sits in memory whole.
struct ManifestStream {
    static let pieceSize: UInt64 = 1 << 20

    let volume: any VolumeReader
    let entry: VolumeEntry
    let options: ManifestOptions

    /// Validates the whole manifest (pass one): structure, every rule, the hash. Returns the
    /// summary and the manifest's MD5 (it keys the copy journal); throws the drive failure for
    /// a structural error.
    func validateWithDigest(expectedHash: ManifestHash?) async throws -> (summary: ManifestSummary, md5: MD5Digest) {
        var validator = ManifestValidator(options: options)
        var digest = StreamDigest()
        try await forEachPiece { bytes in
            digest.update(bytes)
            try feed(&validator, bytes) { _ in }
        }
        validator.finish()
        try drain(&validator) { _ in }
        guard let summary = validator.summary else {
            throw DriveFailure(.manifestFileError, status: .manifestFormatInvalid, "the manifest ended without a summary")
        }
        if let expectedHash, !digest.matches(expectedHash) {
            throw DriveFailure(.manifestFileError, status: .manifestCorrupted,
                               "the manifest's hash differs from the job's manifestHash (\(expectedHash.hex)); " +
                               "the manifest on the drive is not the one the job was created with")
        }
        return (summary, digest.md5)
    }

    /// Streams the (already validated) manifest again, handing out blobs in batches: those
    /// whose `</Blob>` closed within one piece. `beforeReading` runs before each manifest
    /// piece is requested: answers come in request order, so the caller must first take the
    /// answers of requests it still has in flight.
    func blobs(beforeReading: () async throws -> Void, _ body: ([ManifestBlob]) async throws -> Void) async throws {
        var validator = ManifestValidator(options: options)
        try await forEachPiece(beforeReading: beforeReading) { bytes in
            var batch: [ManifestBlob] = []
            try feed(&validator, bytes) { batch.append($0) }
            if !batch.isEmpty { try await body(batch) }
        }
        validator.finish()
        var batch: [ManifestBlob] = []
        try drain(&validator) { batch.append($0) }
        if !batch.isEmpty { try await body(batch) }
    }

    private func forEachPiece(beforeReading: () async throws -> Void = {},
                              _ body: ([UInt8]) async throws -> Void) async throws {
        var offset: UInt64 = 0
        while offset < entry.size {
            try await beforeReading()
            var piece: [UInt8] = []
            let range = ReadRange(path: entry.path, offset: offset, length: min(Self.pieceSize, entry.size - offset))
            do {
                _ = try await volume.read(range) { piece += $0 }
            } catch let failure as ReaderFailure where !failure.isFatal {
                throw DriveFailure(.manifestFileError, status: .readManifestFailed, "cannot read the manifest: \(failure.message)")
            }
            guard !piece.isEmpty else { break }
            offset += UInt64(piece.count)
            try await body(piece)
        }
    }

    private func feed(_ validator: inout ManifestValidator, _ bytes: [UInt8],
                      _ blob: (ManifestBlob) throws -> Void) throws {
        do {
            try validator.feed(bytes)
        } catch {
            throw DriveFailure(.manifestFileError, status: error.status, "\(error.message) at \(error.location)")
        }
        try drain(&validator, blob)
    }

    private func drain(_ validator: inout ManifestValidator, _ blob: (ManifestBlob) throws -> Void) throws {
        while true {
            let item: ManifestItem?
            do {
                item = try validator.next()
            } catch {
                throw DriveFailure(.manifestFileError, status: error.status, "\(error.message) at \(error.location)")
            }
            guard let item else { return }
            if case .blob(let value) = item { try blob(value) }
        }
    }
}
