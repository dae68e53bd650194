import Foundation
import IEDriveCopy
import IEDriveCore
import IEDriveTestSupport
import Testing

/// A few hundred seeded corruptions of two small drives — a plain NTFS one and a BitLocker one —
/// aimed at the structures a reader trusts: boot sectors, MFT records (system files and the
/// customer's files, their runlists), index records, $LogFile, FVE metadata, file data, and
/// truncations. Each mutant goes through `iedrive probe`, `verify --full --json` and
/// `import --json`, and must:
/// * end, within a bound, in a documented exit status with JSON naming a failure state (exit 4)
///   or a drive status (exit 0, 5) — never a crash, a hang or an exit 1 but for a drive of no
///   bytes at all (the device is unusable: `DeviceUnavailable`, as for a drive without a medium);
/// * end the same from `verify` and `import`: the same failure state, or the same drive status
///   with the same status for every blob that has a problem (and a probe verdict, when the
///   probe refuses the drive, that both repeat);
/// * publish only blobs byte-identical to a file of the source tree;
/// * leave the image's SHA-256 as it was: an import drive is evidence, never written.
///
/// The mutations are drawn from a seed (IEDRIVE_CORRUPTION_SEED, hexadecimal; default below);
/// each failure names its mutant, seed and exact bytes. IEDRIVE_CORRUPTION_ONLY=N,M runs only
/// those mutants. A tally of the states reached goes to .build/test-artifacts/.
@Suite(.requiresRoot)
struct CorruptedImageTests {
    static let defaultSeed: UInt64 = 0x1ED_C0DE

    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["IEDRIVE_CORRUPTION_SEED"].flatMap { UInt64($0, radix: 16) } ?? defaultSeed
    }

    @Test("plain NTFS: seeded corruptions of the boot sector, MFT, index records, $LogFile, data and length end in a named state, the same from verify and import; published blobs exact; image unchanged")
    func plainNTFS() throws {
        let subject = try CorruptionSubjects.plain()
        let image = try readAll(subject.image)
        let map = try NTFSMap(image: image)
        var mutator = Mutator(image: image, seed: Self.seed)
        NTFSMutations.add(to: &mutator, map: map, label: "")
        NTFSMutations.addWholeImage(to: &mutator, map: map, imageSize: image.count)
        try CorruptionRun(subject: subject, name: "plain-ntfs").run(mutator.mutations)
    }

    @Test("BitLocker: seeded corruptions of the BitLocker header, FVE metadata, the encrypted NTFS and length end in a named state, the same from verify and import; published blobs exact; image unchanged",
          .requiresFixtures)
    func bitLocker() throws {
        let subject = try CorruptionSubjects.bitLocker()
        let image = try readAll(subject.image)
        let scratch = try TestEnvironment.temporaryDirectory("corrupt-bl-layout")
        defer { scratch.cleanup() }
        let key = try #require(subject.recoveryKey)
        let plaintext = try decryptedVolume(subject.image, key: key, in: scratch)
        let ntfs = try NTFSMap(image: plaintext)
        let bitLocker = try BitLockerMap(image: subject.image)
        var mutator = Mutator(image: image, seed: Self.seed ^ 0xB17_10C4)
        BitLockerMutations.add(to: &mutator, bitLocker: bitLocker, ntfs: ntfs, imageSize: image.count)
        try CorruptionRun(subject: subject, name: "bitlocker").run(mutator.mutations)
    }
}

// MARK: - The drives

/// A drive to corrupt and what it holds.
struct CorruptionSubject: Sendable {
    var image: String
    var recoveryKey: String?
    /// Blob path (`import/<relative path>`) → the source file's bytes.
    var sources: [String: [UInt8]]

    var keyArguments: [String] { recoveryKey.map { ["--recovery-key", $0] } ?? ["--allow-unencrypted"] }
}

enum CorruptionSubjects {
    static func plain() throws -> CorruptionSubject { try plainResult.get() }
    static func bitLocker() throws -> CorruptionSubject { try bitLockerResult.get() }

    private static let plainResult = Result { try build(kind: "plain-ntfs", options: ["--size", "8M"], label: "corrupt-plain", seed: 11) }
    private static let bitLockerResult = Result { try build(kind: "bitlocker-ntfs", options: [], label: "corrupt-bl", seed: 12) }

