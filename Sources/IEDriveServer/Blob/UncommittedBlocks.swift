import Foundation
import IEDriveStorageAccounts
import IEDriveSystem

/// Blocks uploaded with Put Block and not yet committed by Put Block List, kept in files under
/// the account's directory: `<account root>/.iedrive/blocks/<sha256 of container/blob>/<hex of
/// the block id>`. A block is written to a temporary name and renamed into place when whole,
/// so a half-received block never counts. Committing a blob removes its blocks, committed or
/// not, as Azure drops a blob's uncommitted blocks on commit.
public struct UncommittedBlocks: Sendable {
    public let accountRoot: String

    public init(accountRoot: String) {
        self.accountRoot = accountRoot
    }

    /// The directory of a blob's blocks.
    func directory(_ container: String, _ blob: String) -> String {
        accountRoot + "/.iedrive/blocks/" + StorageNameDigest.hex(container + "/" + blob)
    }

    /// The file name of a block id (base64 of at most 64 bytes); nil when the id is not that.
    static func fileName(_ blockId: String) -> String? {
        guard let bytes = Data(base64Encoded: blockId), !bytes.isEmpty, bytes.count <= 64 else { return nil }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// Opens a temporary file for a block being received; `finish` publishes it.
    func begin(_ container: String, _ blob: String, blockId: String) throws(BlobServiceError) -> (fd: Int32, temporary: String, final: String) {
        guard let name = Self.fileName(blockId) else {
            throw BlobServiceError(.badRequest, "InvalidQueryParameterValue", "The block id is not base64 of 1 to 64 bytes.")
        }
        let directory = directory(container, blob)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o750])
            let temporary = directory + "/." + name + "-\(UInt64.random(in: 0...UInt64.max))"
            let fd = try SystemCall.open(temporary, [.writeOnly, .create, .exclusive], permissions: 0o644)
            return (fd, temporary, directory + "/" + name)
        } catch {
            throw BlobServiceError(.internalServerError, "InternalError", "Cannot store the block: \(error)")
        }
    }

    func finish(temporary: String, final: String) throws(BlobServiceError) {
        do {
            try SystemCall.rename(temporary, final)
        } catch {
            throw BlobServiceError(.internalServerError, "InternalError", "Cannot store the block: \(error)")
        }
    }

    /// The path and length of an uncommitted block, nil when there is none.
    func block(_ container: String, _ blob: String, blockId: String) -> (path: String, length: UInt64)? {
        guard let name = Self.fileName(blockId) else { return nil }
        let path = directory(container, blob) + "/" + name
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber else { return nil }
        return (path, size.uint64Value)
    }

    /// The uncommitted blocks of a blob: base64 id and length, in no particular order.
    func list(_ container: String, _ blob: String) -> [(id: String, length: UInt64)] {
        let directory = directory(container, blob)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { !$0.hasPrefix(".") }.compactMap { name in
            var bytes: [UInt8] = []
            var index = name.startIndex
            while index < name.endIndex {
                let next = name.index(index, offsetBy: 2, limitedBy: name.endIndex) ?? name.endIndex
                guard let byte = UInt8(name[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name),
                  let size = attributes[.size] as? NSNumber else { return nil }
            return (Data(bytes).base64EncodedString(), size.uint64Value)
        }
    }

    /// Removes every block of a blob.
    func discard(_ container: String, _ blob: String) {
        try? FileManager.default.removeItem(atPath: directory(container, blob))
    }
}
