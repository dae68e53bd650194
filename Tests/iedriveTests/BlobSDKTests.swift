import Foundation
import IEDriveClient
import IEDriveCopy
import IEDriveTestSupport
import Testing

/// Microsoft's azure-storage-blob SDK (PyPI), unmodified, with a connection string from
/// `iedrive storage connection-string`, against a running daemon's Blob endpoint: containers,
/// one-call and staged-block uploads with MD5s, paging, prefixes and delimiters, ranged
/// downloads, metadata, SAS allowed and refused, a wrong key and no credential refused
/// (scripts/blob-sdk-flow.py). The SDK lives in a venv cached under .build/blob-sdk-venv;
/// without PyPI the suite is skipped with the reason.
@Suite(.requiresRoot, .serialized, .enabled(if: BlobSDKEnvironment.python != nil,
                                              "the Blob SDK venv (.build/blob-sdk-venv) could not be prepared (reason on stderr)"))
struct BlobSDKTests {
    @Test func officialBlobSDKWorksUnmodified() throws {
        let python = try #require(BlobSDKEnvironment.python)
        let harness = try DaemonHarness("blob-sdk", blob: "listen = \"127.0.0.1:0\"")
        defer { harness.stop() }
        try harness.start()
        let created = try harness.cli(["storage", "connection-string", "custdata", "--json"])
        try #require(created.status == 0, "\(created)")
        #expect(created.stdout.contains("\"created\":true"), "\(created.stdout)")
        let again = try harness.cli(["storage", "connection-string"])   // the only account
        try #require(again.status == 0, "\(again)")
        let connectionString = again.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(connectionString.hasPrefix("DefaultEndpointsProtocol=http;AccountName=custdata;AccountKey="))
        #expect(created.stdout.contains(connectionString.replacingOccurrences(of: "/", with: "\\/"))
            || created.stdout.contains(connectionString), "the same key both times")

        let flow = try CommandRunner.run([python, TestEnvironment.script("blob-sdk-flow.py"), connectionString])
        #expect(flow.status == 0, "\(flow)")
        #expect(flow.stdout.contains("\"ok\": true"), "\(flow.stdout)")
        #expect(flow.stdout.contains("\"wrongKey\": \"AuthenticationFailed\""), "\(flow.stdout)")
        #expect(flow.stdout.contains("\"sasWriteRefused\": \"AuthorizationPermissionMismatch\""), "\(flow.stdout)")
        #expect(flow.stdout.contains("\"sasExpired\": \"AuthenticationFailed\""), "\(flow.stdout)")
        #expect(flow.stdout.contains("\"anonymous\": \"NoAuthenticationInformation\""), "\(flow.stdout)")

        // The account's key never reaches the daemon's log; its data lives under the target.
        let key = connectionString.components(separatedBy: "AccountKey=")[1].components(separatedBy: ";")[0]
        #expect(!harness.log.contains(key))
        #expect(FileManager.default.fileExists(atPath: harness.targetRoot + "/custdata"))
        let listed = try harness.cli(["storage", "accounts"])
        #expect(listed.status == 0 && listed.stdout.hasPrefix("custdata\thttp://127.0.0.1:"), "\(listed)")
        #expect(!listed.stdout.contains(key))
    }
}

extension BlobSDKTests {
    /// An import job's data is its storage account's: listed and downloaded through the Blob
    /// endpoint with the official SDK, MD5s as the manifest gave them, and the drive logs are
    /// blobs of the job's diagnostics container.
    @Test func anImportIsVisibleThroughTheBlobEndpoint() throws {
        let python = try #require(BlobSDKEnvironment.python)
        let harness = try DaemonHarness("blob-import", extraConfig: "[intake]\nallow_unencrypted = true\n",
                                        blob: "listen = \"127.0.0.1:0\"")
        defer { harness.stop() }
        // The photo carries its own properties and metadata files (drive-manifest.md §6); the
        // endpoint must show them as the blob's properties and metadata.
        let metadata = Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Metadata>\n  <Project>harbor-survey</Project>\n</Metadata>\n".utf8)
        let properties = Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Properties>
              <Content-Type>image/jpeg</Content-Type>
              <Content-Language>en-GB</Content-Language>
              <Cache-Control>max-age=3600</Cache-Control>
            </Properties>

            """.utf8)
        let drive = try DaemonTests.prepare("BLOB01", in: harness.scratch, files: [
            "photos/2024/a b.jpg": DaemonTests.randomBytes(300_000, seed: 3), "notes.txt": Array("hello\n".utf8),
            "attachments/meta.xml": metadata, "attachments/props.xml": properties,
        ]) { text in
            let withMetadata = try ManifestTool.appendToBlob("intake/photos/2024/a b.jpg",
                "<MetadataPath Hash=\"\(ManifestTool.md5(metadata))\">\\attachments\\meta.xml</MetadataPath>", in: text)
            return try ManifestTool.appendToBlob("intake/photos/2024/a b.jpg",
                "<PropertiesPath Hash=\"\(ManifestTool.md5(properties))\">\\attachments\\props.xml</PropertiesPath>", in: withMetadata)
        }
        try harness.start()
        _ = try harness.createImportJob("blob-job", drives: [(drive.id, drive.key, drive.manifestHash)], logLevel: "Verbose")
        try harness.ship("blob-job", tracking: "123")
        try harness.deliver("blob-job", images: [drive.image])
        try harness.check(["sim", "advance", "2d"])
        _ = try harness.waitForDrives("blob-job") { $0.first?["state"] as? String == "Completed" }
        let connection = try harness.cli(["storage", "connection-string", "testdata"])
        try #require(connection.status == 0, "\(connection)")
        let expected = drive.files.map { path, bytes in "\(path)=\(MD5.digest(bytes).base64)" }.sorted()
        let script = """
            import base64, hashlib, sys
            from azure.storage.blob import BlobServiceClient
            service = BlobServiceClient.from_connection_string(sys.argv[1])
            intake = service.get_container_client("intake")
            for blob in sorted(intake.list_blobs(), key=lambda b: b.name):
                data = intake.download_blob(blob.name).readall()
                stored = base64.b64encode(blob.content_settings.content_md5).decode()
                assert stored == base64.b64encode(hashlib.md5(data).digest()).decode(), blob.name
                print(f"{blob.name}={stored}")
            photo = intake.get_blob_client("photos/2024/a b.jpg").get_blob_properties()
            settings = photo.content_settings
            print("photo", settings.content_type, settings.content_language, settings.cache_control, dict(photo.metadata))
            logs = [b.name for b in service.get_container_client("waimportexport").list_blobs()]
            print("logs", len([n for n in logs if n.endswith("_error.xml")]), len([n for n in logs if n.endswith("_verbose.xml")]))
            """
        let listed = try CommandRunner.run([python, "-c", script, connection.stdout.trimmingCharacters(in: .whitespacesAndNewlines)])
        try #require(listed.status == 0, "\(listed)")
        let lines = listed.stdout.split(separator: "\n").map(String.init)
        #expect(Array(lines.dropLast(2)) == expected, "\(listed.stdout)")
        #expect(lines.dropLast().last == "photo image/jpeg en-GB max-age=3600 {'Project': 'harbor-survey'}", "\(listed.stdout)")
        #expect(lines.last == "logs 1 1", "\(listed.stdout)")
    }
}

/// The Blob SDK's venv: .build/blob-sdk-venv, made once.
enum BlobSDKEnvironment {
    static let python = PythonSDKVenv.python(venv: "blob-sdk-venv", packages: ["azure-storage-blob==12.31.1"],
                                             module: "azure.storage.blob", suite: "BlobSDKTests")
}