    /// A small tree: a resident file, two non-resident random files in 64 KiB blocks, an empty
    /// file, and a folder of 40 notes (its index no longer fits the MFT record: INDX records).
    private static func build(kind: String, options: [String], label: String, seed: Int) throws -> CorruptionSubject {
        let scratch = try TestEnvironment.temporaryDirectory(label)
        defer { scratch.cleanup() }
        let tree = try TestTree(root: scratch.file("tree"))
        try tree.write("small.txt", text: "a small file, resident in its MFT record\n")
        try tree.writeRandom("data/random.bin", count: 256 << 10, seed: seed)
        try tree.writeRandom("data/more.bin", count: (96 << 10) + 123, seed: seed + 100)
        try tree.write("empty.bin", [])
        for index in 0..<40 {
            try tree.write("docs/note-\(index < 10 ? "0" : "")\(index).txt",
                           text: String(repeating: "note \(index): corrupted drives must end in a named state. ", count: 6))
        }
        let manifest = try tree.makeManifest(driveID: "CORRUPT\(seed)", blockSize: 64 << 10, output: scratch.file("DriveManifest.xml"))
        var sources: [String: [UInt8]] = [:]
        for relative in try FileManager.default.subpathsOfDirectory(atPath: tree.root) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: tree.path(relative), isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            sources["import/" + relative] = try tree.contents(relative)
        }
        guard sources.count == manifest.blobCount else {
            throw TestSupportError.setup("\(sources.count) files, \(manifest.blobCount) blobs in the manifest")
        }
        try tree.write("DriveManifest.xml", text: manifest.text)
        let drive = try tree.drive(kind, options: options, label: label)
        return CorruptionSubject(image: drive.path, recoveryKey: drive.recoveryKey, sources: sources)
    }
}

// MARK: - The mutations

