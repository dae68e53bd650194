import Crypto
import Foundation
import IEDriveCore
import IEDriveS3
import NIOCore
import Synchronization

/// One blob staged in an S3 bucket. Blocks arrive at any offset and in any order; they are
/// gathered into parts of ``partSize`` bytes (the part `n` holds bytes `n·size ..< (n+1)·size`).
///
/// - A blob of at most one part (most blobs) stays in memory and is stored by one PUT when it
///   is published: nothing of it is durable before.
/// - A larger blob is a multipart upload at its staging key (`PREFIX/.iedrive/staging/ID`): a
///   part is handed to the target's upload queue (``S3PartUploads``), with its `Content-MD5`,
///   as soon as every byte of it has arrived — for a page blob, every byte of the ranges that
///   fall in it (``willWrite(_:)``) — and its buffer is freed once sent; the pieces of uploaded
///   parts are durable. The upload is found, or begun, before the first write: a resumed copy
///   adopts the parts the store holds (ListMultipartUploads, ListParts).
final class S3StagedBlob: StagedBlob, @unchecked Sendable {
    let id: StagedBlobID
    let length: UInt64
    let partSize: UInt64
    let key: String
    private let client: S3Client
    private let uploads: S3PartUploads
    /// The uploads of this blob's parts under way.
    private let inFlight = DispatchGroup()
    private let state = Mutex(State())
    /// The whole blob's MD5, fed the parts in order as they are handed to the uploads (kept
    /// apart from `state`, so hashing a part never holds up the lanes filling the next).
    private let hashing = Mutex(WholeHash())
    /// Serialises finding or starting the multipart upload.
    private let uploadLock = NSLock()
    private let queue = DispatchQueue(label: "iedrive.s3.staged")

    struct State {
        var uploadID: String?
        /// Parts being filled: their bytes (zero where nothing arrived yet) and how many arrived.
        /// Kept as the `ByteBuffer` the request body will be: no copy between arriving and
        /// leaving.
        var filling: [Int: (bytes: ByteBuffer, arrived: UInt64)] = [:]
        /// Parts the store holds, by number (1-based).
        var uploaded: [Int: S3Client.Part] = [:]
        /// Parts handed to the uploads and not yet answered (neither filling nor uploaded).
        var submitted: Set<Int> = []
        /// How many bytes writes will bring into each part, when the blob has holes (a page
        /// blob: ``willWrite(_:)``); absent parts hold no written range. Nil: every byte.
        var expected: [Int: UInt64]?
        /// The first failure; every later write reports it.
        var failure: TargetError?
    }

    /// The whole blob's MD5 over the parts in order; parts whole ahead of their turn wait
    /// here (a few at most: pieces arrive nearly in order). Nil once it cannot be had (parts
    /// adopted from an earlier run, too many waiting): it is then read back at publish.
    struct WholeHash {
        var md5: Insecure.MD5? = Insecure.MD5()
        var hashedParts = 0
        var waiting: [Int: ByteBuffer] = [:]
    }

    /// Parts held back for the whole MD5 beyond this give the MD5 up (memory first).
    static let maxWaitingForHash = 4

    /// The smallest part S3 takes (but the last); the part size grows with the blob so no
    /// blob needs more than 10,000 parts.
    static let minimumPartSize: UInt64 = 8 << 20

    static func partSize(for length: UInt64) -> UInt64 {
        let needed = (length + 9_999) / 10_000
        let mebibyte: UInt64 = 1 << 20
        return max(minimumPartSize, (needed + mebibyte - 1) / mebibyte * mebibyte)
    }

    init(id: StagedBlobID, length: UInt64, key: String, client: S3Client, uploads: S3PartUploads) {
        self.id = id
        self.length = length
        self.key = key
        self.client = client
        self.uploads = uploads
        partSize = Self.partSize(for: length)
    }

    /// A blob of one part at most: stored by one PUT at publish.
    var isSingle: Bool { length <= partSize }
    var partCount: Int { length == 0 ? 1 : Int((length + partSize - 1) / partSize) }

    private func range(ofPart number: Int) -> Range<UInt64> {
        let start = UInt64(number - 1) * partSize
        return start..<min(length, start + partSize)
    }

    // MARK: StagedBlob

