import Foundation

/// The Ceph RGW the test command started (scripts/lib/ceph-rgw via scripts/test), read from
/// the file `$IEDRIVE_TEST_RGW_ENV` names. Tests that need an S3 store use ``current`` and are
/// skipped with ``unavailableReason`` when there is none.
public struct TestRGW: Sendable {
    public var endpoint: String
    public var accessKeyID: String
    public var secretAccessKey: String
    public var region: String
    /// The daemons' pids (monitor, OSD, gateway), for tests that stop the store on purpose.
    public var pids: [Int32]

    public static let current: TestRGW? = load()

    public static var unavailableReason: String {
        guard let path = ProcessInfo.processInfo.environment["IEDRIVE_TEST_RGW_ENV"], !path.isEmpty else {
            return "no Ceph RGW: run under scripts/test, which starts one (or set IEDRIVE_TEST_RGW_ENV to the env file "
                + "of `scripts/lib/ceph-rgw start DIR`)"
        }
        return "the Ceph RGW described by \(path) is not readable or not complete (see scripts/test's output)"
    }

    /// A bucket name no other test uses: `prefix-` and random hex, 3–63 lower-case characters.
    public static func uniqueBucket(_ prefix: String) -> String {
        let random = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        return "\(prefix.lowercased())-\(random)"
    }

    /// One more gateway for the same cluster (same users and buckets, its own port), started
    /// by `scripts/lib/ceph-rgw gateway`, for a test that stops a gateway on purpose: kill it
    /// by its pid (the cluster's `stop` ends it too).
    public static func extraGateway() throws -> (pid: Int32, endpoint: String) {
        guard let path = ProcessInfo.processInfo.environment["IEDRIVE_TEST_RGW_ENV"] else {
            throw TestSupportError.setup(unavailableReason)
        }
        let directory = (path as NSString).deletingLastPathComponent
        let result = try CommandRunner.run([TestEnvironment.script("lib/ceph-rgw"), "gateway", directory])
        var values: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard result.status == 0, let pid = values["RGW_PID"].flatMap({ Int32($0) }), let endpoint = values["AWS_ENDPOINT_URL"] else {
            throw TestSupportError.setup("scripts/lib/ceph-rgw gateway failed: \(result)")
        }
        return (pid, endpoint)
    }

    static func load() -> TestRGW? {
        guard let path = ProcessInfo.processInfo.environment["IEDRIVE_TEST_RGW_ENV"],
              let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let endpoint = values["AWS_ENDPOINT_URL"], let key = values["AWS_ACCESS_KEY_ID"],
              let secret = values["AWS_SECRET_ACCESS_KEY"] else { return nil }
        let pids = (values["RGW_PIDS"] ?? "").split(separator: ",").compactMap { Int32($0) }
        return TestRGW(endpoint: endpoint, accessKeyID: key, secretAccessKey: secret, region: values["AWS_REGION"] ?? "us-east-1",
                       pids: pids)
    }
}