enum NTFSMutations {
    /// Boot sector fields, MFT records (system and customer files), runlists, index records,
    /// $LogFile and file data of the NTFS `map` describes. For BitLocker the offsets are those
    /// of the ciphertext: a changed byte there garbles a 16-byte block of plaintext.
    static func add(to mutator: inout Mutator, map: NTFSMap, label: String, encrypted: Bool = false) {
        let boot = map.volumeOffset
        if !encrypted {
            // The boot sector, field by field (plain only: BitLocker relocates it).
            let fields: [(Int, [UInt8], String)] = [
                (0x03, Array("NTFX    ".utf8), "OEM id NTFX"),
                (0x0B, littleEndian(0, width: 2), "bytes per sector 0"),
                (0x0B, littleEndian(256, width: 2), "bytes per sector 256"),
                (0x0B, littleEndian(4096, width: 2), "bytes per sector 4096"),
                (0x0B, littleEndian(0xFFFF, width: 2), "bytes per sector 65535"),
                (0x0D, [0], "sectors per cluster 0"),
                (0x0D, [3], "sectors per cluster 3"),
                (0x0D, [0x80], "sectors per cluster 128"),
                (0x0D, [0xFF], "sectors per cluster 0xFF"),
                (0x28, littleEndian(0, width: 8), "total sectors 0"),
                (0x28, littleEndian(1, width: 8), "total sectors 1"),
                (0x28, littleEndian(UInt64(map.volumeBytes / map.bytesPerSector) * 2, width: 8), "total sectors doubled"),
                (0x28, littleEndian(UInt64.max, width: 8), "total sectors 2^64-1"),
                (0x30, littleEndian(0, width: 8), "MFT cluster 0"),
                (0x30, littleEndian(1, width: 8), "MFT cluster 1"),
                (0x30, littleEndian(UInt64(map.mirrorOffset / map.clusterSize), width: 8), "MFT cluster = mirror's"),
                (0x30, littleEndian(1 << 40, width: 8), "MFT cluster 2^40"),
                (0x38, littleEndian(0, width: 8), "MFT mirror cluster 0"),
                (0x38, littleEndian(1 << 40, width: 8), "MFT mirror cluster 2^40"),
                (0x40, [0], "clusters per MFT record 0"),
                (0x40, [0xF5], "MFT record size 2048"),
                (0x40, [0x7F], "clusters per MFT record 127"),
                (0x40, [0xE0], "MFT record size 2^32"),
                (0x44, [0], "clusters per index record 0"),
                (0x44, [0xE0], "index record size 2^32"),
                (0x1FE, [0, 0], "no 55AA signature"),
            ]
            for (offset, bytes, what) in fields { mutator.set("boot sector", at: boot + offset, bytes, what) }
            mutator.zero("boot sector", at: boot, length: 512)
            mutator.garbage("boot sector", at: boot, length: 512)
            let backup = boot + map.volumeBytes - map.bytesPerSector
            if backup + 512 <= mutator.image.count {
                mutator.combined("boot sector and its backup", [(boot, [UInt8](repeating: 0, count: 512)),
                                                                (backup, [UInt8](repeating: 0, count: 512))], "both zeroed")
                mutator.zero("backup boot sector", at: backup, length: 512)
            }
            for _ in 0..<6 { mutator.flip("boot sector", in: (boot + 0x0B)..<(boot + 0x54), count: 1 + mutator.below(3)) }
        }

        // MFT records: the system files, then some of the customer's (a file of each kind, and
        // the folders).
        let customer: Set<String> = ["small.txt", "random.bin", "more.bin", "empty.bin", "DriveManifest.xml", "docs", "data",
                                     "note-07.txt"]
        for record in map.records where record.number < 12 || customer.contains(record.name) {
            let region = "\(label)MFT record \(record.number) (\(record.name))"
            let system = record.number < 16
            let start = record.offset
            if encrypted {
                mutator.flip(region, in: start..<(start + 16))
                mutator.flip(region, in: (start + 0x38)..<(start + map.recordSize), count: 2)
                if system { mutator.zero(region, at: start, length: 512) }
                continue
            }
            mutator.set(region, at: start, Array("BAAD".utf8), "magic BAAD")
            mutator.flip(region, in: (start + 0x30)..<(start + 0x34), count: 1)  // the update sequence array
            mutator.flip(region, in: (start + 0x38)..<(start + map.recordSize), count: 1)
            mutator.flip(region, in: (start + 0x14)..<(start + 0x18), count: 1)  // first attribute offset, flags
            if let attribute = record.attributes.last {
                mutator.set(region, at: attribute.offset + 4, littleEndian(0xFFFF, width: 4), "attribute 0x\(String(attribute.type, radix: 16)) length 65535")
            }
            if system || record.isDirectory { mutator.zero(region, at: start, length: map.recordSize) }
            if let runlist = record.runlist {
                mutator.flip("\(region) runlist", in: runlist, count: 1)
                mutator.flip("\(region) runlist", in: runlist.lowerBound..<(runlist.lowerBound + 1))
                mutator.set("\(region) runlist", at: runlist.lowerBound + 1, [0xFF], "first run length 255 clusters")
            }
        }
        // The MFT mirror too, and the first records of both at once.
        if !encrypted {
            mutator.zero("MFT mirror", at: map.mirrorOffset, length: 4 * map.recordSize)
            mutator.combined("MFT records 0-3 and their mirror", [
                (map.mftOffset, [UInt8](repeating: 0, count: 4 * map.recordSize)),
                (map.mirrorOffset, [UInt8](repeating: 0, count: 4 * map.recordSize)),
            ], "both zeroed")
            mutator.combined("MFT record 0 and its mirror", [
                (map.mftOffset, Array("BAAD".utf8)), (map.mirrorOffset, Array("BAAD".utf8)),
            ], "magic BAAD in both")
        }

        // Index records: the root's and the notes folder's B+ tree nodes.
        for offset in map.indexRecords {
            let region = "\(label)index record at 0x\(String(offset, radix: 16))"
            mutator.set(region, at: offset, Array("BAAD".utf8), "magic BAAD")
            mutator.flip(region, in: (offset + 0x18)..<(offset + 0x40), count: 1)
            mutator.flip(region, in: (offset + 0x40)..<(offset + map.indexRecordSize), count: 2)
            mutator.zero(region, at: offset, length: map.indexRecordSize)
        }

        // $LogFile's restart pages.
        if let log = map.records.first(where: { $0.number == 2 })?.dataRuns.first {
            mutator.zero("\(label)$LogFile restart page", at: log.lowerBound, length: 4096)
            mutator.flip("\(label)$LogFile restart page", in: log.lowerBound..<(log.lowerBound + 512), count: 2)
        }
        // $Volume's record holds the volume flags (dirty) and version.
        // File data: the random files (one block becomes Corrupted) and the manifest.
        for name in ["random.bin", "more.bin", "DriveManifest.xml"] {
            guard let runs = map.record(named: name)?.dataRuns, let first = runs.first else { continue }
            for _ in 0..<3 { mutator.flip("\(label)data of \(name)", in: first, count: 1) }
        }
        if let small = map.record(named: "small.txt"), let data = small.attributes.first(where: { $0.type == 0x80 }) {
            mutator.flip("\(label)resident data of small.txt", in: (data.offset + 0x18)..<(data.offset + data.length), count: 1)
        }
    }

