/// The rows of `/iedrive/v1` (`SimulatorRoutes`, `DriveRoutes`), health, and what the daemon
/// publishes (`PublishingRoutes`: events, metrics, the dashboard).
extension OpenAPIDocument {
    var simulatorOperations: [Operation] {
        let v1 = Self.v1
        let noJob = Reply.error(404, "404: ResourceNotFound (no such job)")
        let health = [Reply.json(200, "Health", "Daemon health, clock and ARM scope.")]
        let simulated = [Reply.json(200, "JobSummary", "The job after the step."),
                         .error(400, "400: InvalidRequestContent (not JSON, wrong types) or InvalidParameter (a rule; target names the member)"),
                         noJob, .error(409, "409: InvalidJobState (not the state the step starts from)"),
                         Self.tooLarge, Self.internalError]
        return [
            Operation(method: "get", path: "/healthz", operationId: "Health_Root", tag: "Simulator",
                      summary: "Daemon health (same as \(v1)/healthz).", replies: health),
            Operation(method: "get", path: "\(v1)/healthz", operationId: "Health", tag: "Simulator",
                      summary: "Daemon health, clock and ARM scope.", replies: health),
            Operation(method: "get", path: "\(v1)/openapi.json", operationId: "OpenAPI", tag: "Simulator",
                      summary: "This document, for the listener it is served on.",
                      replies: [Reply(status: 200, description: "An OpenAPI 3.0 document.",
                                      content: ("application/json", JSONSchema.object([("openapi", .string()), ("paths", .map(.any))],
                                                                                      required: ["openapi", "info", "paths"])))]),
            Operation(method: "get", path: "\(v1)/jobs", operationId: "Summaries_List", tag: "Simulator",
                      summary: "Every job with its drives in both vocabularies (Classic state, Preview status).",
                      replies: [.json(200, "JobSummaryList", "The jobs, oldest first."), Self.internalError]),
            Operation(method: "get", path: "\(v1)/jobs/{jobName}", operationId: "Summaries_Get", tag: "Simulator",
                      summary: "One job in both vocabularies.",
                      replies: [.json(200, "JobSummary", "The job."), noJob, Self.internalError]),
            Operation(method: "get", path: "\(v1)/jobs/{jobName}/drives", operationId: "Drives_List", tag: "Simulator",
                      summary: "A job's drives: both vocabularies, failure state and reason, bytes, percent, log links.",
                      replies: [.json(200, "DriveDetailList", "The drives."), noJob, Self.internalError]),
            Operation(method: "get", path: "\(v1)/jobs/{jobName}/drives/{driveId}", operationId: "Drives_Get", tag: "Simulator",
                      summary: "One drive.",
                      replies: [.json(200, "DriveDetail", "The drive."), .error(404, "404: ResourceNotFound (no such job or drive)"),
                                Self.internalError]),
            Operation(method: "get", path: "\(v1)/jobs/{jobName}/drives/{driveId}/logs/{kind}", operationId: "DriveLogs_Get",
                      tag: "Simulator", summary: "A drive's published error or verbose log (DriveLog XML).",
                      replies: [.text(200, "application/xml", "The log, as published into the target."),
                                .error(400, "400: InvalidParameter (kind is not error or verbose)"),
                                .error(404, "404: ResourceNotFound (no such job or drive, or no such log yet)"), Self.internalError]),
            Operation(method: "get", path: "\(v1)/extra-drives", operationId: "ExtraDrives_List", tag: "Simulator",
                      summary: "Attached drives that no job lists (never processed).",
                      replies: [.json(200, "ExtraDriveList", "The extra drives."), Self.internalError]),
            Operation(method: "get", path: "\(v1)/media", operationId: "Media_List", tag: "Simulator",
                      summary: "Attached drives the intake admitted.", replies: [.json(200, "MediaList", "The media (an array).")]),
            Operation(method: "get", path: "\(v1)/clock", operationId: "Clock_Get", tag: "Simulator",
                      summary: "The simulated clock.", replies: [.json(200, "Clock", "The clock.")]),
            Operation(method: "post", path: "\(v1)/sim/advance", operationId: "Sim_Advance", tag: "Simulator",
                      summary: "Move simulated time forward; due lifecycle timers fire.", body: "AdvanceRequest",
                      replies: [.json(200, "Clock", "The clock after the step."),
                                .error(400, "400: InvalidRequestContent or InvalidParameter (duration)"),
                                .error(409, "409: Conflict (the clock would pass 9999-12-31T23:59:59.999Z)"),
                                Self.tooLarge, Self.internalError]),
            Operation(method: "post", path: "\(v1)/sim/deliver", operationId: "Sim_Deliver", tag: "Simulator",
                      summary: "A job's package arrives with these drives.", body: "DeliverRequest", replies: simulated),
            Operation(method: "post", path: "\(v1)/sim/ship-back", operationId: "Sim_ShipBack", tag: "Simulator",
                      summary: "Hand the drives to the return carrier.", body: "ShipBackRequest", replies: simulated),
            Operation(method: "get", path: "\(v1)/storage-accounts", operationId: "StorageAccounts_List", tag: "Storage accounts",
                      summary: "The storage accounts the Blob endpoint serves (names only).",
                      replies: [.json(200, "StorageAccountList", "The accounts."),
                                .error(409, "409: Conflict (no storage accounts are served)"), Self.internalError]),
            Operation(method: "post", path: "\(v1)/storage-accounts/{account}", operationId: "StorageAccounts_Ensure",
                      tag: "Storage accounts",
                      summary: "The account's connection string (with its key), the account created on first use.",
                      replies: [.json(200, "StorageAccount", "The account, which existed."),
                                .json(201, "StorageAccount", "The account, created now."),
                                .error(400, "400: InvalidParameter (3-24 lower-case letters and digits)"),
                                .error(409, "409: Conflict (no storage accounts are served, or the Blob endpoint is off)"),
                                Self.internalError]),
        ]
    }

