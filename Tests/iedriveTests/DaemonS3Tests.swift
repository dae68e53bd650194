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
