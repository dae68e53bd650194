import Foundation
import IEDriveTestSupport

// The seeded mutator of the corrupted-image suite (CorruptedImageTests): where the NTFS and
// BitLocker structures of a small test drive lie, and a list of mutations aimed at them, each
// one reproducible from its seed.

// MARK: - Mutations

/// One corruption of a drive image: bytes overwritten, and/or the image cut short.
struct Mutation: Sendable, CustomStringConvertible {
    /// The structure aimed at (`boot sector`, `MFT record 5 ($Root)`, `FVE metadata 2`, …).
    var region: String
    /// What was done to it, precisely enough to redo it by hand.
    var detail: String
    var writes: [(offset: Int, bytes: [UInt8])] = []
    var truncateTo: Int?
    /// The index in the suite and the seed that drew its random choices.
    var index = 0
    var seed: UInt64 = 0

    var description: String {
        "mutant #\(index) (seed 0x\(String(seed, radix: 16))): \(region): \(detail)"
    }

    /// Copies `base` to `path` (holes stay holes) and corrupts the copy.
    func apply(base: String, to path: String) throws {
        try CommandRunner.check(["cp", "--sparse=always", base, path])
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TestSupportError.setup("cannot open \(path)") }
        defer { close(fd) }
        for write in writes {
            let written = write.bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, off_t(write.offset)) }
            guard written == write.bytes.count else { throw TestSupportError.setup("cannot write \(path) at \(write.offset)") }
        }
        if let truncateTo, ftruncate(fd, off_t(truncateTo)) != 0 {
            throw TestSupportError.setup("cannot truncate \(path)")
        }
    }
}

/// Draws mutations against an image held in memory, each with its own seed.
struct Mutator {
    let image: [UInt8]
    let baseSeed: UInt64
    private(set) var mutations: [Mutation] = []
    private var random: SplitMix

    init(image: [UInt8], seed: UInt64) {
        self.image = image
        baseSeed = seed
        random = SplitMix(seed: seed)
    }

    /// Adds one mutation; `build` draws its random choices from a generator seeded for it alone.
    mutating func add(_ region: String, _ build: (inout SplitMix, inout Mutation) -> Void) {
        let seed = baseSeed &+ UInt64(mutations.count) &* 0x9E37_79B9
        var generator = SplitMix(seed: seed)
        var mutation = Mutation(region: region, detail: "")
        build(&generator, &mutation)
        mutation.index = mutations.count
        mutation.seed = seed
        mutations.append(mutation)
    }

    /// Overwrites `count` bytes at `offset` with `bytes` (repeated or cut to fit).
    mutating func set(_ region: String, at offset: Int, _ bytes: [UInt8], _ what: String) {
        add(region) { _, mutation in
            mutation.writes = [(offset, bytes)]
            mutation.detail = what
        }
    }

    /// `flips` random bytes in `range` XORed with non-zero values.
    mutating func flip(_ region: String, in range: Range<Int>, count flips: Int = 1) {
        let image = self.image
        add(region) { random, mutation in
            var positions: [String] = []
            for _ in 0..<flips {
                let offset = range.lowerBound + random.below(max(1, range.count))
                let mask = UInt8(1 + random.below(255))
                mutation.writes.append((offset, [image[offset] ^ mask]))
                positions.append("0x\(String(offset, radix: 16))^0x\(String(mask, radix: 16))")
            }
            mutation.detail = "flipped \(positions.joined(separator: ", "))"
        }
    }

    /// `length` random bytes over `range`'s start.
    mutating func garbage(_ region: String, at offset: Int, length: Int) {
        add(region) { random, mutation in
            mutation.writes = [(offset, random.bytes(length))]
            mutation.detail = "\(length) random bytes at 0x\(String(offset, radix: 16))"
        }
    }

    mutating func zero(_ region: String, at offset: Int, length: Int) {
        set(region, at: offset, [UInt8](repeating: 0, count: length), "\(length) zero bytes at 0x\(String(offset, radix: 16))")
    }

    mutating func truncate(_ region: String, to size: Int) {
        add(region) { _, mutation in
            mutation.truncateTo = size
            mutation.detail = "cut to \(size) bytes"
        }
    }

    /// Several mutations at once (a copy and its mirror damaged alike).
    mutating func combined(_ region: String, _ parts: [(offset: Int, bytes: [UInt8])], _ what: String) {
        add(region) { _, mutation in
            mutation.writes = parts
            mutation.detail = what
        }
    }

    mutating func below(_ bound: Int) -> Int { random.below(bound) }
}

// MARK: - Little-endian fields

extension Array where Element == UInt8 {
    func le(_ offset: Int, _ width: Int) -> Int {
        (0..<width).reduce(0) { $0 | Int(self[offset + $1]) << (8 * $1) }
    }
}

