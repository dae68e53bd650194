import Foundation
import IEDriveClient
import IEDriveTestSupport
import Testing

/// Microsoft's Python SDK (azure-mgmt-storageimportexport, PyPI) against a running daemon over
/// HTTPS with a bearer token: create → get → list (paged) → ship → keys → two tenants side by
/// side → deliver → complete.
/// The SDK lives in a venv cached under .build/sdk-venv; without PyPI the suite is skipped.
@Suite(.requiresRoot, .requiresUdevd, .serialized, .enabled(if: SDKEnvironment.python != nil,
                  "the SDK venv (.build/sdk-venv) could not be prepared: python3-venv missing or PyPI unreachable (reason on stderr)"))
struct SDKFlowTests {
    @Test func officialSDKDrivesAnImportToCompletion() throws {
        let python = try #require(SDKEnvironment.python)
        let scratch = try TestEnvironment.temporaryDirectory("sdk-cert")
        defer { scratch.cleanup() }
        let api = try TLSAPI(in: scratch)
        let (token, certificate) = (api.token, api.certificate)
        let harness = try DaemonHarness("sdk", extraConfig: "[intake]\nallow_unencrypted = true\n", api: api.table)
        defer { harness.stop() }
        let drive = try DaemonTests.prepare("SDKD01", in: harness.scratch, files: [
            "sdk/payload.bin": DaemonTests.randomBytes(2 << 20, seed: 9), "sdk/hello.txt": Array("hi\n".utf8),
        ])
        try harness.start()
        let base = "https://127.0.0.1:\(try harness.apiPort())"
        #expect(harness.log.contains("url=https://"), "the API listens with TLS")
        let arguments = [base, token, certificate, "sdk-job", drive.id, drive.key, drive.manifestHash]

        let created = try CommandRunner.run([python, TestEnvironment.script("sdk-flow.py"), "create"] + arguments)
        try #require(created.status == 0, "SDK create phase: \(created)")
        #expect(created.stdout.contains("\"deleteRefusal\": \"InvalidJobState\""), "\(created.stdout)")
        #expect(created.stdout.contains("\"notFound\": \"ResourceNotFound\""), "\(created.stdout)")
        #expect(!harness.log.contains(drive.key), "the key never reaches the daemon's log")

        // Issue 13: two tenants with their own random subscriptions and resource groups, side by
        // side, never seeing each other's jobs (nor the default scope's sdk-job).
        let tenants = try CommandRunner.run([python, TestEnvironment.script("sdk-flow.py"), "tenants"] + arguments)
        try #require(tenants.status == 0, "SDK tenants phase: \(tenants)")
        #expect(tenants.stdout.contains("\"location\": \"West Europe\""), "\(tenants.stdout)")

        try harness.deliver("sdk-job", images: [drive.image])
        try harness.check(["sim", "advance", "2d"])
        _ = try harness.waitForDrives("sdk-job") { $0.first?["state"] as? String == "Completed" }
        let completed = try CommandRunner.run([python, TestEnvironment.script("sdk-flow.py"), "complete"] + arguments)
        try #require(completed.status == 0, "SDK complete phase: \(completed)")
        #expect(completed.stdout.contains("\"state\": \"Completed\""), "\(completed.stdout)")
        DaemonTests.expectTarget(harness.targetRoot + "/sdkdata", holds: drive)   // the job's storage account

        // The drive's detail and its published error log, through /iedrive/v1 on the control socket.
        let local = DaemonClient(endpoint: .unixSocket(path: harness.socket))
        let detail = try local.request("GET", "/iedrive/v1/jobs/sdk-job/drives/\(drive.id)")
        let scope = "?subscriptionId=00000000-0000-0000-0000-000000000000&resourceGroup=iedrive"
        #expect(detail.status == 200
                && detail.text.contains("\"errorLog\":\"/iedrive/v1/jobs/sdk-job/drives/\(drive.id)/logs/error\(scope)\""),
                "\(detail.text)")
        let log = try local.request("GET", "/iedrive/v1/jobs/sdk-job/drives/\(drive.id)/logs/error")
        #expect(log.status == 200 && log.header("Content-Type")?.hasPrefix("application/xml") == true, "\(log.status)")
        #expect(log.text.contains("<DriveLog") && log.text.contains(drive.id) && !log.text.contains(drive.key), "\(log.text.prefix(400))")
        let verbose = try local.request("GET", "/iedrive/v1/jobs/sdk-job/drives/\(drive.id)/logs/verbose")
        #expect(verbose.status == 404, "logLevel Error publishes no verbose log: \(verbose.text)")
    }
}

