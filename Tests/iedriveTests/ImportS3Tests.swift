import Foundation
import IEDriveCopy
import IEDriveS3
import IEDriveTestSupport
import Testing

/// `iedrive import --target s3://BUCKET/PREFIX` into the Ceph RGW the test command starts:
/// every blob byte-identical under `PREFIX/CONTAINER/NAME` with its properties and metadata,
/// a multipart blob whole, no upload left behind, the drive untouched; a wrong key is exit 4,
/// "Storage account not accessible", the secret in no output.
@Suite(.requiresRoot, .serialized, .enabled(if: TestRGW.current != nil, Comment(rawValue: TestRGW.unavailableReason)))
struct ImportS3Tests {
    /// `env AWS_…=…` before a command: the test RGW's endpoint and keys (a full path: a
    /// spawned import needs one).
    static func environment(secret: String? = nil, endpoint: String? = nil) throws -> [String] {
        let rgw = try #require(TestRGW.current)
        return ["/usr/bin/env", "AWS_ENDPOINT_URL=\(endpoint ?? rgw.endpoint)", "AWS_ACCESS_KEY_ID=\(rgw.accessKeyID)",
                "AWS_SECRET_ACCESS_KEY=\(secret ?? rgw.secretAccessKey)", "AWS_REGION=\(rgw.region)"]
    }

    /// `iedrive import ARGUMENTS` against the test RGW, to its end.
    static func importRun(_ arguments: [String], secret: String? = nil) throws -> ImportRun {
        let result = try CommandRunner.run(try environment(secret: secret) + arguments)
        return ImportRun(status: result.status, stdout: result.stdout, stderr: result.stderr, signal: nil)
    }

    static func client(_ bucket: String) throws -> S3Client {
        let rgw = try #require(TestRGW.current)
        return S3Client(endpoint: try S3Endpoint.make(url: rgw.endpoint, region: rgw.region, bucket: bucket),
                        credentials: S3Credentials(accessKeyID: rgw.accessKeyID, secretAccessKey: rgw.secretAccessKey))
    }

    @Test func aPlainDriveImportsIntoTheBucket() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-s3")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0x53)
        try tree.randomFile("video/big.bin", size: 20 << 20)            // three parts of 8 MiB
        try tree.randomFile("photos/a b+c%.jpg", size: 300_000)
        try tree.textFile("日本語/naïve é.txt", size: 5_000)
        try tree.file("empty.dat", [])
        try tree.file("attachments/meta.xml", text: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Metadata>\n  <Project>harbor</Project>\n</Metadata>\n")
        try ManifestTool.make(tree.root, ["--drive-id", "S3DRIVE1"])
        let metaMD5 = ManifestTool.md5(try tree.bytes("attachments/meta.xml"))
        try ManifestTool.edit(tree.path("DriveManifest.xml")) { text in
            try ManifestTool.appendToBlob("import/photos/a b+c%.jpg",
                                          "<MetadataPath Hash=\"\(metaMD5)\">\\attachments\\meta.xml</MetadataPath>", in: text)
        }
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("s3.img"))
        var proof = ReadOnlyProof()
        try proof.record(drive.path)
        let bucket = TestRGW.uniqueBucket("import")
        let client = try Self.client(bucket)
        try client.createBucket()

        let run = try Self.importRun(Importer.arguments(drive.path, target: "s3://\(bucket)/site-a", journal: scratch.file("journal.sqlite")))
        #expect(run.status == 0, "\(run)")
        #expect(run.summary?["driveStatus"] as? String == "Completed", "\(run)")
        for file in try TestTrees.files(in: tree.root) where file != "/DriveManifest.xml" {
            let stored = try client.getObject("site-a/import" + file)
            #expect(stored == (try tree.bytes(String(file.dropFirst()))), "\(file)")
        }
        let photo = try #require(try client.headObject("site-a/import/photos/a b+c%.jpg"))
        #expect(photo.metadata["project"] == "harbor", "\(photo)")
        let big = try #require(try client.headObject("site-a/import/video/big.bin"))
        let bigMD5 = MD5.digest(try tree.bytes("video/big.bin")).base64
        #expect(big.etag.hasSuffix("-3") && big.metadata["iedrive-md5"] == bigMD5, "a multipart object with the whole MD5 beside it: \(big)")
        #expect(try client.listMultipartUploads(prefix: "").isEmpty, "no upload of iedrive's remains")
        #expect(try client.listObjects(prefix: "site-a/.iedrive/staging/").objects.isEmpty, "no staging object remains")
        try proof.check()

