public import IEDriveCore
import Synchronization

/// A **fake** drive volume, named as one: files held in memory behind the same
/// ``VolumeReader`` protocol the reader process serves, so the stages (manifest, attachments,
/// copy, verify, the drive's trip) run in unit tests without root, loop devices or a reader.
///
/// It keeps the real contract: answers come in the order requests were sent (taking another
/// request's answer is a protocol error, as with the reader), reads answer in pieces of at most
/// 1 MiB with an `end` telling the file's size, failures are ``ReaderFailure``s. With
/// ``mapped`` it also plays a plain volume: `map` answers extents on an in-memory device
/// (``plainDevice``) holding every file's bytes, so the copy's direct path runs too.
///
/// Faults, for the error paths: a file can answer with a failure (``fail(_:with:)``), the whole
/// volume can fail from some request on (``failEverything(with:)``: a drive pulled), and the
/// device can fail reads in a byte range.
public final class InMemoryVolume: VolumeReader, @unchecked Sendable {
    private struct State {
        var files: [String: [UInt8]] = [:]
        var directories: Set<String> = ["/"]
        var failures: [String: ReaderFailure] = [:]
        var everything: ReaderFailure?
        var unmappable: Set<String> = []
        var nextID: UInt32 = 1
        /// Answers not taken yet, in order, with the path asked about and, for reads, the
        /// number of pieces the answer had at first.
        var answers: [(id: UInt32, path: String, pieces: Int, answer: Answer)] = []
        var requests: [ReaderRequest] = []
        var device: InMemoryDevice?
        var layout: [String: UInt64] = [:]
        var gates: [String: ReadGate] = [:]
    }

    private enum Answer {
        case entry(VolumeEntry)
        case entries([VolumeEntry], ReplyEnd)
        case data([[UInt8]], ReplyEnd)
        case extents(FileExtents)
        case failure(ReaderFailure)
    }

    private let state = Mutex(State())
    /// Whether the volume plays a plain NTFS volume whose files the copy may read from the device.
    public let mapped: Bool
    /// The largest piece of a read's answer.
    public static let frameSize = 1 << 20

    public init(mapped: Bool = false) {
        self.mapped = mapped
    }

    // MARK: Setting up

    /// Adds (or replaces) a file at a `/`-separated path; its directories appear too.
    public func addFile(_ path: String, _ bytes: [UInt8]) {
        state.withLock { state in
            let normalized = Self.normalize(path)
            state.files[normalized] = bytes
            var parent = normalized
            while let slash = parent.lastIndex(of: "/"), parent != "/" {
                parent = slash == parent.startIndex ? "/" : String(parent[..<slash])
                state.directories.insert(parent)
            }
            state.device = nil
        }
    }

    public func addFile(_ path: String, text: String) {
        addFile(path, Array(text.utf8))
    }

    public func addDirectory(_ path: String) {
        _ = state.withLock { $0.directories.insert(Self.normalize(path)) }
    }

    public func removeFile(_ path: String) {
        _ = state.withLock { $0.files.removeValue(forKey: Self.normalize(path)) }
    }

    /// Every request on `path` answers with `failure`.
    public func fail(_ path: String, with failure: ReaderFailure) {
        state.withLock { $0.failures[Self.normalize(path)] = failure }
    }

    /// Every request from now on answers with `failure` (a pulled drive, a dead reader).
    public func failEverything(with failure: ReaderFailure) {
        state.withLock { $0.everything = failure }
    }

    /// `map` of `path` answers unmappable (resident or compressed data): read through the volume.
    public func makeUnmappable(_ path: String) {
        _ = state.withLock { $0.unmappable.insert(Self.normalize(path)) }
    }

    /// Holds the answer to the next read of `path` after its first piece until the gate is
    /// released (a drive that hangs mid-file); ``ReadGate/reached()`` waits for the moment.
    public func hold(_ path: String) -> ReadGate {
        let gate = ReadGate()
        state.withLock { $0.gates[Self.normalize(path)] = gate }
        return gate
    }

    /// What killing the reader does: every request from now on, and the reads held, fail as
    /// a reader that died.
    public func kill() {
        let gates = state.withLock { state in
            state.everything = ReaderFailure(.readerCrashed, "the reader was killed")
            for index in state.answers.indices { state.answers[index].answer = .failure(state.everything!) }
            return Array(state.gates.values)
        }
        for gate in gates { gate.release() }
    }

    /// The requests received so far, in order (what a stage asked of the volume).
    public var requests: [ReaderRequest] { state.withLock { $0.requests } }

    /// The device behind a mapped volume (made on first use: files added later move it).
    public var device: InMemoryDevice? {
        guard mapped else { return nil }
        return state.withLock { state in Self.device(&state) }
    }

    // MARK: VolumeReader

    public var plainDevice: (any DeviceBytes)? { device }

