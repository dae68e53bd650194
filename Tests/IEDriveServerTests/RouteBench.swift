import Foundation
import Hummingbird
import HummingbirdTesting
import IEDriveCopy
import IEDriveCore
import IEDriveDaemon
import IEDriveServer
import IEDriveStore
import IEDriveTestSupport
import Logging
import NIOCore
import Testing

/// The daemon built by its composition root over an in-memory job store and a temporary
/// target, served in process through Hummingbird's test client: the routes without root,
/// without a built binary, without a socket (`.router`) or on port 0 (`.live`).
struct RouteBench {
    let directory: TemporaryDirectory
    let daemon: Daemon
    static let subscription = "00000000-0000-0000-0000-000000000000"
    static let jobs = "/subscriptions/\(subscription)/resourceGroups/iedrive/providers/Microsoft.ImportExport/jobs"

    init(_ label: String, maxEventStreams: Int = 64) throws {
        directory = try TestEnvironment.temporaryDirectory(label)
        var configuration = DaemonConfiguration.defaults(under: directory.path)
        configuration.clock = .manual
        configuration.receiptLag = .span(.seconds(0))
        configuration.apiListen = nil
        configuration.maxEventStreams = maxEventStreams
        try FileManager.default.createDirectory(atPath: directory.file("target"), withIntermediateDirectories: true)
        let database = try StateDatabase(path: directory.file("state.sqlite"))
        let parts = DaemonParts(store: InMemoryJobStore(), journal: { SQLiteCopyJournal(database: database) },
                                target: LocalDirectoryTarget(root: directory.file("target")), sessions: NoDrives(),
                                watchesDevices: false, clockStart: Instant(millisecondsSinceEpoch: 1_780_000_000_000))
        var logger = Logger(label: "iedrive-route-test")
        logger.logLevel = .critical
        var built = Daemon(configuration: configuration, parts: parts, jobs: [], logger: logger)
        built.routes.eventKeepAlive = .milliseconds(200)
        daemon = built
    }

    func cleanup() { directory.cleanup() }

    /// Runs `body` with a client of the daemon's routes (in process, no socket).
    func withClient<T: Sendable>(tokens: [String] = [], _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let router = daemon.routes.router(tokens: tokens.isEmpty ? nil : BearerTokens(tokens))
        return try await Application(router: router).test(.router, body)
    }

    static func importJob(drives: [String], logLevel: String = "Error") -> String {
        let list = drives.map { id in
            """
            { "driveId": "\(id)", "bitLockerKey": "486717-373197-216029-527087-531740-482504-024706-333916",
              "manifestFile": "\\\\DriveManifest.xml", "manifestHash": "\(String(repeating: "A", count: 32))", "driveHeaderHash": "" }
            """
        }.joined(separator: ",\n")
        return """
        {
          "location": "West Europe",
          "properties": {
            "storageAccountId": "/subscriptions/\(subscription)/resourceGroups/iedrive/providers/Microsoft.Storage/storageAccounts/testdata",
            "jobType": "Import",
            "returnAddress": { "recipientName": "Intake", "streetAddress1": "1 Quay", "city": "Rotterdam", "postalCode": "3011",
                               "countryOrRegion": "Netherlands", "phone": "+31 10 000 0000", "email": "intake@example.com" },
            "returnShipping": { "carrierName": "DHL", "carrierAccountNumber": "DHL-1" },
            "diagnosticsPath": "waimportexport",
            "logLevel": "\(logLevel)",
            "driveList": [\(list)]
          }
        }
        """
    }
}

/// **Fake** drive sessions for route tests: no drive is ever attached.
struct NoDrives: DriveSessions {
    func withOpenedDrive<T>(_ request: DriveSessionRequest, stop: StopSignal?,
                            _ body: (OpenedDrive) async throws -> T) async throws -> (value: T, reader: ReaderUsage) {
        throw DriveOpeningError.host("no drives in route tests", .device)
    }
}

extension TestClientProtocol {
    /// A JSON request; returns the status and the body parsed as JSON (nil when it is not).
    func json(_ method: HTTPRequest.Method, _ uri: String, body: String? = nil,
              headers: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: Any?, text: String) {
        var fields = headers
        if body != nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(string: $0) }) { response in
            let text = String(buffer: response.body)
            return (response.status, try? JSONSerialization.jsonObject(with: Data(text.utf8)), text)
        }
    }
}