    /// Truncations and random damage anywhere in the used part of the image.
    static func addWholeImage(to mutator: inout Mutator, map: NTFSMap, imageSize: Int) {
        let cuts = [0, 512, 4096, 8192, map.mftOffset, map.mftOffset + 5 * map.recordSize, map.mftOffset + 40 * map.recordSize,
                    imageSize / 2, imageSize - 4096, imageSize - 512, imageSize - 1]
        for size in Set(cuts).sorted() where size < imageSize { mutator.truncate("image length", to: size) }
        if let random = map.record(named: "random.bin")?.dataRuns.first {
            mutator.truncate("image length", to: random.lowerBound + random.count / 2)
        }
        // Random sectors of garbage and random bit flips among the blocks that hold something.
        let used = stride(from: 0, to: imageSize, by: 4096).filter { page in
            mutator.image[page..<min(imageSize, page + 4096)].contains { $0 != 0 }
        }
        for _ in 0..<15 {
            let page = used[mutator.below(used.count)]
            mutator.garbage("random sector", at: page + 512 * mutator.below(8), length: 512)
        }
        for _ in 0..<25 {
            let page = used[mutator.below(used.count)]
            mutator.flip("random bytes", in: page..<min(imageSize, page + 4096), count: 1 + mutator.below(8))
        }
    }
}

enum BitLockerMutations {
    static func add(to mutator: inout Mutator, bitLocker: BitLockerMap, ntfs: NTFSMap, imageSize: Int) {
        // The BitLocker volume header (sector 0).
        let header: [(Int, [UInt8], String)] = [
            (0x03, Array("-FVE-FX-".utf8), "signature -FVE-FX-"),
            (0x0B, littleEndian(4096, width: 2), "bytes per sector 4096"),
            (0x0B, littleEndian(0, width: 2), "bytes per sector 0"),
            (0xA0, [UInt8](repeating: 0x5A, count: 16), "volume GUID"),
            (0xB0, littleEndian(0, width: 8), "FVE metadata 1 offset 0"),
            (0xB8, littleEndian(UInt64(imageSize) * 4, width: 8), "FVE metadata 2 offset past the end"),
            (0xC0, littleEndian(12345, width: 8), "FVE metadata 3 offset unaligned"),
            (0xB0, [UInt8](repeating: 0, count: 24), "all three FVE metadata offsets 0"),
            (0x1FE, [0, 0], "no 55AA signature"),
        ]
        for (offset, bytes, what) in header { mutator.set("BitLocker header", at: offset, bytes, what) }
        mutator.zero("BitLocker header", at: 0, length: 512)
        for _ in 0..<6 { mutator.flip("BitLocker header", in: 0..<512, count: 1 + mutator.below(3)) }

        // The FVE metadata blocks: each copy alone, then all three alike.
        for (index, block) in bitLocker.metadataBlocks.enumerated() {
            let region = "FVE metadata \(index + 1)"
            mutator.set(region, at: block, Array("-FVE-FX-".utf8), "signature")
            mutator.flip(region, in: (block + 8)..<(block + 64), count: 1)  // block header: sizes, version, offsets
            mutator.flip(region, in: (block + 64)..<(block + 112), count: 1)  // metadata header
            mutator.flip(region, in: (block + 112)..<(block + 1024), count: 2)  // entries: VMK, FVEK, …
            mutator.zero(region, at: block, length: 4096)
        }
        let image = mutator.image
        for (what, range) in [("block header", 8..<64), ("metadata header", 64..<112), ("entries", 112..<1024)] {
            for _ in 0..<2 {
                mutator.add("all FVE metadata copies: \(what)") { random, mutation in
                    let offset = range.lowerBound + random.below(range.count)
                    let mask = UInt8(1 + random.below(255))
                    mutation.writes = bitLocker.metadataBlocks.map { ($0 + offset, [image[$0 + offset] ^ mask]) }
                    mutation.detail = "byte 0x\(String(offset, radix: 16)) of each ^0x\(String(mask, radix: 16))"
                }
            }
        }
        mutator.combined("all FVE metadata copies", bitLocker.metadataBlocks.map { ($0, Array("-FVE-FX-".utf8)) }, "signature in each")

        // The encrypted NTFS boot sector.
        for _ in 0..<4 { mutator.flip("encrypted NTFS boot sector", in: bitLocker.bootSectorBackup.lowerBound..<(bitLocker.bootSectorBackup.lowerBound + 512)) }
        mutator.zero("encrypted NTFS boot sector", at: bitLocker.bootSectorBackup.lowerBound, length: 512)

        // The encrypted NTFS structures and data, where the plaintext says they are.
        NTFSMutations.add(to: &mutator, map: ntfs, label: "encrypted ", encrypted: true)

        // Truncations around the metadata copies and through the volume.
        let firstMetadata = bitLocker.metadataBlocks[0]
        let cuts = [512, 65536, firstMetadata, firstMetadata + 4096, firstMetadata + bitLocker.metadataLength,
                    bitLocker.metadataBlocks[2], ntfs.mftOffset + 8 * ntfs.recordSize, imageSize / 2, imageSize - 512]
        for size in Set(cuts).sorted() where size < imageSize { mutator.truncate("image length", to: size) }

        // Random bytes among the blocks that hold something.
        let used = stride(from: 0, to: imageSize, by: 4096).filter { page in
            mutator.image[page..<min(imageSize, page + 4096)].contains { $0 != 0 }
        }
        for _ in 0..<12 {
            let page = used[mutator.below(used.count)]
            mutator.flip("random bytes", in: page..<min(imageSize, page + 4096), count: 1 + mutator.below(4))
        }
    }
}