        // The same drive again: everything is there already (its journal says so); nothing is sent.
        let again = try CommandRunner.run(try Self.environment()
            + Importer.arguments(drive.path, target: "s3://\(bucket)/site-a", journal: scratch.file("journal.sqlite")))
        #expect(again.status == 0, "\(again)")
    }

    /// A BitLocker drive (its bytes through the reader process) into the bucket: byte for byte,
    /// a multipart blob among them, the image untouched, no upload left.
    @Test(.requiresFixtures) func aBitLockerDriveImportsIntoTheBucket() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-s3-bitlocker")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0xB153)
        try tree.randomFile("data/large.bin", size: (17 << 20) + 5)      // three parts
        try tree.randomFile("data/small.bin", size: 70_000)
        try tree.textFile("notes/ünïcode + % .txt", size: 3_000)
        var expected: ExpectedBlobs = [:]
        for file in try TestTrees.files(in: tree.root) { expected["import" + file] = try tree.bytes(String(file.dropFirst())) }
        try ManifestTool.make(tree.root)
        let drive = try TestDrives.build("bitlocker-ntfs", at: scratch.file("bitlocker.img"), options: ["--files", tree.root])
        try (try #require(drive.recoveryKey) + "\n").write(toFile: scratch.file("key.txt"), atomically: true, encoding: .utf8)
        var proof = ReadOnlyProof()
        try proof.record(drive.path)
        let bucket = TestRGW.uniqueBucket("bitlocker")
        let client = try Self.client(bucket)
        try client.createBucket()
        let run = try Self.importRun(Importer.arguments(drive.path, target: "s3://\(bucket)", journal: scratch.file("journal.sqlite"), unencrypted: false,
                                 extra: ["--recovery-key-file", scratch.file("key.txt")]))
        #expect(run.status == 0 && run.summary?["driveStatus"] as? String == "Completed", "\(run)")
        for (name, bytes) in expected {
            #expect(try client.getObject(name) == bytes, "\(name)")
        }
        #expect(try client.listMultipartUploads(prefix: "").isEmpty, "no upload of iedrive's remains")
        let key = try #require(drive.recoveryKey)
        #expect(!run.stderr.contains(key) && !run.stdout.contains(key), "the recovery key never appears")
        try proof.check()
    }

    @Test func aWrongKeyIsStorageAccountNotAccessible() throws {
        let scratch = try TestEnvironment.temporaryDirectory("import-s3-refused")
        defer { scratch.cleanup() }
        var tree = try SourceTree(root: scratch.file("tree"), seed: 0x54)
        try tree.randomFile("x.bin", size: 100_000)
        try ManifestTool.make(tree.root)
        let drive = try ImportDrives.plain(tree.root, at: scratch.file("refused.img"))
        let bucket = TestRGW.uniqueBucket("refused")
        try Self.client(bucket).createBucket()
        let secret = "wrong-secret-0123456789012345678901234567"
        let run = try Self.importRun(Importer.arguments(drive.path, target: "s3://\(bucket)", journal: scratch.file("journal.sqlite")), secret: secret)
        #expect(run.status == 4, "\(run)")
        #expect(run.failure?["token"] as? String == "StorageAccountNotAccessible", "\(run)")
        #expect(run.stderr.contains("Storage account not accessible") && run.stderr.contains("403"), "\(run)")
        #expect(!run.stderr.contains(secret) && !run.stdout.contains(secret), "the secret never appears")
        // A bucket that is not there says so.
        let missing = try CommandRunner.run(try Self.environment()
            + Importer.arguments(drive.path, target: "s3://no-bucket-\(UUID().uuidString.prefix(8).lowercased())", journal: scratch.file("j2.sqlite")))
        #expect(missing.status == 4 && missing.stderr.contains("NoSuchBucket"), "\(missing)")
    }
}