/// The daemon's TCP API over TLS for the SDK tests (azure-core's bearer policy refuses plain
/// http): a self-signed certificate for 127.0.0.1 in `scratch`, a fresh bearer token, and the
/// `[api]` table serving them.
struct TLSAPI {
    let token: String
    let certificate: String
    let table: String

    init(in scratch: TemporaryDirectory) throws {
        token = "sdk-token-\(UUID().uuidString.prefix(8))"
        certificate = scratch.file("cert.pem")
        let key = scratch.file("key.pem")
        try CommandRunner.check(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                                 "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate])
        table = """
            listen = "127.0.0.1:0"
            tokens = ["\(token)"]
            tls_certificate = "\(certificate)"
            tls_key = "\(key)"
            """
    }
}

/// The SDK's venv: .build/sdk-venv, made once.
enum SDKEnvironment {
    static let python = PythonSDKVenv.python(venv: "sdk-venv", packages: ["azure-mgmt-storageimportexport==1.0.0b2", "azure-core"],
                                             module: "azure.mgmt.storageimportexport, azure.core", suite: "SDKFlowTests")
    /// The 2016-11-01 era package: msrest-based, with no azure-core client of its own.
    static let python2016 = PythonSDKVenv.python(venv: "sdk-venv-2016", packages: ["azure-mgmt-storageimportexport==0.1.0", "msrestazure"],
                                                 module: "azure.mgmt.storageimportexport, msrest", suite: "SDK2016FlowTests")
}

/// The 2016-11-01 era of Microsoft's SDK (azure-mgmt-storageimportexport 0.1.0: msrest,
/// msrestazure, api-version 2016-11-01) against a running daemon over HTTPS with a bearer token:
/// two tenants with their own random subscriptions and resource groups side by side — create,
/// get, list with paging, update, keys, delete — and locations by name with a space.
/// The SDK lives in .build/sdk-venv-2016; without PyPI the suite is skipped.
@Suite(.requiresRoot, .serialized, .enabled(if: SDKEnvironment.python2016 != nil,
                  "the 2016 SDK venv (.build/sdk-venv-2016) could not be prepared: python3-venv missing or PyPI unreachable (reason on stderr)"))
struct SDK2016FlowTests {
    @Test func olderSDKServesTwoTenantsSideBySide() throws {
        let python = try #require(SDKEnvironment.python2016)
        let scratch = try TestEnvironment.temporaryDirectory("sdk2016-cert")
        defer { scratch.cleanup() }
        let api = try TLSAPI(in: scratch)
        let (token, certificate) = (api.token, api.certificate)
        let harness = try DaemonHarness("sdk2016", api: api.table)
        defer { harness.stop() }
        try harness.start()
        let recoveryKey = "000011-111111-222222-333333-444444-555555-666666-000022"
        let manifestHash = String(repeating: "AB", count: 16)
        let flow = try CommandRunner.run([python, TestEnvironment.script("sdk-flow-2016.py"), "https://127.0.0.1:\(try harness.apiPort())",
                                          token, certificate, recoveryKey, manifestHash])
        try #require(flow.status == 0, "2016 SDK flow: \(flow)")
        #expect(flow.stdout.contains("\"location\": \"West Europe\""), "\(flow.stdout)")
        #expect(!harness.log.contains(recoveryKey), "the key never reaches the daemon's log")
    }
}