    public func send(_ request: ReaderRequest) -> UInt32 {
        state.withLock { state in
            let id = state.nextID
            state.nextID &+= 1
            state.requests.append(request)
            let answer = Self.answer(request, &state, mapped: mapped)
            let pieces = if case .data(let chunks, _) = answer { chunks.count } else { 0 }
            state.answers.append((id, Self.path(of: request), pieces, answer))
            return id
        }
    }

    public func takeEntry(for id: UInt32) async throws -> VolumeEntry {
        switch try take(id) {
        case .entry(let entry): return entry
        default: throw Self.outOfOrder("an entry")
        }
    }

    public func nextEntries(for id: UInt32) async throws -> EntriesChunk {
        // A list answers one batch, then its end: the head stays until the end is taken.
        try state.withLock { state in
            guard let head = state.answers.first, head.id == id else { throw Self.outOfOrder("entries of request \(id)") }
            switch head.answer {
            case .entries(let batch, let end):
                if batch.isEmpty {
                    state.answers.removeFirst()
                    return .end(end)
                }
                state.answers[0].answer = .entries([], end)
                return .entries(batch)
            case .failure(let failure):
                state.answers.removeFirst()
                throw failure
            default:
                throw Self.outOfOrder("entries")
            }
        }
    }

    public func nextData(for id: UInt32) async throws -> ReadChunk {
        // A held read stops after its first piece.
        let gate: ReadGate? = state.withLock { state in
            guard let head = state.answers.first, head.id == id, case .data(let pieces, _) = head.answer,
                  pieces.count < head.pieces else { return nil }
            return state.gates[head.path]
        }
        if let gate { await gate.pass() }
        // A read answers in several frames: the head stays until its end is taken.
        let chunk: ReadChunk = try state.withLock { state in
            guard let head = state.answers.first, head.id == id else { throw Self.outOfOrder("data of request \(id)") }
            switch head.answer {
            case .data(var pieces, let end):
                if pieces.isEmpty {
                    state.answers.removeFirst()
                    return .end(end)
                }
                let piece = pieces.removeFirst()
                state.answers[0].answer = .data(pieces, end)
                return .data(piece)
            case .failure(let failure):
                state.answers.removeFirst()
                throw failure
            default:
                throw Self.outOfOrder("data")
            }
        }
        return chunk
    }

    public func takeExtents(for id: UInt32) async throws -> FileExtents {
        switch try take(id) {
        case .extents(let extents): return extents
        default: throw Self.outOfOrder("extents")
        }
    }

    // MARK: -

    private func take(_ id: UInt32) throws -> Answer {
        let answer: Answer = try state.withLock { state in
            guard let head = state.answers.first, head.id == id else { throw Self.outOfOrder("the answer to request \(id)") }
            state.answers.removeFirst()
            return head.answer
        }
        if case .failure(let failure) = answer { throw failure }
        return answer
    }

    private static func answer(_ request: ReaderRequest, _ state: inout State, mapped: Bool) -> Answer {
        if let failure = state.everything { return .failure(failure) }
        switch request {
        case .stat(let path):
            let path = normalize(path)
            if let failure = state.failures[path] { return .failure(failure) }
            if let bytes = state.files[path] { return .entry(VolumeEntry(path: path, kind: .file, size: UInt64(bytes.count))) }
            if state.directories.contains(path) { return .entry(VolumeEntry(path: path, kind: .directory, size: 0)) }
            return .failure(notFound(path))
        case .list(let path), .walk(let path):
            let path = normalize(path)
            if let failure = state.failures[path] { return .failure(failure) }
            guard state.directories.contains(path) else {
                return .failure(state.files[path] != nil
                    ? ReaderFailure(.wrongKind, "\(path) is a file, not a directory.", path: path) : notFound(path))
            }
            let recursive = if case .walk = request { true } else { false }
            let found = entries(below: path, recursive: recursive, state)
            return .entries(found, ReplyEnd(count: UInt64(found.count)))
        case .read(let range):
            let path = normalize(range.path)
            if let failure = state.failures[path] { return .failure(failure) }
            guard let bytes = state.files[path] else {
                return .failure(state.directories.contains(path)
                    ? ReaderFailure(.wrongKind, "\(path) is a directory, not a file.", path: path) : notFound(path))
            }
            let size = UInt64(bytes.count)
            let start = min(range.offset, size)
            let end = range.length == UInt64.max ? size : min(size, start.addingReportingOverflow(range.length).overflow ? size : start + range.length)
            var pieces: [[UInt8]] = []
            var offset = Int(start)
            while offset < Int(end) {
                let next = min(Int(end), offset + frameSize)
                pieces.append(Array(bytes[offset..<next]))
                offset = next
            }
            return .data(pieces, ReplyEnd(count: end - start, fileSize: size))
        case .map(let path):
            let path = normalize(path)
            if let failure = state.failures[path] { return .failure(failure) }
            guard let bytes = state.files[path] else { return .failure(notFound(path)) }
            let size = UInt64(bytes.count)
            let mapping: FileExtents.Mapping
            if !mapped || state.unmappable.contains(path) {
                mapping = .unmappable(reason: mapped ? "the fake keeps this file unmappable" : "not a plain volume")
            } else {
                _ = device(&state)
                let start = state.layout[path] ?? 0
                mapping = .mapped(size == 0 ? [] : [FileExtents.Extent(fileOffset: 0, length: size, deviceOffset: start)])
            }
            // swiftlint:disable:next force_try
            return .extents(try! FileExtents(fileSize: size, mapping: mapping))
        case .open, .shutdown:
            return .failure(ReaderFailure(.badRequest, "the in-memory volume is always open"))
        }
    }