    var publishingOperations: [Operation] {
        let vocabulary = Parameter.query("vocabulary", .string(),
                                         "classic (the default) or preview, in any case; any other value shows classic.")
        let dashboardError = Reply.html(500, "The daemon could not answer (HTML).")
        return [
            Operation(method: "get", path: "\(Self.v1)/events", operationId: "Events_Stream", tag: "Publishing",
                      summary: "Server-Sent Events: lifecycle events (resumable) and live progress.",
                      parameters: [
                        .query("after", .string(pattern: SchemaPatterns.eventId),
                               "Resume after this lifecycle event id (Last-Event-ID wins); without either, a snapshot starts the stream."),
                        .query("job", .string(), "Only this job's events (case-insensitive)."),
                        .header("Last-Event-ID", .string(pattern: SchemaPatterns.eventId),
                                "The last event id the client has (browsers send it when they reconnect)."),
                      ],
                      replies: [Reply(status: 200, description: "The stream; it ends when the client goes away or the daemon stops.",
                                      content: ("text/event-stream", .ref("Event"))),
                                .error(400, "400: InvalidParameter (after or Last-Event-ID is not an event id)"),
                                .error(503, "503: ServerBusy (api.max_event_streams streams are open)")]),
            Operation(method: "get", path: "/metrics", operationId: "Metrics", tag: "Publishing", summary: "Prometheus exposition.",
                      replies: [.text(200, "text/plain", "Metrics, text format 0.0.4."), Self.internalError]),
            Operation(method: "get", path: "/", operationId: "Dashboard_Jobs", tag: "Dashboard", summary: "Web dashboard: the job list.",
                      parameters: [vocabulary], replies: [.html(200, "The page."), dashboardError]),
            Operation(method: "get", path: "/jobs/{jobName}", operationId: "Dashboard_Job", tag: "Dashboard",
                      summary: "Web dashboard: one job and its drives.", parameters: [vocabulary],
                      replies: [.html(200, "The page."), .html(404, "No such job (an HTML page linking back to the list)."),
                                dashboardError]),
            Operation(method: "get", path: "/static/dashboard.js", operationId: "Dashboard_Script", tag: "Dashboard",
                      summary: "The dashboard's live-update script.", replies: [.text(200, "text/javascript", "The script.")]),
            Operation(method: "get", path: "/static/dashboard.css", operationId: "Dashboard_Style", tag: "Dashboard",
                      summary: "The dashboard's style sheet.", replies: [.text(200, "text/css", "The style sheet.")]),
        ]
    }
}