// MARK: - Running the mutants

/// How one command ended, reduced to what must agree.
enum CommandEnd: Equatable, CustomStringConvertible {
    /// Exit 4 with the failure state's token.
    case failed(token: String)
    /// Exit 0 or 5: the drive status and the status of every blob that is not Completed.
    case done(driveStatus: String, problems: [String: String])
    /// Anything else: the finding itself.
    case unnamed(String)

    var description: String {
        switch self {
        case .failed(let token): "failed: \(token)"
        case .done(let status, let problems):
            problems.isEmpty ? status : "\(status) \(problems.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        case .unnamed(let what): "no named state: \(what)"
        }
    }

    var isNamed: Bool {
        if case .unnamed = self { false } else { true }
    }

    /// The tally key: the state, without the blob names.
    var state: String {
        switch self {
        case .failed(let token): token
        case .done(let status, let problems): problems.isEmpty ? status : "\(status) (\(Set(problems.values).sorted().joined(separator: ", ")))"
        case .unnamed: "no named state"
        }
    }
}

struct CorruptionRun {
    let subject: CorruptionSubject
    let name: String
    /// Mutants run two at a time: most of a mutant's time is spent in processes starting and
    /// waiting on each other, and the suite shares the machine with the other end-to-end tests.
    let workers = 2
    /// Bounds: the reader's silence limit, and the wait for a whole command.
    let readerTimeout = 20
    let commandTimeout = 120.0

