import Foundation
import IEDriveCore
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// ReaderServer in this process on a plain NTFS image holding the reader tree.
@Suite(.requiresRoot)
struct PlainVolumeTests {
    @Test("walk lists exactly the tree: no 8.3 aliases, no $ files; sizes, times, flags")
    func walk() throws {
        let drive = try ReaderDrives.plainTree()
        let tree = try TestTrees.readerTree()
        try InProcessReader.with(device: drive.path) { reader in
            let info = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            #expect(info.label == "READER")
            #expect(!info.encrypted && info.unlockMilliseconds == 0)
            #expect(info.volumeSize > 60 << 20 && info.volumeSize <= 64 << 20)
            #expect(info.sectorSize == 512 && info.clusterSize == 4096)
            try TreeChecks.walkMatches(reader.client, tree: tree)
        }
    }

    @Test("every file reads back byte for byte")
    func everyFile() throws {
        let drive = try ReaderDrives.plainTree()
        let tree = try TestTrees.readerTree()
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            try TreeChecks.everyFileMatches(reader.client, tree: tree)
        }
    }

    @Test("ranged reads at odd offsets; reads past the end are clamped")
    func ranges() throws {
        let drive = try ReaderDrives.plainTree()
        let tree = try TestTrees.readerTree()
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            try TreeChecks.rangesMatch(reader.client, tree: tree)
        }
    }

    @Test("stat and list; per-file failures answer one request and the session goes on")
    func singleAnswers() throws {
        let drive = try ReaderDrives.plainTree()
        let tree = try TestTrees.readerTree()
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            try TreeChecks.singleAnswers(reader.client, tree: tree)
            try reader.client.shutdown()
            #expect(try reader.client.atEndOfStream())
            #expect(reader.ending() == .shutdown)
        }
    }

    @Test("NTFS in a GPT partition opens at its offset and size")
    func partition() throws {
        let drive = try TestDrives.drive("gpt-ntfs", options: ["--label", "INGPT"])
        let offset = try #require(drive.facts["partition_offset"].flatMap(UInt64.init))
        let size = try #require(drive.facts["partition_size"].flatMap(UInt64.init))
        try InProcessReader.with(device: drive.path) { reader in
            let info = try reader.client.open(VolumeOpening(offset: offset, size: size, encryption: .none)).get("open")
            #expect(info.label == "INGPT")
            #expect(try reader.client.walk("/").get("walk").isEmpty)
        }
        try InProcessReader.with(device: drive.path) { reader in
            let failure = try reader.client.open(VolumeOpening(encryption: .none)).failure("open the whole GPT disk")
            #expect(failure.kind == .ntfsNotFound, "\(failure)")
        }
    }
}