    func write(_ bytes: PieceBytes, at offset: UInt64, md5: MD5Digest?) async -> StagedWriteResult {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                var position = offset
                var result = StagedWriteResult.written
                for chunk in bytes.chunks {
                    result = chunk.withUnsafeBytes { accept($0, at: position) }
                    if case .written = result { position += UInt64(chunk.count) } else { break }
                }
                continuation.resume(returning: result)
            }
        }
    }

    func writeNow(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, md5: MD5Digest?) -> StagedWriteResult {
        accept(bytes, at: offset)
    }

    func createNow() throws(TargetError) {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// A page blob's ranges: a part goes up once its ranges have arrived, so a sparse blob
    /// never holds more than the parts being filled (its holes are zeros in the part).
    func willWrite(_ ranges: [Range<UInt64>]) {
        var expected: [Int: UInt64] = [:]
        for asked in ranges {
            let written = asked.clamped(to: 0..<length)
            var position = written.lowerBound
            while position < written.upperBound {
                let number = Int(position / partSize) + 1
                let end = min(written.upperBound, range(ofPart: number).upperBound)
                expected[number, default: 0] += end - position
                position = end
            }
        }
        state.withLock { $0.expected = expected }
    }

    // MARK: Parts

    /// Copies `bytes` into the parts they fall in; uploads each part that became whole.
    private func accept(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) -> StagedWriteResult {
        guard offset + UInt64(bytes.count) <= length else { return .failed(EINVAL) }
        // A multipart blob finds its upload before its first bytes are kept: parts an earlier
        // run left in the store are adopted, and bytes written into them again are dropped.
        if !isSingle, !hasUpload {
            do throws(TargetError) {
                _ = try ensureUpload()
            } catch {
                state.withLock { if $0.failure == nil { $0.failure = error } }
                return .notOpened(error)
            }
        }
        var whole: [(Int, ByteBuffer)] = []
        let failure = state.withLock { state -> TargetError? in
            if let failure = state.failure { return failure }
            var position = offset
            var consumed = 0
            while consumed < bytes.count {
                let number = Int(position / partSize) + 1
                let part = range(ofPart: number)
                let count = min(bytes.count - consumed, Int(part.upperBound - position))
                if state.uploaded[number] == nil, !state.submitted.contains(number) {
                    var filling = state.filling.removeValue(forKey: number) ?? (Self.zeros(Int(part.count)), 0)
                    let start = Int(position - part.lowerBound)
                    filling.bytes.setBytes(UnsafeRawBufferPointer(rebasing: bytes[consumed..<(consumed + count)]), at: start)
                    filling.arrived += UInt64(count)
                    let awaited = state.expected.map { $0[number] ?? 0 } ?? UInt64(part.count)
                    if filling.arrived >= awaited, !isSingle {
                        state.filling[number] = nil
                        state.submitted.insert(number)
                        whole.append((number, filling.bytes))
                    } else {
                        state.filling[number] = filling
                    }
                }
                position += UInt64(count)
                consumed += count
            }
            return nil
        }
        if let failure { return .notOpened(failure) }
        // Whole parts go up off this thread (a failure is reported by the next write, by
        // `completeUpload` and by `hasFailed`); the lane waits only for a free upload slot.
        for (number, bytes) in whole {
            uploads.submit(in: inFlight) { [self] in
                do throws(TargetError) {
                    try upload(number, bytes)
                } catch {
                    state.withLock { if $0.failure == nil { $0.failure = error } }
                }
                state.withLock { _ = $0.submitted.remove(number) }
            }
        }
        return .written
    }

    private func upload(_ number: Int, _ bytes: ByteBuffer) throws(TargetError) {
        let uploadID = try ensureUpload()
        hash(number, bytes)
        let md5 = Data(bytes.withUnsafeReadableBytes { Insecure.MD5.hash(data: $0) })
        do {
            let etag = try client.uploadPart(key, uploadID: uploadID, number: number, body: bytes,
                                             md5Base64: md5.base64EncodedString())
            let part = S3Client.Part(number: number, etag: etag, size: UInt64(bytes.readableBytes))
            state.withLock { $0.uploaded[number] = part }
        } catch {
            throw error.targetError
        }
    }

    /// The multipart upload of this staging key: the one a previous run began (its parts
    /// adopted), else a new one.
    private func ensureUpload() throws(TargetError) -> String {
        uploadLock.lock()
        defer { uploadLock.unlock() }
        if let id = state.withLock({ $0.uploadID }) { return id }
        do {
            if let existing = try client.listMultipartUploads(prefix: key).first(where: { $0.key == key }),
               let parts = try client.listParts(key, uploadID: existing.uploadID) {
                state.withLock { state in
                    state.uploadID = existing.uploadID
                    // A part the store holds whole was uploaded with its Content-MD5 from
                    // verified pieces: it wins over what this run may have gathered of it.
                    for part in parts where part.number <= partCount && UInt64(range(ofPart: part.number).count) == part.size {
                        state.uploaded[part.number] = part
                        state.filling[part.number] = nil
                    }
                }
                if !parts.isEmpty {
                    hashing.withLock { $0 = WholeHash(md5: nil) }   // bytes this run never saw: no whole MD5
                }
                return existing.uploadID
            }
            let id = try client.createMultipartUpload(key)
            state.withLock { $0.uploadID = id }
            return id
        } catch {
            throw error.targetError
        }
    }

    /// Feeds part `number` to the whole MD5 when its turn has come, else holds it back.
    private func hash(_ number: Int, _ bytes: ByteBuffer) {
        hashing.withLock { hash in
            guard hash.md5 != nil else { return }
            guard number == hash.hashedParts + 1 else {
                hash.waiting[number] = bytes
                if hash.waiting.count > Self.maxWaitingForHash { hash = WholeHash(md5: nil) }
                return
            }
            bytes.withUnsafeReadableBytes { hash.md5?.update(bufferPointer: $0) }
            hash.hashedParts += 1
            while let next = hash.waiting.removeValue(forKey: hash.hashedParts + 1) {
                next.withUnsafeReadableBytes { hash.md5?.update(bufferPointer: $0) }
                hash.hashedParts += 1
            }
        }
    }

    // MARK: For the target

    /// The whole blob's MD5 once every part was hashed in order; nil when it could not be.
    var wholeMD5: MD5Digest? {
        hashing.withLock { hash in
            guard hash.hashedParts == partCount, let md5 = hash.md5 else { return nil }
            return MD5Digest(bytes: Array(md5.finalize()))
        }
    }

    /// The whole blob's MD5: as hashed on the way up, else (parts adopted from an earlier run,
    /// or hashed out of order) read back from the completed upload, one part at a time.
    func wholeMD5OrRead() throws(TargetError) -> MD5Digest {
        if let md5 = wholeMD5 { return md5 }
        var md5 = Insecure.MD5()
        for number in 1...partCount {
            let part = range(ofPart: number)
            do {
                guard let bytes = try client.getObject(key, range: part, limit: Int(partSize)), bytes.count == part.count else {
                    throw TargetError.io("reading back \(key) for its MD5: part \(number) is not whole", errno: 5)
                }
                md5.update(data: bytes)
            } catch let error as S3Error {
                throw error.targetError
            } catch let error as TargetError {
                throw error
            } catch {
                throw .io("reading back \(key): \(error)", errno: 5)
            }
        }
        return MD5Digest(bytes: Array(md5.finalize()))!
    }

    /// Whether every part the bytes `offset ..< offset+length` fall in is in the store; parts
    /// handed to the uploads are waited for (only those: the lanes go on filling others).
    func isDurable(offset: UInt64, length: Int) -> Bool {
        guard !isSingle, length > 0 else { return false }
        let parts = (Int(offset / partSize) + 1)...(Int((offset + UInt64(length) - 1) / partSize) + 1)
        while state.withLock({ state in parts.contains { state.submitted.contains($0) } }) { usleep(1_000) }
        return state.withLock { state in parts.allSatisfy { state.uploaded[$0] != nil } }
    }

    /// A copy staging this blob again in the same process: the parts being filled are dropped
    /// (their pieces were never durable, so they are written again: counting them twice would
    /// send a part before its bytes are all there); what the store holds is kept.
    func restartFilling() {
        state.withLock { $0.filling.removeAll() }
    }

    /// The bytes of parts gathered in memory and not yet sent.
    var bytesHeld: Int {
        state.withLock { state in state.filling.values.reduce(0) { $0 + $1.bytes.readableBytes } }
    }

    /// Whether a write or an upload failed so far (every later write reports it).
    var hasFailed: Bool { state.withLock { $0.failure != nil } }

    /// Whether a multipart upload was begun (by this run or adopted).
    var hasUpload: Bool { state.withLock { $0.uploadID != nil } }

    /// The whole blob's bytes (a single-part blob; zeros where nothing was written: page-blob holes).
    func singleBytes() throws(TargetError) -> ByteBuffer {
        try state.withLock { state throws(TargetError) -> ByteBuffer in
            if let failure = state.failure { throw failure }
            return state.filling[1]?.bytes ?? Self.zeros(Int(length))
        }
    }

    /// A part's buffer before anything arrived: zeros (a page blob's holes stay zeros).
    static func zeros(_ count: Int) -> ByteBuffer {
        ByteBufferAllocator().buffer(repeating: 0, count: count)
    }

    /// Uploads what is left (parts still filling — holes of a page blob read as zeros — and
    /// parts never written at all) and completes the upload at the staging key.
    func completeUpload() throws(TargetError) {
        inFlight.wait()
        if let failure = state.withLock({ $0.failure }) { throw failure }
        let uploadID = try ensureUpload()
        for number in 1...partCount {
            let pending = state.withLock { state -> ByteBuffer? in
                if state.uploaded[number] != nil { return nil }
                let bytes = state.filling[number]?.bytes ?? Self.zeros(Int(range(ofPart: number).count))
                state.filling[number] = nil
                return bytes
            }
            if let pending {
                do throws(TargetError) {
                    try upload(number, pending)
                } catch {
                    state.withLock { if $0.failure == nil { $0.failure = error } }
                    throw error
                }
            }
        }
        let parts = state.withLock { state in (1...partCount).compactMap { state.uploaded[$0] } }
        do {
            try client.completeMultipartUpload(key, uploadID: uploadID, parts: parts)
        } catch {
            throw error.targetError
        }
    }

    /// Drops the upload (store) and the buffers (memory).
    func abandon() {
        inFlight.wait()
        let uploadID = state.withLock { state -> String? in
            state.filling.removeAll()
            return state.uploadID
        }
        if let uploadID { try? client.abortMultipartUpload(key, uploadID: uploadID) }
    }
}