    func run(_ mutations: [Mutation]) throws {
        let only = ProcessInfo.processInfo.environment["IEDRIVE_CORRUPTION_ONLY"].map {
            Set($0.split(separator: ",").compactMap { Int($0) })
        }
        let selected = mutations.filter { only?.contains($0.index) ?? true }
        let scratch = try TestEnvironment.temporaryDirectory("corrupt-\(name)")
        defer { scratch.cleanup() }
        let sourceDigests = Set(subject.sources.values.map { MD5.digest($0) })
        let started = ContinuousClock.now

        // The untouched image first: everything must check out and arrive.
        let baseline = try check(Mutation(region: "none", detail: "the untouched image", index: -1), scratch: scratch,
                                 sourceDigests: sourceDigests)
        #expect(baseline.findings.isEmpty, "\(baseline.findings)")
        #expect(baseline.verify == .done(driveStatus: "Completed", problems: [:]), "\(baseline.verify)")
        #expect(baseline.published == subject.sources.count, "the untouched image published \(baseline.published) of \(subject.sources.count) blobs")

        let results = Results(count: selected.count)
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: selected.count) {
                let outcome: MutantOutcome
                do {
                    outcome = try check(selected[index], scratch: scratch, sourceDigests: sourceDigests)
                } catch {
                    outcome = MutantOutcome(mutation: selected[index], findings: ["\(selected[index]): the test could not run it: \(error)"])
                }
                results.set(index, outcome)
            }
        }
        let outcomes = results.all
        let seconds = (ContinuousClock.now - started).inSeconds
        for outcome in outcomes {
            for finding in outcome.findings { Issue.record(Comment(rawValue: finding)) }
        }
        try writeTally(outcomes, seconds: seconds)
    }

    /// One mutant through probe, verify and import.
    func check(_ mutation: Mutation, scratch: TemporaryDirectory, sourceDigests: Set<MD5Digest>) throws -> MutantOutcome {
        let directory = scratch.file("m\(mutation.index)")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let image = directory + "/drive.img"
        if mutation.index >= 0 {
            try mutation.apply(base: subject.image, to: image)
        } else {
            try CommandRunner.check(["cp", "--sparse=always", subject.image, image])
        }
        var outcome = MutantOutcome(mutation: mutation)
        func finding(_ text: String) { outcome.findings.append("\(mutation): \(text)") }
        let before = try imageDigest(image)

        // Probed as the commands open it: plain NTFS is acceptable only with --allow-unencrypted.
        let probe = run(["probe", image, "--json"] + (subject.recoveryKey == nil ? ["--allow-unencrypted"] : []), directory: directory)
        let refusal = probeRefusal(probe, finding: finding)

        let target = directory + "/target"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let reader = ["--reader-timeout", String(readerTimeout)]
        let verify = run(["verify", image, "--full", "--json"] + subject.keyArguments + reader, directory: directory)
        let imported = run(["import", image, "--target", target, "--journal", directory + "/journal.sqlite", "--json"]
                           + subject.keyArguments + reader, directory: directory)
        outcome.verify = verifyEnd(verify)
        outcome.importEnd = importEnd(imported)
        outcome.seconds = verify.seconds + imported.seconds + probe.seconds

        if case .unnamed(let what) = outcome.verify { finding("verify: \(what)") }
        if case .unnamed(let what) = outcome.importEnd { finding("import: \(what)") }
        if outcome.verify.isNamed, outcome.importEnd.isNamed, outcome.verify != outcome.importEnd {
            finding("verify and import disagree: verify \(outcome.verify); import \(outcome.importEnd)")
        }
        if let refusal {
            for (command, end) in [("verify", outcome.verify), ("import", outcome.importEnd)] where end != .failed(token: refusal) {
                finding("probe refuses the drive as \(refusal), \(command) ends \(end)")
            }
        }

        // Every published blob is byte for byte a file of the source tree.
        let view = TargetView(target)
        let containers = ((try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []).filter { !$0.hasPrefix(".") }
        for blob in (try? view.names(Set(containers))) ?? [] {
            guard let bytes = try? view.bytes(blob) else {
                finding("published blob \(blob) cannot be read back")
                continue
            }
            outcome.published += 1
            if let source = subject.sources[blob] {
                if bytes != source { finding("published blob \(blob) differs from its source file (\(bytes.count) vs \(source.count) bytes)") }
            } else if !sourceDigests.contains(MD5.digest(bytes)) {
                finding("published blob \(blob) (\(bytes.count) bytes) is no file of the source tree")
            }
        }
        let after = try imageDigest(image)
        if after != before { finding("the image changed: SHA-256 \(before) before, \(after) after") }
        return outcome
    }

    // MARK: Commands

    struct Ran {
        var status: Int32
        var signal: Int32?
        var timedOut: Bool
        var stdout: String
        var stderr: String
        var seconds: Double

        var summary: String {
            let how = timedOut ? "no end within the timeout (killed)" : signal.map { "killed by signal \($0)" } ?? "exit \(status)"
            return "\(how); stderr: \(stderr.split(separator: "\n").suffix(3).joined(separator: " | "))"
        }
    }

    func run(_ arguments: [String], directory: String) -> Ran {
        let started = ContinuousClock.now
        guard let command = try? BackgroundImport([TestEnvironment.iedriveBinary] + arguments, scratch: directory) else {
            return Ran(status: -1, signal: nil, timedOut: false, stdout: "", stderr: "could not start iedrive", seconds: 0)
        }
        let deadline = Date().addingTimeInterval(commandTimeout)
        while command.isRunning, Date() < deadline { usleep(5_000) }
        let timedOut = command.isRunning
        let result = command.wait(timeout: 1)
        return Ran(status: result.status, signal: result.signal, timedOut: timedOut, stdout: result.stdout, stderr: result.stderr,
                   seconds: (ContinuousClock.now - started).inSeconds)
    }

    /// `probe` exits 0 (acceptable), 3 (refused: the failure state's token) or 1 with a JSON
    /// error (nothing to probe, e.g. an empty file).
    func probeRefusal(_ ran: Ran, finding: (String) -> Void) -> String? {
        let object = jsonObjectOrNil(ran.stdout)
        switch (ran.signal, ran.timedOut, ran.status) {
        case (nil, false, 0): return nil
        case (nil, false, 3):
            guard let verdict = object?["verdict"] as? [String: Any], let token = verdict["token"] as? String,
                  DriveFailureState(rawValue: token) != nil else {
                finding("probe: exit 3 without a verdict naming a failure state: \(ran.summary)")
                return nil
            }
            return token
        case (nil, false, 1) where (object?["error"] as? [String: Any])?["code"] is String:
            return nil
        default:
            finding("probe: \(ran.summary)")
            return nil
        }
    }

    func verifyEnd(_ ran: Ran) -> CommandEnd {
        guard ran.signal == nil, !ran.timedOut else { return .unnamed(ran.summary) }
        guard let object = jsonObjectOrNil(ran.stdout) else { return .unnamed("no JSON object: \(ran.summary)") }
        switch ran.status {
        case 4:
            guard let failure = object["failure"] as? [String: Any], let token = failure["token"] as? String,
                  let state = DriveFailureState(rawValue: token), failure["state"] as? String == state.label
            else { return .unnamed("exit 4 without a failure state: \(ran.stdout.prefix(400))") }
            return .failed(token: token)
        case 0, 5:
            guard let status = object["driveStatus"] as? String, DriveStatus(rawValue: status) != nil,
                  let problems = object["problems"] as? [[String: Any]]
            else { return .unnamed("exit \(ran.status) without a drive status: \(ran.stdout.prefix(400))") }
            var statuses: [String: String] = [:]
            for problem in problems {
                statuses[problem["blobPath"] as? String ?? "?"] = problem["status"] as? String ?? "?"
            }
            guard (ran.status == 5) == (status == DriveStatus.completedWithErrors.rawValue) else {
                return .unnamed("exit \(ran.status) with drive status \(status)")
            }
            return .done(driveStatus: status, problems: statuses)
        case 1:
            return deviceUnavailable(ran, object: object)
        default:
            return .unnamed(ran.summary)
        }
    }

    /// Exit 1 is a named end only for a drive of no bytes at all, which cannot be told from a
    /// device without a medium: the host cannot use the device (`DeviceUnavailable`).
    func deviceUnavailable(_ ran: Ran, object: [String: Any]?) -> CommandEnd {
        guard let failure = object?["failure"] as? [String: Any], failure["token"] as? String == "DeviceUnavailable",
              object?["exitStatus"] as? Int == 1
        else { return .unnamed(ran.summary) }
        return .failed(token: "DeviceUnavailable")
    }

    func importEnd(_ ran: Ran) -> CommandEnd {
        guard ran.signal == nil, !ran.timedOut else { return .unnamed(ran.summary) }
        let run = ImportRun(status: ran.status, stdout: ran.stdout, stderr: ran.stderr, signal: nil)
        switch ran.status {
        case 4:
            guard let failure = run.failure, let token = failure["token"] as? String,
                  let state = DriveFailureState(rawValue: token), failure["state"] as? String == state.label
            else { return .unnamed("exit 4 without a failure event: \(ran.summary)") }
            return .failed(token: token)
        case 0, 5:
            guard let summary = run.summary, let status = summary["driveStatus"] as? String, DriveStatus(rawValue: status) != nil
            else { return .unnamed("exit \(ran.status) without a summary: \(ran.summary)") }
            var statuses: [String: String] = [:]
            for blob in run.blobEvents where blob["status"] as? String != BlobStatus.completed.rawValue {
                statuses[blob["blobPath"] as? String ?? "?"] = blob["status"] as? String ?? "?"
            }
            guard (ran.status == 5) == (status == DriveStatus.completedWithErrors.rawValue) else {
                return .unnamed("exit \(ran.status) with drive status \(status)")
            }
            return .done(driveStatus: status, problems: statuses)
        case 1:
            let failure = ran.stdout.split(separator: "\n").compactMap { jsonObjectOrNil(String($0)) }.last { $0["failure"] != nil }
            return deviceUnavailable(ran, object: failure)
        default:
            return .unnamed(ran.summary)
        }
    }

    // MARK: Tally

    /// States reached, per command, and the slowest mutants: printed and kept in
    /// .build/test-artifacts/corrupted-images-NAME.txt.
    func writeTally(_ outcomes: [MutantOutcome], seconds: Double) throws {
        var lines = ["corrupted-image suite \(name): \(outcomes.count) mutants (seed 0x\(String(CorruptedImageTests.seed, radix: 16))), "
                     + "\(Int(seconds.rounded())) s, \(outcomes.filter { !$0.findings.isEmpty }.count) with findings"]
        var states: [String: Int] = [:]
        for outcome in outcomes { states[outcome.verify.state, default: 0] += 1 }
        lines.append("states reached (verify; import agrees unless a finding says otherwise):")
        for (state, count) in states.sorted(by: { $0.value > $1.value }) { lines.append("  \(count)\t\(state)") }
        var regions: [String: Set<String>] = [:]
        for outcome in outcomes {
            let region = outcome.mutation.region.replacingOccurrences(of: #" at 0x[0-9a-f]+"#, with: "", options: .regularExpression)
            regions[region, default: []].insert(outcome.verify.state)
        }
        lines.append("states by region:")
        for (region, reached) in regions.sorted(by: { $0.key < $1.key }) { lines.append("  \(region): \(reached.sorted().joined(separator: "; "))") }
        lines.append("slowest mutants:")
        for outcome in outcomes.sorted(by: { $0.seconds > $1.seconds }).prefix(5) {
            lines.append("  \(String(format: "%.1f", outcome.seconds)) s  \(outcome.mutation)")
        }
        let findings = outcomes.flatMap(\.findings)
        if !findings.isEmpty { lines += ["findings:"] + findings.map { "  " + $0 } }
        let text = lines.joined(separator: "\n") + "\n"
        print(text)
        let directory = TestEnvironment.repositoryRoot.appendingPathComponent(".build/test-artifacts").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try text.write(toFile: directory + "/corrupted-images-\(name).txt", atomically: true, encoding: .utf8)
    }
}

struct MutantOutcome: Sendable {
    var mutation: Mutation
    var verify: CommandEnd = .unnamed("not run")
    var importEnd: CommandEnd = .unnamed("not run")
    var published = 0
    var seconds = 0.0
    var findings: [String] = []
}

/// The outcomes, filled in by the workers.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [MutantOutcome?]

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ outcome: MutantOutcome) { lock.withLock { outcomes[index] = outcome } }

    var all: [MutantOutcome] { lock.withLock { outcomes.compactMap { $0 } } }
}

/// Hands out mutant indices to the workers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func take(below bound: Int) -> Int? {
        lock.withLock {
            guard value < bound else { return nil }
            defer { value += 1 }
            return value
        }
    }
}

func jsonObjectOrNil(_ text: String) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
}

/// SHA-256 of an image, through OpenSSL (SHA extensions: a sparse 100 MiB image in a tenth of
/// a second, where sha256sum takes nearly a second).
func imageDigest(_ path: String) throws -> String {
    let output = try CommandRunner.check(["openssl", "dgst", "-sha256", "-r", path])
    return String(output.prefix(64))
}
