import Foundation
import IEDriveCore
import IEDriveNTFS
import IEDriveTestSupport
import Testing

/// `map`: where each file's bytes lie on the device, checked by reading them from the image
/// file itself and comparing with the source tree.
@Suite(.requiresRoot)
struct ExtentMapTests {
    @Test("every plain file's extents, read from the image, give its bytes; holes are zeros; resident and compressed files are unmappable")
    func plainTree() throws {
        let drive = try ReaderDrives.plainTree()
        let tree = try TestTrees.readerTree()
        let image = try #require(FileHandle(forReadingAtPath: drive.path))
        defer { try? image.close() }
        var mapped = 0, unmappable: [String: String] = [:]
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(encryption: .none)).get("open")
            for path in try TestTrees.files(in: tree) {
                let source = try ReaderDrives.sourceBytes(tree, path)
                let extents = try reader.client.map(path).get("map \(path)")
                #expect(extents.fileSize == UInt64(source.count), "\(path)")
                switch extents.mapping {
                case .unmappable(let reason):
                    unmappable[path] = reason
                case .mapped(let list):
                    mapped += 1
                    var bytes: [UInt8] = []
                    for extent in list {
                        if let offset = extent.deviceOffset {
                            try image.seek(toOffset: offset)
                            bytes += Array(try image.read(upToCount: Int(extent.length)) ?? Data())
                        } else {
                            bytes += [UInt8](repeating: 0, count: Int(extent.length))
                        }
                    }
                    #expect(bytes == source, "\(path): the mapped bytes differ from the source")
                }
            }
            let sparse = try reader.client.map("/sparse.bin").get("map sparse")
            guard case .mapped(let list) = sparse.mapping else {
                Issue.record("sparse.bin is unmappable: \(sparse.mapping)")
                return
            }
            #expect(list.contains { $0.deviceOffset == nil && $0.length >= 1 << 20 }, "sparse.bin has no hole: \(list)")
            #expect(try reader.client.map("/Nested").failure("map a directory").kind == .wrongKind)
            #expect(try reader.client.map("/no such file").failure("map a missing file").kind == .notFound)
        }
        #expect(mapped > 5)
        #expect(unmappable["/random-5MiB.bin"] == nil && unmappable["/Nested/Level 2/sibling.bin"] == nil)
        #expect(unmappable["/tiny.txt"]?.contains("resident") == true, "\(unmappable)")
        #expect(unmappable["/Compressed/random.bin"]?.contains("compressed") == true, "\(unmappable)")
    }

    @Test("a GPT partition: extents are device offsets, the partition's start included")
    func partitionOffset() throws {
        let tree = try TestTrees.readerTree()
        let drive = try TestDrives.drive("gpt-ntfs", options: ["--files", tree, "--label", "INGPT"])
        let offset = try #require(drive.facts["partition_offset"].flatMap(UInt64.init))
        let size = try #require(drive.facts["partition_size"].flatMap(UInt64.init))
        let source = try ReaderDrives.sourceBytes(tree, "/random-5MiB.bin")
        let image = try #require(FileHandle(forReadingAtPath: drive.path))
        defer { try? image.close() }
        try InProcessReader.with(device: drive.path) { reader in
            _ = try reader.client.open(VolumeOpening(offset: offset, size: size, encryption: .none)).get("open")
            let extents = try reader.client.map("/random-5MiB.bin").get("map")
            guard case .mapped(let list) = extents.mapping else {
                Issue.record("unmappable: \(extents.mapping)")
                return
            }
            #expect(list.allSatisfy { ($0.deviceOffset ?? .max) >= offset })
            var bytes: [UInt8] = []
            for extent in list {
                try image.seek(toOffset: try #require(extent.deviceOffset))
                bytes += Array(try image.read(upToCount: Int(extent.length)) ?? Data())
            }
            #expect(bytes == source)
        }
    }
}
