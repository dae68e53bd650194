import Foundation
import IEDriveTestSupport
import Testing

/// The export acceptance, with Microsoft's own SDKs as the customer's tools: blobs and a
/// blob-list XML uploaded with azure-storage-blob to the daemon's Blob endpoint, an export job
/// created and shipped with azure-mgmt-storageimportexport (blobListBlobPath), blank images
/// delivered, the keys read back with listBitLockerKeys; then each drive opened with those keys
/// by cryptsetup and by dislocker-fuse + ntfs-3g (every listed blob byte-identical) and checked
/// block by block against the manifest it carries (`iedrive verify --full`).
@Suite(.requiresRoot, .requiresUdevd, .requiresFUSE, .serialized,
       .enabled(if: SDKEnvironment.python != nil && BlobSDKEnvironment.python != nil,
                "the SDK venvs (.build/sdk-venv, .build/blob-sdk-venv) could not be prepared (reason on stderr)"))
struct SDKExportTests {
    /// Uploads files with azure-storage-blob: `pairs` is BLOB PATH, FILE, BLOB PATH, FILE …
    /// (containers made as needed).
    static func upload(python: String, connectionString: String, _ pairs: [String]) throws {
        let script = """
            import sys
            from azure.storage.blob import BlobServiceClient
            service = BlobServiceClient.from_connection_string(sys.argv[1])
            pairs = sys.argv[2:]
            for name, path in zip(pairs[0::2], pairs[1::2]):
                container, blob = name.split("/", 1)
                client = service.get_container_client(container)
                if not client.exists():
                    client.create_container()
                with open(path, "rb") as data:
                    client.upload_blob(blob, data, overwrite=True)
            """
        let uploaded = try CommandRunner.run([python, "-c", script, connectionString] + pairs)
        try #require(uploaded.status == 0, "Blob SDK upload: \(uploaded)")
    }

    @Test func exportJobThroughTheOfficialSDKs() throws {
        let arm = try #require(SDKEnvironment.python)
        let blobSDK = try #require(BlobSDKEnvironment.python)
        let scratch = try TestEnvironment.temporaryDirectory("sdk-export-cert")
        defer { scratch.cleanup() }
        let api = try TLSAPI(in: scratch)
        let (token, certificate) = (api.token, api.certificate)
        let harness = try DaemonHarness("sdk-export", api: api.table, blob: "listen = \"127.0.0.1:0\"")
        defer { harness.stop() }
        try harness.start()

        // The customer's blobs, uploaded with the Blob SDK; the list names a prefix and a blob.
        let blobs: [String: [UInt8]] = [
            "media/a.bin": DaemonTests.randomBytes(12 << 20, seed: 401),
            "media/b.bin": DaemonTests.randomBytes(12 << 20, seed: 402),
            "media/übersicht 2024.txt": Array("Hafen, Kräne, Schiffe\n".utf8),
            "docs/readme.txt": Array("read me\n".utf8),
        ]
        var upload: [String] = []
        for (index, (name, bytes)) in blobs.enumerated() {
            let file = scratch.file("blob-\(index)")
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            upload += [name, file]
        }
        let notListed = scratch.file("not-listed")
        try Data("not exported\n".utf8).write(to: URL(fileURLWithPath: notListed))
        let list = scratch.file("list.xml")
        try Data("""
            <?xml version="1.0" encoding="utf-8"?>
            <BlobList>
              <BlobPathPrefix>/media/</BlobPathPrefix>
              <BlobPath>docs/readme.txt</BlobPath>
            </BlobList>

            """.utf8).write(to: URL(fileURLWithPath: list))
        upload += ["docs/other.txt", notListed, "lists/export.xml", list]
        let connection = try harness.cli(["storage", "connection-string", "sdkexport"])
        try #require(connection.status == 0, "\(connection)")
        try Self.upload(python: blobSDK, connectionString: connection.stdout.trimmingCharacters(in: .whitespacesAndNewlines), upload)

        // The export job, through the ARM SDK.
        let base = "https://127.0.0.1:\(try harness.apiPort())"
        let flow = [arm, TestEnvironment.script("sdk-export-flow.py")]
        let arguments = [base, token, certificate, "sdk-export-job", "sdkexport", "lists/export.xml"]
        let created = try CommandRunner.run(flow + ["create"] + arguments)
        try #require(created.status == 0, "SDK create phase: \(created)")

        let images = try ["SDKEXP01", "SDKEXP02"].map { name in
            let image = harness.scratch.file("\(name).img")
            try CommandRunner.check(["truncate", "-s", "32M", image])
            return image
        }
        try harness.deliver("sdk-export-job", images: images)
        try harness.check(["sim", "advance", "2d"])
        _ = try harness.waitForDrives("sdk-export-job", timeout: 180) { drives in
            drives.count == 2 && drives.allSatisfy { ["Completed", "CompletedMoreInfo"].contains($0["state"] as? String ?? "") }
        }
        let finished = try CommandRunner.run(flow + ["finish"] + arguments)
        try #require(finished.status == 0, "SDK finish phase: \(finished)")
        let facts = try JSONSerialization.jsonObject(with: Data(finished.stdout.utf8)) as? [String: Any] ?? [:]
        let drives = facts["drives"] as? [String: [String: Any]] ?? [:]
        let keys = facts["keys"] as? [String: String] ?? [:]
        #expect(drives.values.allSatisfy { $0["state"] as? String == "Completed" && $0["percent"] as? Int == 100 }, "\(drives)")
        #expect(facts["incompleteBlobListUri"] is NSNull, "every listed blob fit on the two drives: \(facts)")
        #expect(Set(keys.keys) == ["SDKEXP01", "SDKEXP02"], "\(keys)")
        #expect(!harness.log.contains(keys["SDKEXP01"] ?? "-"), "a recovery key reached the daemon's log")

        // Each drive: cryptsetup and dislocker-fuse open it with its key; together they hold
        // every listed blob once, byte-identical; its manifest describes every block.
        var found: [String: [UInt8]] = [:]
        for image in images {
            let id = DaemonExportTests.stem(image)
            let password = try #require(keys[id])
            #expect(try DaemonExportTests.cryptsetupOpens(image, password: password) == 0, "cryptsetup with the key of \(id)")
            let held = try DaemonExportTests.driveFiles(image, password: password, Array(blobs.keys) + ["docs/other.txt"])
            for (name, bytes) in held {
                #expect(found[name] == nil, "\(name) is on two drives")
                found[name] = bytes
            }
            let keyFile = harness.scratch.file("\(id).key")
            try Data((password + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))
            let verified = try harness.cli(["verify", image, "--recovery-key-file", keyFile, "--manifest", "\\\(id).manifest",
                                            "--drive-id", id, "--full", "--json"])
            #expect(verified.status == 0, "the manifest of \(id) describes what it holds: \(verified)")
        }
        #expect(found == blobs, "the drives hold exactly the listed blobs: \(found.keys.sorted())")
    }
}
