extension JobLifecycle {
    /// PUT with a new name (J1): the job in `Creating`, every import drive `Specified`,
    /// `cancelRequested` false, the 14-day awaiting-shipment timer running.
    /// `activeJobs`: the subscription's jobs not yet finished, for the optional limit (§13).
    public func create(_ request: JobCreation, at now: Instant, activeJobs: Int = 0) throws(LifecycleRefusal) -> JobStep {
        if let problem = JobName.problem(request.name) {
            throw LifecycleRefusal(.invalidParameter, problem, target: "jobName")
        }
        if let refusal = ScopeNames.refusal(request.scope) { throw refusal }
        if let limit = configuration.activeJobLimit, activeJobs >= limit {
            throw LifecycleRefusal(.quotaExceeded,
                                   "The subscription has \(activeJobs) active jobs; the limit is \(limit). Complete or delete a job first.")
        }
        try CreationValidation(configuration).check(request)
        var job = Job(scope: request.scope, name: request.name, type: request.type, location: request.location,
                      storageAccountId: request.storageAccountId, createdAt: now)
        apply(request, to: &job)
        job.createdBy = request.actor
        job.lastModifiedBy = request.actor
        job.timers.start(.awaitingShipment, at: now, for: configuration.awaitingShipment)
        var editor = editor(job)
        editor.record(.jobCreated, at: now)
        return editor.step
    }

    /// PUT with the name of an existing job (rest-api.md §3.1): allowed only in `Creating`
    /// (else 409 `Conflict`); replaces the client-settable fields and restarts the 14-day timer.
    /// An omitted `encryptionKey` keeps the job's key; a customer-managed key cannot go back.
    public func replace(_ existing: Job, with request: JobCreation, at now: Instant) throws(LifecycleRefusal) -> JobStep {
        guard existing.key == JobKey(scope: request.scope, name: request.name) else {
            throw LifecycleRefusal(.invalidParameter, "The request names job '\(JobKey(scope: request.scope, name: request.name))', not '\(existing.key)'.",
                                   target: "jobName")
        }
        guard existing.state == .creating else {
            throw LifecycleRefusal(.conflict,
                                   "A job named '\(existing.name)' exists in state '\(existing.state.classic(canceledAs: configuration.canceledJobSpelling))'. A job can be replaced only while 'Creating'; to reuse the name, wait until it is finished and delete it.")
        }
        var request = request
        if request.encryptionKey == nil { request.encryptionKey = existing.encryptionKey }
        if existing.encryptionKey.kekType == .customerManaged, request.encryptionKey?.kekType == .microsoftManaged {
            throw LifecycleRefusal(.kekTypeChangeNotAllowed,
                                   "The job uses a customer-managed key; it cannot go back to a Microsoft-managed key.",
                                   target: "properties.encryptionKey.kekType")
        }
        try CreationValidation(configuration).check(request)
        var job = Job(scope: existing.scope, name: existing.name, type: request.type, location: request.location,
                      storageAccountId: request.storageAccountId, createdAt: existing.timestamps.createdAt)
        apply(request, to: &job)
        job.createdBy = existing.createdBy
        job.lastModifiedBy = request.actor
        job.timestamps.lastModifiedAt = now
        job.fault = existing.fault
        job.timers.start(.awaitingShipment, at: now, for: configuration.awaitingShipment)
        var editor = editor(job)
        editor.record(.jobReplaced, at: now)
        return editor.step
    }

    private func apply(_ request: JobCreation, to job: inout Job) {
        job.tags = request.tags
        job.identity = request.identity ?? JobIdentity()
        job.encryptionKey = request.encryptionKey ?? .microsoftManaged
        job.returnAddress = request.returnAddress
        job.returnShipping = request.returnShipping
        job.shippingInformation = request.shippingInformation
        job.deliveryPackage = request.deliveryPackage
        job.diagnosticsPath = request.diagnosticsPath ?? Job.defaultDiagnosticsPath
        job.logLevel = request.logLevel ?? .error
        job.backupDriveManifest = request.backupDriveManifest ?? false
        job.export = request.export
        job.drives = request.type == .import ? request.drives.map(Drive.init(specification:)) : []
    }
}
