import Foundation
import TOMLKit

/// The TOML file's shape (config/iedrive.toml documents every key). Every key is optional: a
/// missing key keeps the value below it in precedence. Unknown keys are refused, so a typo
/// does not silently fall back to a default.
struct ConfigurationFile: Decodable, Sendable {
    var stateDir: String?
    var target: String?
    var socket: String?
    var clock: String?
    var maxConcurrentDrives: Int?
    var readerTimeoutSeconds: Int?
    var writerTimeoutSeconds: Int?
    var intake: Intake?
    var jobs: Jobs?
    var copy: Copy?
    var shutdown: Shutdown?
    var log: Log?
    var lifecycle: Lifecycle?
    var api: API?
    var storageAccount: StorageAccount?
    var s3: S3?

    /// `[s3]`: an `s3://` target's endpoint, region and keys (the `AWS_*` variables win).
    struct S3: Decodable, Sendable {
        var endpoint: String?
        var region: String?
        var accessKeyId: String?
        var secretAccessKey: String?
        enum CodingKeys: String, CodingKey {
            case endpoint, region, accessKeyId = "access_key_id", secretAccessKey = "secret_access_key"
        }
    }

    /// `[storage_account]`: the storage accounts' Blob endpoint.
    struct StorageAccount: Decodable, Sendable {
        var listen: String?
    }

    struct API: Decodable, Sendable {
        var listen: String?
        var tokens: [String]?
        var tlsCertificate: String?
        var tlsKey: String?
        var maxConnections: Int?
        var headerTimeoutSeconds: Seconds?
        var bodyTimeoutSeconds: Seconds?
        var idleTimeoutSeconds: Seconds?
        var maxEventStreams: Int?
        enum CodingKeys: String, CodingKey {
            case listen, tokens, tlsCertificate = "tls_certificate", tlsKey = "tls_key"
            case maxConnections = "max_connections", headerTimeoutSeconds = "header_timeout_seconds"
            case bodyTimeoutSeconds = "body_timeout_seconds", idleTimeoutSeconds = "idle_timeout_seconds"
            case maxEventStreams = "max_event_streams"
        }
    }

    /// A number of seconds written as a TOML integer (`10`) or float (`2.5`); TOML keeps the
    /// two apart, so each is tried.
    struct Seconds: Decodable, Sendable {
        var value: Double
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let whole = try? container.decode(Int.self) {
                value = Double(whole)
            } else {
                value = try container.decode(Double.self)
            }
        }
    }

    struct Intake: Decodable, Sendable {
        var loopDevices: Bool?
        var driveIdFrom: String?
        var allowDevices: [String]?
        var udevSource: String?
        var allowUnencrypted: Bool?
        enum CodingKeys: String, CodingKey {
            case loopDevices = "loop_devices", driveIdFrom = "drive_id_from", allowUnencrypted = "allow_unencrypted"
            case allowDevices = "allow_devices", udevSource = "udev_source"
        }
    }

    struct Jobs: Decodable, Sendable {
        var subscriptionId: String?
        var resourceGroup: String?
        enum CodingKeys: String, CodingKey { case subscriptionId = "subscription_id", resourceGroup = "resource_group" }
    }

    struct Copy: Decodable, Sendable {
        var piecesInFlight: Int?
        enum CodingKeys: String, CodingKey { case piecesInFlight = "pieces_in_flight" }
    }

    struct Shutdown: Decodable, Sendable {
        var graceSeconds: Int?
        enum CodingKeys: String, CodingKey { case graceSeconds = "grace_seconds" }
    }

    struct Log: Decodable, Sendable {
        var level: String?
    }

    struct Lifecycle: Decodable, Sendable {
        var receiptLag: String?
        enum CodingKeys: String, CodingKey { case receiptLag = "receipt_lag" }
    }

    enum CodingKeys: String, CodingKey {
        case stateDir = "state_dir", target, socket, clock
        case maxConcurrentDrives = "max_concurrent_drives", readerTimeoutSeconds = "reader_timeout_seconds"
        case writerTimeoutSeconds = "writer_timeout_seconds"
        case intake, jobs, copy, shutdown, log, lifecycle, api, storageAccount = "storage_account", s3
    }

    static func parse(_ text: String, path: String) throws(ConfigurationError) -> ConfigurationFile {
        do {
            return try TOMLDecoder(strictDecoding: true).decode(ConfigurationFile.self, from: text)
        } catch let error as UnexpectedKeysError {
            let names = error.keys.keys.sorted().joined(separator: ", ")
            throw ConfigurationError("\(path): unknown key(s) \(names); config/iedrive.toml lists the keys")
        } catch let error as TOMLParseError {
            throw ConfigurationError("\(path):\(error.source.begin.line): \(error.description)")
        } catch let error as DecodingError {
            throw ConfigurationError("\(path): \(Self.describe(error))")
        } catch {
            throw ConfigurationError("\(path): \(error)")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            "key '\(Self.path(context.codingPath))' must be a \(type)"
        case .keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case .dataCorrupted(let context): "'\(Self.path(context.codingPath))': \(context.debugDescription)"
        @unknown default: "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map(\.stringValue).joined(separator: ".")
    }
}

/// A configuration that cannot be used: says which file, key or flag and what to write instead.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
