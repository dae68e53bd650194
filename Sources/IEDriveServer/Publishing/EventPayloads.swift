import IEDriveAPI
import IEDriveCore

/// The JSON the event stream carries. Lifecycle events: the stored event's own fields (kind,
/// job, time, drive, Classic `from`/`to` states and, for job states, their Preview labels) plus
/// a summary of the job, and of the drive the event is about, as they stand when the event is
/// sent (both vocabularies). Progress: a drive's live copy numbers. Never a key: summaries
/// carry none.
enum EventPayloads {
    static func lifecycle(id: Int64, key: JobKey, event: LifecycleEvent, job: Job?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .int(id)), ("kind", .string(event.kind.name)), ("job", .string(key.name)),
            ("subscriptionId", .string(key.scope.subscriptionId)), ("resourceGroup", .string(key.scope.resourceGroup)),
            ("at", .string(event.at.description)), ("driveId", .string(event.kind.driveId)),
        ]
        members += details(event.kind)
        let summary = job.map { JobSummary(job: $0) }
        members.append(("jobStatus", summary.map(jobStatus) ?? .null))
        let drive = event.kind.driveId.flatMap { id in summary?.drives.first { $0.driveId == id } }
        members.append(("drive", drive?.json ?? .null))
        return .object(members)
    }

    static func progress(_ progress: DriveProgress) -> JSONValue {
        .object([
            ("job", .string(progress.jobName)), ("subscriptionId", .string(progress.job.scope.subscriptionId)),
            ("resourceGroup", .string(progress.job.scope.resourceGroup)), ("driveId", .string(progress.driveId)),
            ("bytesSucceeded", .int(progress.bytesSucceeded)), ("bytesToCopy", .int(progress.bytesToCopy)),
            ("percentComplete", .int(Int64(progress.percentComplete))),
            ("blobsDone", .int(Int64(progress.blobsDone))), ("blobCount", .int(Int64(progress.blobCount))),
            ("rate", .double(progress.rate)), ("secondsLeft", progress.secondsLeft.map { .double($0) } ?? .null),
        ])
    }

    /// The first message of a stream that does not resume: where it starts and every job (with
    /// drives) at that point.
    static func snapshot(latestEventID: Int64, jobs: [Job]) -> JSONValue {
        .object([("latestEventId", .int(latestEventID)),
                 ("jobs", .array(jobs.map { JobSummary(job: $0).json }))])
    }

    /// A job's state in both vocabularies and its percentage, without the drive list.
    static func jobStatus(_ summary: JobSummary) -> JSONValue {
        .object([
            ("state", .string(summary.classicState)), ("previewStatus", .string(summary.preview.token)),
            ("previewLabel", .string(summary.preview.label)), ("percentComplete", .int(summary.percentComplete)),
            ("cancelRequested", .bool(summary.cancelRequested)), ("faultReason", .string(summary.faultReason)),
        ])
    }

    /// The kind's own values, as the store keeps them.
    private static func details(_ kind: LifecycleEventKind) -> [(String, JSONValue)] {
        switch kind {
        case .jobStateChanged(let from, let to):
            [("from", .string(from.classic)), ("to", .string(to.classic)),
             ("fromPreview", .string(from.preview.token)), ("toPreview", .string(to.preview.token))]
        case .driveStateChanged(_, let from, let to):
            [("from", .string(from.classic)), ("to", .string(to.classic))]
        case .packageDelivered(let ids): [("driveIds", .array(ids.map { .string($0) }))]
        case .operationsNotified(let notice): [("notice", .string(notice.rawValue))]
        case .faulted(let reason): [("reason", .string(reason))]
        case .jobDeleted(let cause): [("cause", .string(cause.rawValue))]
        case .jobCreated, .jobReplaced, .jobUpdated, .cancelRequested, .driveAdded, .driveProbeStarted,
             .extraDriveArrived, .extraDriveReturned, .faultCleared, .returnAddressProblemResolved,
             .returnTransitElapsed, .drivesDestroyed:
            []
        }
    }
}
