import Foundation
import Hummingbird
import IEDriveAPI
import IEDriveCore

/// Per-drive detail beyond the ARM surface (`/iedrive/v1`): each drive in both vocabularies
/// with its failure state and reason, bytes and percentage, its published logs (read back
/// from the target), and the attached drives no job lists (extra drives). No recovery key.
struct DriveRoutes {
    let routes: DaemonRoutes

    func add(to router: Router<BasicRequestContext>) {
        let registry = routes.registry
        let prefix = SimulatorRoutes.prefix
        router.get("\(prefix)/jobs/{jobName}/drives") { request, context in
            await DaemonRoutes.answer {
                let job = try await JobReference(name: context.parameters.decoded("jobName") ?? "", query: request)
                    .resolve(in: registry)
                return HTTPJSON.response(.object([("value", .array(job.drives.map { Self.detail($0, of: job, live: routes.live) }))]))
            }
        }
        router.get("\(prefix)/jobs/{jobName}/drives/{driveId}") { request, context in
            await DaemonRoutes.answer {
                let (job, drive) = try await Self.drive(request, context, registry)
                return HTTPJSON.response(Self.detail(drive, of: job, live: routes.live))
            }
        }
        router.get("\(prefix)/jobs/{jobName}/drives/{driveId}/logs/{kind}") { request, context in
            await DaemonRoutes.answer {
                let (job, drive) = try await Self.drive(request, context, registry)
                let kindText = context.parameters.decoded("kind") ?? ""
                let uri: String?
                switch kindText.lowercased() {
                case "error": uri = drive.logs.errorLogUri
                case "verbose": uri = drive.logs.verboseLogUri
                default:
                    throw ARMError(.invalidParameter, "The log kind is 'error' or 'verbose', not '\(kindText)'.", target: "kind")
                }
                guard let uri else {
                    throw ARMError(.resourceNotFound, "Drive \(drive.driveId) of job \(job.name) has no \(kindText.lowercased()) log yet; "
                                   + "logs are published when the drive finishes (verbose only with logLevel Verbose).")
                }
                return try Self.log(at: uri, target: routes.target)
            }
        }
        router.get("\(prefix)/extra-drives") { _, _ in
            await DaemonRoutes.answer {
                var extra: [JSONValue] = []
                for medium in await routes.supervisor.attachedMedia where try await registry.owner(ofDrive: medium.driveId) == nil {
                    extra.append(.object([("driveId", .string(medium.driveId)), ("device", .string(medium.devicePath))]))
                }
                return HTTPJSON.response(.object([("value", .array(extra))]))
            }
        }
    }

    static func drive(_ request: Request, _ context: BasicRequestContext,
                      _ registry: any JobService) async throws -> (Job, Drive) {
        let job = try await JobReference(name: context.parameters.decoded("jobName") ?? "", query: request).resolve(in: registry)
        let driveId = context.parameters.decoded("driveId") ?? ""
        guard let index = job.driveIndex(driveId) else {
            throw ARMError(.resourceNotFound, "Job \(job.name) has no drive '\(driveId)'.")
        }
        return (job, job.drives[index])
    }

    /// `DriveSummary` (both vocabularies) plus the job, the live copy numbers while it copies
    /// (rate in bytes/s, seconds left, blobs done of all), the log URIs and where to read the logs here.
    static func detail(_ drive: Drive, of job: Job, live: ThroughputMeter) -> JSONValue {
        guard case .object(var members) = DriveSummary(drive: drive).json else { return .null }
        let base = "\(SimulatorRoutes.prefix)/jobs/\(URLPathSegment.encoded(job.name))/drives/\(URLPathSegment.encoded(drive.driveId))"
        members.insert(contentsOf: [("jobName", .string(job.name)), ("subscriptionId", .string(job.scope.subscriptionId)),
                                    ("resourceGroup", .string(job.scope.resourceGroup))], at: 0)
        let progress = drive.state == .transferring ? live.progress(job: job.key, drive: drive.driveId) : nil
        let scope = JobReference.query(for: job)
        members += [
            ("rateBytesPerSecond", progress.map { .double($0.rate) } ?? .null),
            ("secondsLeft", progress?.secondsLeft.map { .double($0) } ?? .null),
            ("blobsDone", progress.map { .int(Int64($0.blobsDone)) } ?? .null),
            ("blobCount", progress.map { .int(Int64($0.blobCount)) } ?? .null),
            ("errorLogUri", .string(drive.logs.errorLogUri)),
            ("verboseLogUri", .string(drive.logs.verboseLogUri)),
            ("manifestUri", .string(drive.logs.manifestUri)),
            ("errorLog", .string(drive.logs.errorLogUri == nil ? nil : base + "/logs/error" + scope)),
            ("verboseLog", .string(drive.logs.verboseLogUri == nil ? nil : base + "/logs/verbose" + scope)),
        ]
        return .object(members)
    }

    /// The log blob `uri` names in the target, as XML.
    static func log(at uri: String, target: (any StorageTarget)?) throws -> Response {
        guard let target else {
            throw ARMError(.resourceNotFound, "This daemon has no local target to read drive logs from.")
        }
        let base = target.displayName.hasSuffix("/") ? target.displayName : target.displayName + "/"
        guard uri.hasPrefix(base), let path = try? BlobPath.parse(String(uri.dropFirst(base.count))) else {
            throw ARMError(.resourceNotFound, "The log \(uri) is not in this daemon's target \(target.displayName).")
        }
        let bytes: [UInt8]
        do {
            bytes = try target.read(path, range: 0..<(64 << 20))   // drive logs are far smaller
        } catch {
            throw ARMError(.resourceNotFound, "The log \(path) cannot be read from the target: \(error)")
        }
        return HTTPJSON.bytes(bytes, contentType: "application/xml; charset=utf-8")
    }
}
