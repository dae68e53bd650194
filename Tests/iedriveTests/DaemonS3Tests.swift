import Foundation
import IEDriveClient
import IEDriveCopy
import IEDriveS3
import IEDriveTestSupport
import Testing

/// `iedrive daemon --target s3://BUCKET/PREFIX` over the Ceph RGW the test command starts: a
/// BitLocker drive delivered through udev lands in its job's storage account, the keys
/// `PREFIX/ACCOUNT/CONTAINER/NAME`, byte-identical, no upload left; and the storage accounts'
/// Blob endpoint serves S3-backed accounts to Microsoft's azure-storage-blob SDK (the same flow
/// as over a local directory: scripts/blob-sdk-flow.py), imported blobs included.
@Suite(.requiresRoot, .requiresUdevd, .serialized,
       .enabled(if: TestRGW.current != nil, Comment(rawValue: TestRGW.unavailableReason)),
       .enabled(if: BlobSDKEnvironment.python != nil, "the Blob SDK venv (.build/blob-sdk-venv) could not be prepared (reason on stderr)"))
struct DaemonS3Tests {
    static func environment() throws -> [String: String] {
        let rgw = try #require(TestRGW.current)
        return ["AWS_ENDPOINT_URL": rgw.endpoint, "AWS_ACCESS_KEY_ID": rgw.accessKeyID,
                "AWS_SECRET_ACCESS_KEY": rgw.secretAccessKey, "AWS_REGION": rgw.region]
    }

    @Test(.requiresFixtures) func aDaemonOverRGWImportsABitLockerDriveAndServesItsAccounts() throws {
        let python = try #require(BlobSDKEnvironment.python)
        let rgw = try #require(TestRGW.current)
        let bucket = TestRGW.uniqueBucket("daemon")
        let client = try ImportS3Tests.client(bucket)
        try client.createBucket()
        let harness = try DaemonHarness("s3", blob: "listen = \"127.0.0.1:0\"", target: "s3://\(bucket)/site")
        defer { harness.stop() }
        let drive = try DaemonTests.prepare("S3BL01", in: harness.scratch, kind: "bitlocker-ntfs", files: [
            "video/take 1.bin": DaemonTests.randomBytes(20 << 20, seed: 31),   // three parts of 8 MiB
            "docs/été+%.txt": Array("bonjour\n".utf8), "empty.dat": [],
        ])
        let before = try sha256(of: drive.image)
        try harness.start(environment: try Self.environment())
        try harness.createImportJob("s3-job", drives: [(drive.id, drive.key, drive.manifestHash)])
        try harness.ship("s3-job", tracking: "553")
        try harness.deliver("s3-job", images: [drive.image])
        try harness.check(["sim", "advance", "2d"])
        let drives = try harness.waitForDrives("s3-job", timeout: 180) { $0.first?["state"] as? String == "Completed" }
        #expect(drives.first?["state"] as? String == "Completed", "\(drives)")
        // The job's storage account (testdata) is the prefix site/testdata/ of the bucket.
        for (path, bytes) in drive.files {
            #expect(try client.getObject("site/testdata/intake/" + path) == bytes, "intake/\(path)")
        }
        let video = try #require(try client.headObject("site/testdata/intake/video/take 1.bin"))
        #expect(video.metadata["iedrive-md5"] == MD5.digest(drive.files["video/take 1.bin"]!).base64, "\(video)")
        #expect(try client.listMultipartUploads(prefix: "").isEmpty, "no upload of iedrive's remains")
        #expect(try sha256(of: drive.image) == before, "the drive was written to")
        #expect(!harness.log.contains(drive.key) && !harness.log.contains(rgw.secretAccessKey), "a secret reached the log")

        // The Blob endpoint over the same bucket: the SDK's whole flow in a new account…
        let created = try harness.cli(["storage", "connection-string", "custdata"])
        try #require(created.status == 0, "\(created)")
        let custdata = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let flow = try CommandRunner.run([python, TestEnvironment.script("blob-sdk-flow.py"), custdata])
        #expect(flow.status == 0 && flow.stdout.contains("\"ok\": true"), "\(flow)")
        #expect(flow.stdout.contains("\"wrongKey\": \"AuthenticationFailed\""), "\(flow.stdout)")
        #expect(flow.stdout.contains("\"sasWriteRefused\": \"AuthorizationPermissionMismatch\""), "\(flow.stdout)")
        // (the flow removes what it made): a blob staged in blocks is the object site/custdata/uploads/staged.bin.
        let upload = """
            import sys
            from azure.storage.blob import BlobServiceClient, BlobBlock
            container = BlobServiceClient.from_connection_string(sys.argv[1]).create_container("uploads")
            blob = container.get_blob_client("staged.bin")
            blob.stage_block("YQ==", b"a" * 3_000_000)
            blob.stage_block("Yg==", b"b" * 1_000)
            blob.commit_block_list([BlobBlock("YQ=="), BlobBlock("Yg==")])
            print(blob.get_blob_properties().size)
            """
        let uploaded = try CommandRunner.run([python, "-c", upload, custdata])
        #expect(uploaded.status == 0 && uploaded.stdout.hasPrefix("3001000"), "\(uploaded)")
        let staged = try client.getObject("site/custdata/uploads/staged.bin")
        #expect(staged == Array(repeating: UInt8(ascii: "a"), count: 3_000_000) + Array(repeating: UInt8(ascii: "b"), count: 1_000),
                "the committed blob is the object site/custdata/uploads/staged.bin")

