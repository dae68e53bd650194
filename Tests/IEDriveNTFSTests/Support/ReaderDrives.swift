import Foundation
import IEDriveCore
import IEDriveTestSupport

/// The drives the reader tests read, built once per cache by scripts/make-test-drive.
enum ReaderDrives {
    /// Options for a drive holding the reader tree (TestTrees.readerTree) with 8.3 aliases
    /// and an NTFS-compressed `Compressed` folder.
    static func treeOptions() throws -> [String] {
        ["--files", try TestTrees.readerTree(), "--compressed-dir", "Compressed", "--dos-names", "--label", "READER"]
    }

    static func plainTree() throws -> TestDrives.Drive {
        try TestDrives.drive("plain-ntfs", options: try treeOptions(), name: "reader-plain-tree-v1")
    }

    static func bitLockerTree() throws -> TestDrives.Drive {
        try TestDrives.drive("bitlocker-ntfs", options: try treeOptions(), name: "reader-bitlocker-tree-v1")
    }

    static func key(of drive: TestDrives.Drive) throws -> RecoveryPassword {
        guard let text = drive.recoveryKey else { throw ReaderTestClient.Failed("\(drive.path) has no recovery_key") }
        return try RecoveryPassword(text)
    }

    /// A well-formed recovery password that unlocks nothing here.
    static let wrongKey = try! RecoveryPassword("111111-222222-333333-444444-555555-666666-000000-111111")

    /// The bytes of a file of the source tree.
    static func sourceBytes(_ tree: String, _ volumePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: tree + volumePath)))
    }
}

extension Result {
    /// The success value, or a test failure naming the error.
    func get(_ what: String) throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let error): throw ReaderTestClient.Failed("\(what): \(error)")
        }
    }

    /// The failure, or a test failure saying it succeeded.
    func failure(_ what: String) throws -> Failure {
        switch self {
        case .success(let value): throw ReaderTestClient.Failed("\(what) succeeded: \(value)")
        case .failure(let error): return error
        }
    }
}