    private static func entries(below path: String, recursive: Bool, _ state: State) -> [VolumeEntry] {
        let prefix = path == "/" ? "/" : path + "/"
        func isChild(_ candidate: String) -> Bool {
            guard candidate != path, candidate.hasPrefix(prefix) else { return false }
            return recursive || !candidate.dropFirst(prefix.count).contains("/")
        }
        var result: [VolumeEntry] = []
        for directory in state.directories.sorted() where isChild(directory) {
            result.append(VolumeEntry(path: directory, kind: .directory, size: 0))
        }
        for (file, bytes) in state.files.sorted(by: { $0.key < $1.key }) where isChild(file) {
            result.append(VolumeEntry(path: file, kind: .file, size: UInt64(bytes.count)))
        }
        return recursive ? result.sorted { $0.path.count < $1.path.count || ($0.path.count == $1.path.count && $0.path < $1.path) } : result
    }

    private static func device(_ state: inout State) -> InMemoryDevice {
        if let device = state.device { return device }
        var bytes: [UInt8] = []
        var layout: [String: UInt64] = [:]
        for (path, content) in state.files.sorted(by: { $0.key < $1.key }) {
            // Files start on 4 KiB boundaries, one zero page between them, as clusters would.
            bytes += [UInt8](repeating: 0, count: (4096 - bytes.count % 4096) % 4096 + 4096)
            layout[path] = UInt64(bytes.count)
            bytes += content
        }
        bytes += [UInt8](repeating: 0, count: 4096)
        let device = InMemoryDevice(bytes)
        state.device = device
        state.layout = layout
        return device
    }

    private static func path(of request: ReaderRequest) -> String {
        switch request {
        case .stat(let path), .list(let path), .walk(let path), .map(let path): normalize(path)
        case .read(let range): normalize(range.path)
        case .open, .shutdown: ""
        }
    }

    static func normalize(_ path: String) -> String {
        "/" + path.split(whereSeparator: { $0 == "/" || $0 == "\\" }).joined(separator: "/")
    }

    private static func notFound(_ path: String) -> ReaderFailure {
        ReaderFailure(.notFound, "\(path) is not on the volume.", path: path)
    }

    private static func outOfOrder(_ what: String) -> ReaderFailure {
        ReaderFailure(.readerCrashed, "the in-memory volume was asked for \(what) out of order")
    }
}

/// Holds a read of an ``InMemoryVolume`` until released.
public final class ReadGate: Sendable {
    private struct State {
        var released = false
        var waiting: [CheckedContinuation<Void, Never>] = []
        var reached = false
        var watchers: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    init() {}

    /// Lets the held read (and every later one) go on.
    public func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting.removeAll() }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }

    /// Returns once a read is held at the gate.
    public func reached() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if !state.reached { state.watchers.append(continuation) }
                return state.reached
            }
            if now { continuation.resume() }
        }
    }

    func pass() async {
        await withCheckedContinuation { continuation in
            let (open, watchers) = state.withLock { state in
                state.reached = true
                defer { state.watchers.removeAll() }
                if !state.released { state.waiting.append(continuation) }
                return (state.released, state.watchers)
            }
            for watcher in watchers { watcher.resume() }
            if open { continuation.resume() }
        }
    }
}

/// The **fake** device behind a mapped ``InMemoryVolume``: bytes in memory, with an optional
/// failing range (a bad sector) and an optional gate that holds reads (a drive that hangs).
public final class InMemoryDevice: DeviceBytes, @unchecked Sendable {
    private let bytes: [UInt8]
    private let faults = Mutex<(range: Range<UInt64>, errno: Int32)?>(nil)
    public let readTimeoutSeconds: Double

    init(_ bytes: [UInt8], readTimeoutSeconds: Double = 5) {
        self.bytes = bytes
        self.readTimeoutSeconds = readTimeoutSeconds
    }

    public var size: UInt64 { UInt64(bytes.count) }

    /// Reads touching `range` fail with `errno` (as `pread` would on a bad sector).
    public func failReads(in range: Range<UInt64>, errno: Int32) {
        faults.withLock { $0 = (range, errno) }
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        if let fault = faults.withLock({ $0 }), fault.range.overlaps(offset..<offset + UInt64(max(1, buffer.count))) {
            return -Int(fault.errno)
        }
        guard offset < size else { return 0 }
        let count = min(buffer.count, Int(size - offset))
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + Int(offset), byteCount: count)
        }
        return count
    }
}