        // … and the imported drive's blobs, listed and downloaded with their MD5s.
        let connection = try harness.cli(["storage", "connection-string", "testdata"])
        try #require(connection.status == 0, "\(connection)")
        let script = """
            import base64, hashlib, sys
            from azure.storage.blob import BlobServiceClient
            intake = BlobServiceClient.from_connection_string(sys.argv[1]).get_container_client("intake")
            for blob in sorted(intake.list_blobs(), key=lambda b: b.name):
                data = intake.download_blob(blob.name).readall()
                assert blob.content_settings.content_md5 is None or bytes(blob.content_settings.content_md5) == hashlib.md5(data).digest(), blob.name
                print(f"{blob.name}={base64.b64encode(hashlib.md5(data).digest()).decode()}")
            """
        let listed = try CommandRunner.run([python, "-c", script, connection.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        try #require(listed.status == 0, "\(listed)")
        let expected = drive.files.map { path, bytes in "\(path)=\(MD5.digest(bytes).base64)" }.sorted()
        #expect(listed.stdout.split(separator: "\n").map(String.init) == expected, "\(listed.stdout)")
    }
}

extension DaemonS3Tests {
    /// Export from an S3-backed storage account: blobs uploaded with the Blob SDK are written
    /// onto a drive; then the bucket refuses listings (a bucket policy denying s3:ListBucket)
    /// and the next export drive fails "Blob access forbidden", nothing else of the daemon
    /// harmed.
    @Test(.requiresFUSE) func exportReadsTheBucketAndARefusingStoreIsBlobAccessForbidden() throws {
        let python = try #require(BlobSDKEnvironment.python)
        let bucket = TestRGW.uniqueBucket("export")
        let client = try ImportS3Tests.client(bucket)
        try client.createBucket()
        let harness = try DaemonHarness("s3-export", blob: "listen = \"127.0.0.1:0\"", target: "s3://\(bucket)/site")
        defer {
            try? client.deleteBucketPolicy()
            harness.stop()
        }
        try harness.start(environment: try Self.environment())
        let blobs: [String: [UInt8]] = [
            "data/part.bin": DaemonTests.randomBytes(9 << 20, seed: 601),   // a multipart object in the bucket
            "data/é notes.txt": Array("Quai\n".utf8),
        ]
        var pairs: [String] = []
        for (index, (name, bytes)) in blobs.enumerated() {
            let file = harness.scratch.file("upload-\(index)")
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            pairs += [name, file]
        }
        let connection = try harness.cli(["storage", "connection-string", "testdata"])
        try #require(connection.status == 0, "\(connection)")
        try SDKExportTests.upload(python: python, connectionString: connection.stdout.trimmingCharacters(in: .whitespacesAndNewlines), pairs)

        let first = try DaemonExportTests.blank(harness, "S3EXP001", size: "32M")
        try DaemonExportTests.start(harness, job: "s3-export", body: DaemonExportTests.exportJob(prefixes: ["/data/"]), images: [first])
        try harness.check(["sim", "advance", "2d"])
        let written = try harness.waitForDrives("s3-export", timeout: 120) { drives in
            ["Completed", "CompletedMoreInfo"].contains(drives.first.map(DaemonExportTests.state) ?? "")
        }
        #expect(written.first.map(DaemonExportTests.state) == "Completed", "\(written)\n\(harness.log)")
        let key = try #require(try DaemonExportTests.keys(harness, "s3-export")["S3EXP001"])
        let held = try DaemonExportTests.driveFiles(first, password: key, Array(blobs.keys))
        #expect(held == blobs, "the drive holds the bucket's blobs: \(held.keys.sorted())")

        try client.putBucketPolicy("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": {"AWS": ["*"]},
              "Action": ["s3:ListBucket"], "Resource": ["arn:aws:s3:::\(bucket)"]}]}
            """)
        let second = try DaemonExportTests.blank(harness, "S3EXP002", size: "32M")
        try DaemonExportTests.start(harness, job: "s3-refused", body: DaemonExportTests.exportJob(prefixes: ["/data/"]), images: [second])
        try harness.check(["sim", "advance", "2d"])
        let refused = try harness.waitForDrives("s3-refused", timeout: 120) { drives in
            ["Completed", "CompletedMoreInfo"].contains(drives.first.map(DaemonExportTests.state) ?? "")
        }
        #expect(refused.first?["copyStatus"] as? String == "BlobAccessForbidden", "\(refused)\n\(harness.log)")
        #expect(try DaemonExportTests.keys(harness, "s3-refused").isEmpty)
        try client.deleteBucketPolicy()
        #expect(try harness.cli(["jobs", "list"]).status == 0, "the daemon still serves")
    }
}