func littleEndian(_ value: UInt64, width: Int) -> [UInt8] {
    (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}

// MARK: - Where NTFS keeps things

/// The NTFS structures of a volume, found by reading it: boot sector geometry, every MFT
/// record (with its file name and attributes), index (INDX) records, and where a few files'
/// data lie. Enough to aim a corruption; not a validator.
struct NTFSMap {
    struct Record {
        var number: Int
        var offset: Int
        var name: String
        var isDirectory: Bool
        /// Byte offsets (in the image) of attribute headers, by type (0x10, 0x30, 0x80, 0xA0 …).
        var attributes: [(type: Int, offset: Int, length: Int, nonResident: Bool)]
        /// Image byte ranges of the unnamed $DATA, when non-resident.
        var dataRuns: [Range<Int>]
        /// Where the runlist (mapping pairs) of the non-resident $DATA sits in the image.
        var runlist: Range<Int>?
    }

    var volumeOffset: Int
    var bytesPerSector: Int
    var clusterSize: Int
    var recordSize: Int
    var indexRecordSize: Int
    var mftOffset: Int
    var mirrorOffset: Int
    var volumeBytes: Int
    var records: [Record] = []
    var indexRecords: [Int] = []

    func record(named name: String) -> Record? { records.first { $0.name == name } }

    /// `image` holds the volume's plaintext at `volumeOffset` (the whole image for plain NTFS;
    /// the decrypted volume for BitLocker, where it is 0).
    init(image: [UInt8], volumeOffset: Int = 0) throws {
        let boot = Array(image[volumeOffset..<(volumeOffset + 512)])
        guard boot[3..<11].elementsEqual(Array("NTFS    ".utf8)) else { throw TestSupportError.setup("no NTFS boot sector") }
        self.volumeOffset = volumeOffset
        bytesPerSector = boot.le(0x0B, 2)
        let sectorsPerCluster = Int(boot[0x0D])
        clusterSize = sectorsPerCluster <= 0x80 ? bytesPerSector * sectorsPerCluster : 1 << (256 - sectorsPerCluster)
        volumeBytes = boot.le(0x28, 8) * bytesPerSector
        mftOffset = volumeOffset + boot.le(0x30, 8) * clusterSize
        mirrorOffset = volumeOffset + boot.le(0x38, 8) * clusterSize
        let perRecord = Int(Int8(bitPattern: boot[0x40]))
        recordSize = perRecord > 0 ? perRecord * clusterSize : 1 << -perRecord
        let perIndex = Int(Int8(bitPattern: boot[0x44]))
        indexRecordSize = perIndex > 0 ? perIndex * clusterSize : 1 << -perIndex

        // $MFT's own record says how long the MFT is: its $DATA runs.
        let mftRecord = Self.parse(image, at: mftOffset, number: 0, recordSize: recordSize, clusterSize: clusterSize,
                                   volumeOffset: volumeOffset)
        let mftBytes = mftRecord?.dataRuns.first?.count ?? 64 * recordSize
        for number in 0..<(mftBytes / recordSize) {
            let offset = mftOffset + number * recordSize
            guard offset + recordSize <= image.count,
                  let record = Self.parse(image, at: offset, number: number, recordSize: recordSize,
                                          clusterSize: clusterSize, volumeOffset: volumeOffset)
            else { continue }
            records.append(record)
        }
        var offset = volumeOffset
        while offset + 4 <= min(image.count, volumeOffset + volumeBytes) {
            if image[offset..<(offset + 4)].elementsEqual(Array("INDX".utf8)) { indexRecords.append(offset) }
            offset += clusterSize
        }
    }

    /// One in-use MFT record at `offset`, fixups applied before reading it.
    static func parse(_ image: [UInt8], at offset: Int, number: Int, recordSize: Int, clusterSize: Int,
                      volumeOffset: Int) -> Record? {
        var bytes = Array(image[offset..<(offset + recordSize)])
        guard bytes[0..<4].elementsEqual(Array("FILE".utf8)), bytes.le(0x16, 2) & 1 == 1 else { return nil }
        let usa = bytes.le(0x04, 2), usaCount = bytes.le(0x06, 2)
        for index in 1..<max(1, usaCount) where index * 512 <= recordSize && usa + 2 * index + 1 < recordSize {
            bytes[index * 512 - 2] = bytes[usa + 2 * index]
            bytes[index * 512 - 1] = bytes[usa + 2 * index + 1]
        }
        var record = Record(number: number, offset: offset, name: "", isDirectory: bytes.le(0x16, 2) & 2 != 0,
                            attributes: [], dataRuns: [], runlist: nil)
        var attribute = bytes.le(0x14, 2)
        while attribute + 16 <= recordSize {
            let type = bytes.le(attribute, 4)
            let length = bytes.le(attribute + 4, 4)
            guard type != 0xFFFF_FFFF, length >= 16, attribute + length <= recordSize else { break }
            let nonResident = bytes[attribute + 8] != 0
            let nameLength = Int(bytes[attribute + 9])
            record.attributes.append((type, offset + attribute, length, nonResident))
            if type == 0x30, !nonResident {
                let value = attribute + bytes.le(attribute + 0x14, 2)
                let characters = Int(bytes[value + 0x40])
                let namespace = bytes[value + 0x41]
                let units = (0..<characters).map { UInt16(bytes.le(value + 0x42 + 2 * $0, 2)) }
                if namespace != 2 || record.name.isEmpty { record.name = String(decoding: units, as: UTF16.self) }
            }
            if type == 0x80, nonResident, nameLength == 0 {
                let runlist = attribute + bytes.le(attribute + 0x20, 2)
                record.runlist = (offset + runlist)..<(offset + attribute + length)
                record.dataRuns = decodeRuns(bytes, from: runlist, end: attribute + length, clusterSize: clusterSize,
                                             volumeOffset: volumeOffset)
            }
            attribute += length
        }
        return record
    }

    /// NTFS mapping pairs → image byte ranges (sparse runs left out).
    static func decodeRuns(_ bytes: [UInt8], from start: Int, end: Int, clusterSize: Int, volumeOffset: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var position = start, lcn = 0
        while position < end, bytes[position] != 0 {
            let lengthBytes = Int(bytes[position] & 0x0F), offsetBytes = Int(bytes[position] >> 4)
            guard position + 1 + lengthBytes + offsetBytes <= end else { break }
            let length = bytes.le(position + 1, lengthBytes)
            if offsetBytes > 0 {
                var delta = bytes.le(position + 1 + lengthBytes, offsetBytes)
                if bytes[position + lengthBytes + offsetBytes] & 0x80 != 0 { delta -= 1 << (8 * offsetBytes) }
                lcn += delta
                let begin = volumeOffset + lcn * clusterSize
                runs.append(begin..<(begin + length * clusterSize))
            }
            position += 1 + lengthBytes + offsetBytes
        }
        return runs
    }
}

// MARK: - Where BitLocker keeps things

/// The areas `scripts/lib/test_drive_helper.py bitlocker-info` reports for a BitLocker image:
/// its three FVE metadata blocks and the encrypted copy of the NTFS boot sector.
struct BitLockerMap {
    var metadataBlocks: [Int] = []
    var metadataLength = 0
    var bootSectorBackup: Range<Int> = 0..<0
    var virtualizedBytes = 0

    init(image: String) throws {
        let helper = TestEnvironment.repositoryRoot.appendingPathComponent("scripts/lib/test_drive_helper.py").path
        let output = try CommandRunner.check(["python3", helper, "bitlocker-info", image])
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "virtualized_size" { virtualizedBytes = Int(parts[1]) ?? 0 }
            guard parts[0] == "region" else { continue }
            let fields = parts[1].split(separator: " ").map(String.init)
            guard fields.count == 3, let start = Int(fields[0]), let length = Int(fields[1]) else { continue }
            if fields[2].hasPrefix("fve-metadata") {
                metadataBlocks.append(start)
                metadataLength = length
            } else if fields[2] == "boot-sector-backup" {
                bootSectorBackup = start..<(start + length)
            }
        }
        guard metadataBlocks.count == 3, !bootSectorBackup.isEmpty else {
            throw TestSupportError.setup("bitlocker-info found \(metadataBlocks.count) metadata blocks:\n\(output)")
        }
    }
}

/// The plaintext of a BitLocker image, through `dislocker-file` (read-only), for finding where
/// the NTFS structures lie: BitLocker encrypts sector by sector in place, so a structure at a
/// plaintext offset (past the relocated boot sectors) is encrypted at the same image offset.
func decryptedVolume(_ image: String, key: String, in scratch: TemporaryDirectory) throws -> [UInt8] {
    let copy = scratch.file("decrypt-source.img")
    let plain = scratch.file("decrypted.img")
    // dislocker opens the volume read-write whatever -r says: give it a copy.
    try CommandRunner.check(["cp", "--sparse=always", image, copy])
    try CommandRunner.check(["dislocker-file", "-r", "-V", copy, "-p" + key, "--", plain])
    defer {
        try? FileManager.default.removeItem(atPath: plain)
        try? FileManager.default.removeItem(atPath: copy)
    }
    return try readAll(plain)
}
